import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How a step ended, as its row stores it. */
export interface StepEnd {
  status: 'succeeded' | 'failed';
  renderedInput: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  output: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  mediaFileIds: readonly string[];
  error: string | null;
}

/** The steps a step's writes may change: not one that finished or was cancelled. */
const OPEN = `status IN ('pending', 'running', 'failed')`;

/**
 * The engine's writes of step rows, on its hot path: plain parameterised SQL, one statement each
 * (TypeORM's query building was, measured, a good part of what a step cost; see docs/performance.md
 * "Combinations engine", fifth round).
 */
@Injectable()
export class CombinationStepsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Marks a step running, with its rendered input; a step that finished or was cancelled stays as it is. */
  async markRunning(runId: string, stepId: string, renderedInput: string, startedAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE combination_run_steps SET status = 'running', rendered_input = $3, started_at = $4::timestamptz, error = NULL, output = NULL WHERE run_id = $1 AND step_id = $2 AND ${OPEN}`,
      [runId, stepId, renderedInput, startedAt.toISOString()],
    );
  }

  /**
   * Writes a step's end and adds its cost to the run's, in one statement (both or neither). Returns
   * false when the step was no longer open (cancelled meanwhile): nothing was written then.
   */
  async finish(runId: string, stepId: string, end: StepEnd): Promise<boolean> {
    const rows: Array<{ affected: number }> = await this.dataSource.query(
      `WITH step AS (
         UPDATE combination_run_steps
            SET status = $3, rendered_input = $4, started_at = $5::timestamptz, finished_at = $6::timestamptz, duration_ms = $7,
                output = $8, model = $9, input_tokens = $10, output_tokens = $11, cost_usd = $12::numeric, media_file_ids = $13::jsonb, error = $14
          WHERE run_id = $1 AND step_id = $2 AND ${OPEN}
         RETURNING run_id
       ), run AS (
         UPDATE combination_runs SET cost_usd = cost_usd + $12::numeric WHERE id IN (SELECT run_id FROM step) AND $12::numeric > 0
       )
       SELECT count(*)::int AS affected FROM step`,
      [
        runId,
        stepId,
        end.status,
        end.renderedInput,
        end.startedAt.toISOString(),
        end.finishedAt.toISOString(),
        end.durationMs,
        end.output,
        end.model,
        end.inputTokens,
        end.outputTokens,
        end.costUsd,
        JSON.stringify(end.mediaFileIds),
        end.error,
      ],
    );
    return Number(rows[0]?.affected ?? 0) > 0;
  }
}
