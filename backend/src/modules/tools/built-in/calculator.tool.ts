import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Tool, ToolContext, ToolOutput } from '../tool';
import { MathWorker } from './math-worker';

/** Exact arithmetic for the model, which is poor at it: units, matrices and functions included. */
@Injectable()
export class CalculatorTool implements Tool, OnModuleDestroy {
  readonly name = 'calculator';
  readonly description =
    'Evaluates a math expression exactly (mathjs syntax): arithmetic, percentages as "17.5 / 100 * 2340", powers, sqrt, trigonometry, log, units ("5 km + 300 m to mi"), matrices ("det([1,2;3,4])"). Use it for any calculation instead of computing in your head. Returns the result only.';
  readonly parameters = {
    type: 'object',
    properties: { expression: { type: 'string', minLength: 1, maxLength: 500, description: 'The expression, e.g. "17.5 / 100 * 2340"' } },
    required: ['expression'],
    additionalProperties: false,
  };

  private readonly math = new MathWorker();

  async run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput> {
    const expression = String(args['expression']).trim();
    let result: string;
    try {
      result = await this.math.evaluate(expression, context.signal);
    } catch (error) {
      if (context.signal.aborted) throw error;
      throw new Error(`Could not calculate "${expression}": ${(error as Error).message}`);
    }
    return { content: result, summary: `${expression} = ${result}` };
  }

  async onModuleDestroy(): Promise<void> {
    await this.math.stop();
  }
}
