import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { findModel } from '../../ai/models';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { AgentsService } from '../agents/agents.service';
import { AGENT_TYPES } from '../agents/dto/agent.dto';
import { MediaService } from '../media/media.service';
import { CombinationErrorCode } from './combinations.errors';
import type { WorkflowDefinition } from './engine/workflow-definition';
import { validateWorkflow } from './engine/workflow-validator';

const invalidInput = (field: string, message: string) => new DomainError('invalid', CombinationErrorCode.INVALID_INPUTS, message, [{ field, message }]);

/**
 * What is checked of a workflow at save and at execute: its shape and templates
 * (`validateWorkflow`), then what only the user's data can tell: the agents its steps name. And a
 * run's inputs against the workflow's declarations.
 */
@Injectable()
export class WorkflowChecks {
  constructor(
    private readonly agents: AgentsService,
    private readonly media: MediaService,
  ) {}

  async definition(user: AuthUser, body: unknown): Promise<WorkflowDefinition> {
    const definition = validateWorkflow(body, { hasModel: (id, capability) => Boolean(findModel(id, capability)) });
    for (const [index, step] of definition.steps.entries()) {
      if (step.kind !== 'agent') continue;
      const known = isUUID(step.agent!) ? await this.agents.get(user, step.agent!.toLowerCase()).then(() => true, () => false) : (AGENT_TYPES as readonly string[]).includes(step.agent!);
      if (!known) {
        const message = `Step "${step.id}": no agent "${step.agent}" of yours or built in (an agent id, or one of ${AGENT_TYPES.join(', ')})`;
        throw new DomainError('invalid', CombinationErrorCode.UNKNOWN_AGENT, message, [{ field: `steps.${index}.agent`, message }]);
      }
    }
    return definition;
  }

  /** The run's values: the declared inputs, given or defaulted, each of its type; anything undeclared is refused. */
  async inputs(user: AuthUser, definition: WorkflowDefinition, given: Record<string, unknown> = {}): Promise<Record<string, string | number>> {
    const declared = new Set(definition.inputs.map((input) => input.name));
    for (const name of Object.keys(given)) {
      if (!declared.has(name)) throw invalidInput(`inputs.${name}`, `The workflow declares no input "${name}"${declared.size ? ` (its inputs: ${[...declared].join(', ')})` : ''}`);
    }
    const values: Record<string, string | number> = {};
    for (const input of definition.inputs) {
      const field = `inputs.${input.name}`;
      const raw = given[input.name] ?? input.default;
      if (raw === undefined || raw === null || raw === '') {
        if (input.required) throw invalidInput(field, `The input "${input.name}" is required`);
        values[input.name] = '';
        continue;
      }
      if (typeof raw !== 'string' && typeof raw !== 'number') throw invalidInput(field, `The input "${input.name}" must be text or a number`);
      switch (input.type) {
        case 'number': {
          const value = typeof raw === 'number' ? raw : Number(raw.trim());
          if (!Number.isFinite(value) || (typeof raw === 'string' && !raw.trim())) throw invalidInput(field, `The input "${input.name}" must be a number`);
          values[input.name] = value;
          break;
        }
        case 'choice':
          if (!input.choices?.includes(String(raw))) throw invalidInput(field, `The input "${input.name}" must be one of ${input.choices?.join(', ')}`);
          values[input.name] = String(raw);
          break;
        case 'media': {
          const id = String(raw).toLowerCase();
          const owned = isUUID(id) && (await this.media.owned(user.id, id).then(() => true, () => false));
          if (!owned) throw invalidInput(field, `The input "${input.name}" must be the id of a file in your media library`);
          values[input.name] = id;
          break;
        }
        case 'text':
          if (String(raw).length > 100_000) throw invalidInput(field, `The input "${input.name}" is longer than 100000 characters`);
          values[input.name] = String(raw);
          break;
      }
    }
    return values;
  }
}
