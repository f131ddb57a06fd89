import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { containsPattern } from '../../common/sql-like';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { skipTake } from '../../common/pagination';
import { COMBINATION_TEMPLATES } from './combination-templates';
import { CombinationErrorCode } from './combinations.errors';
import { toWorkflowBody, toWorkflowDto } from './combinations.mapper';
import type { CombinationTemplateDto, SaveWorkflowDto, WorkflowBodyDto, WorkflowDto, WorkflowExportDto, WorkflowPageDto, WorkflowQueryDto } from './dto/workflow.dto';
import type { WorkflowDefinition } from './engine/workflow-definition';
import { WorkflowChecks } from './workflow-checks.service';
import { Workflow } from './workflow.entity';

/** Saved workflows: each user's own, checked at every save; and the templates to start from. */
@Injectable()
export class CombinationsService {
  constructor(
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    private readonly checks: WorkflowChecks,
  ) {}

  templates(): CombinationTemplateDto[] {
    return COMBINATION_TEMPLATES.map((template) => ({ ...template, workflow: toWorkflowBody(template.workflow) }));
  }

  async list(user: AuthUser, query: WorkflowQueryDto): Promise<WorkflowPageDto> {
    const builder = this.workflows.createQueryBuilder('workflow').where('workflow.owner_id = :owner', { owner: user.id });
    if (query.q?.trim()) {
      const words = containsPattern(query.q.trim());
      builder.andWhere(new Brackets((where) => where.where('workflow.name ILIKE :words', { words }).orWhere('workflow.description ILIKE :words', { words })));
    }
    const { skip, take } = skipTake(query);
    const [rows, total] = await builder.orderBy('workflow.updated_at', 'DESC').addOrderBy('workflow.id', 'ASC').skip(skip).take(take).getManyAndCount();
    return { items: rows.map(toWorkflowDto), total, page: query.page, limit: query.limit };
  }

  async get(user: AuthUser, id: string): Promise<WorkflowDto> {
    return toWorkflowDto(await this.owned(user, id));
  }

  async create(user: AuthUser, body: WorkflowBodyDto | Record<string, unknown>): Promise<WorkflowDto> {
    const definition = await this.checks.definition(user, body);
    return toWorkflowDto(await this.workflows.save(this.workflows.create({ ownerId: user.id, ...columns(definition) })));
  }

  async update(user: AuthUser, id: string, body: WorkflowBodyDto): Promise<WorkflowDto> {
    const workflow = await this.owned(user, id);
    Object.assign(workflow, columns(await this.checks.definition(user, body)));
    return toWorkflowDto(await this.workflows.save(workflow));
  }

  /** The audit's `POST /api/combinations/save`: creates, or with an id changes one of mine. */
  save(user: AuthUser, { id, ...body }: SaveWorkflowDto): Promise<WorkflowDto> {
    return id ? this.update(user, id, body) : this.create(user, body);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    await this.workflows.remove(await this.owned(user, id));
  }

  async duplicate(user: AuthUser, id: string): Promise<WorkflowDto> {
    const source = await this.owned(user, id);
    const copy = this.workflows.create({ ownerId: user.id, name: `${source.name.slice(0, 113)} (copy)`, description: source.description, definition: source.definition });
    return toWorkflowDto(await this.workflows.save(copy));
  }

  async export(user: AuthUser, id: string): Promise<WorkflowExportDto> {
    return { version: 1, exportedAt: new Date(), workflow: toWorkflowBody(this.definitionOf(await this.owned(user, id))) };
  }

  /** A workflow the caller may run: theirs, checked again (a model may have left the catalogue since it was saved). */
  async runnable(user: AuthUser, id: string): Promise<{ id: string; definition: WorkflowDefinition }> {
    const workflow = await this.owned(user, id);
    return { id: workflow.id, definition: await this.checks.definition(user, toWorkflowBody(this.definitionOf(workflow))) };
  }

  /**
   * One of my workflows by id or by name (case aside), for callers that name it in words (the
   * `run_workflow` tool). Not found: a 404 whose message lists my workflows and their inputs.
   */
  async resolve(user: AuthUser, ref: string): Promise<{ id: string; name: string }> {
    const byId = isUUID(ref) ? await this.workflows.findOneBy({ id: ref.toLowerCase(), ownerId: user.id }) : null;
    const found = byId ?? (await this.workflows.createQueryBuilder('workflow').where('workflow.owner_id = :owner AND lower(workflow.name) = lower(:name)', { owner: user.id, name: ref }).orderBy('workflow.updated_at', 'DESC').getOne());
    if (found) return { id: found.id, name: found.name };
    const mine = await this.workflows.find({ where: { ownerId: user.id }, order: { updatedAt: 'DESC' }, take: 20 });
    const listed = mine.map((workflow) => `"${workflow.name}" (inputs: ${workflow.definition.inputs.map((input) => `${input.name}${input.required ? '*' : ''}`).join(', ') || 'none'})`).join('; ');
    throw new DomainError('not_found', CombinationErrorCode.WORKFLOW_NOT_FOUND, `No workflow of yours is named "${ref}". ${mine.length ? `Your workflows: ${listed}` : 'You have no saved workflow yet'}`);
  }

  private definitionOf(workflow: Workflow): WorkflowDefinition {
    return { name: workflow.name, ...(workflow.description ? { description: workflow.description } : {}), ...workflow.definition };
  }

  private async owned(user: AuthUser, id: string): Promise<Workflow> {
    const workflow = await this.workflows.findOneBy({ id, ownerId: user.id });
    if (!workflow) throw notFound(CombinationErrorCode.WORKFLOW_NOT_FOUND, 'Workflow');
    return workflow;
  }
}

function columns(definition: WorkflowDefinition): Pick<Workflow, 'name' | 'description' | 'definition'> {
  return { name: definition.name, description: definition.description ?? '', definition: { inputs: definition.inputs, steps: definition.steps } };
}
