import { Injectable } from '@nestjs/common';
import type { Tool, ToolContext, ToolOutput } from '../../tools/tool';
import { PipedreamService } from './pipedream.service';

/** What the model reads of a workflow's answer at most. */
const CONTENT_CHARS = 8_000;

/** Runs one of the user's Pipedream workflows (POST JSON to its HTTP trigger) and gives back what it answered. */
@Injectable()
export class RunPipedreamWorkflowTool implements Tool {
  readonly name = 'run_pipedream_workflow';
  readonly description =
    "Runs one of the user's Pipedream workflows by sending a JSON body to its HTTP trigger, and returns the workflow's answer. Use it when the user asks to run, trigger or send something to a Pipedream workflow. `workflow` is the workflow's HTTP trigger URL or its endpoint id (en…).";
  readonly parameters = {
    type: 'object',
    properties: {
      workflow: { type: 'string', minLength: 1, maxLength: 2000, description: 'The HTTP trigger URL (https://en….m.pipedream.net) or endpoint id (en…)' },
      body: { type: 'object', description: 'The JSON object sent to the workflow', additionalProperties: true },
    },
    required: ['workflow'],
    additionalProperties: false,
  };

  constructor(private readonly pipedream: PipedreamService) {}

  async run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput> {
    const result = await this.pipedream.invoke(context.user, String(args['workflow']), args['body'] ?? {}, context.signal);
    const content = result.body.trim() || `(the workflow answered ${result.status} with no body)`;
    return { content: content.slice(0, CONTENT_CHARS), summary: `Pipedream workflow answered ${result.status}`, summaryKey: 'pipedreamAnswered', params: { status: result.status } };
  }
}
