import { Injectable } from '@nestjs/common';
import { DataSource, type EntityMetadata } from 'typeorm';
import type { DialogueLine } from './voice-dialogue.service';
import { VoiceAssistant, VoiceCall } from './voice.entities';

/** What one gathered turn writes, all or nothing, when it claims the turn. */
export interface TurnClaim {
  callId: string;
  turn: number;
  /** The caller's words ('' for silence: no line). */
  speech: string;
  silentTurns: number;
  /** The assistant's line decided before any model runs (a silence prompt, the goodbye phrase); null when the model answers. */
  reply: string | null;
  endedReason: 'goodbye' | 'silence' | 'time_limit' | null;
  /** The model answers this turn (`answerTurn` follows): the dialogue before it is read back in the same statement. */
  modelAnswers: boolean;
}

/** A turn claimed: the dialogue before it (when asked for). */
export interface ClaimedTurn {
  history: DialogueLine[];
}

/**
 * The call loop's reads and writes on Twilio's webhooks, in plain SQL, one statement per step: a
 * webhook's answer time was mostly database round trips and commits (each commit waits for the WAL's
 * fsync: a fraction of a millisecond on a quiet disk, several on a busy one), so a webhook now writes
 * once where it can (see docs/performance.md "Voice webhooks", "Fewer statements").
 */
@Injectable()
export class VoiceCallsRepository {
  private readonly callColumns: string;
  private readonly assistantColumns: string;

  constructor(private readonly dataSource: DataSource) {
    this.callColumns = selectList(dataSource.getMetadata(VoiceCall), 'c', '');
    this.assistantColumns = selectList(dataSource.getMetadata(VoiceAssistant), 'a', 'a.');
  }

  /** The call of a CallSid with its assistant (null when it has none any more), in one read. */
  async callWithAssistant(callSid: string): Promise<{ call: VoiceCall; assistant: VoiceAssistant | null } | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${this.callColumns}, ${this.assistantColumns} FROM voice_calls c LEFT JOIN voice_assistants a ON a.id = c.assistant_id WHERE c.call_sid = $1`, [callSid]);
    if (!row) return undefined;
    const { call, assistant } = split<VoiceCall>(row);
    return { call, assistant };
  }

  /**
   * What an incoming call's webhook needs, in one read: the call of the CallSid when it is known (a
   * call Webox placed, or a webhook re-sent) with its assistant (null when it has none any more);
   * otherwise the assistant answering the number `to`, only if its owner's Twilio account (or the
   * workspace's, when the owner has none) is the one calling.
   */
  async incomingCall(callSid: string, to: string, accountSid: string): Promise<{ call: VoiceCall | undefined; assistant: VoiceAssistant | null }> {
    const [row] = await this.dataSource.query(
      `SELECT ${this.callColumns}, ${this.assistantColumns}
         FROM (SELECT 1) one
         LEFT JOIN voice_calls c ON c.call_sid = $1
         LEFT JOIN voice_assistants a ON a.id = CASE WHEN c.id IS NOT NULL THEN c.assistant_id ELSE (
           SELECT n.id FROM voice_assistants n
            WHERE n.phone_number = $2 AND $2 <> ''
              AND (SELECT t.account_sid FROM voice_twilio_connections t WHERE t.owner_id = n.owner_id OR t.owner_id IS NULL ORDER BY t.owner_id NULLS LAST LIMIT 1) = $3
            LIMIT 1) END`,
      [callSid, to, accountSid],
    );
    const { call, assistant } = split<VoiceCall>(row);
    return { call: call.id ? call : undefined, assistant };
  }

  /**
   * Opens an incoming call with its greeting line, in one statement; undefined when the CallSid is
   * already known (a retried or concurrent webhook opened it first).
   */
  async openIncoming(values: { ownerId: string; assistantId: string; callSid: string; from: string; to: string; greeting: string; at: Date }): Promise<VoiceCall | undefined> {
    const [row] = await this.dataSource.query(
      `WITH opened AS (
         INSERT INTO voice_calls (owner_id, assistant_id, call_sid, direction, from_number, to_number, status, turn, silent_turns, input_tokens, output_tokens, cost_usd, started_at)
         VALUES ($1, $2, $3, 'inbound', $4, $5, 'in-progress', 0, 0, 0, 0, 0, $7::timestamptz)
         ON CONFLICT (call_sid) DO NOTHING
         RETURNING *
       ), greeting AS (
         INSERT INTO voice_call_turns (call_id, turn, role, text, at) SELECT id, 0, 'assistant', $6, $7::timestamptz FROM opened ON CONFLICT DO NOTHING
       )
       SELECT ${this.callColumns} FROM opened c`,
      [values.ownerId, values.assistantId, values.callSid, values.from, values.to, values.greeting, values.at.toISOString()],
    );
    return row ? split<VoiceCall>(row).call : undefined;
  }

  /**
   * Claims a gathered turn (the call's turn counter moves from below `turn` to `turn`) and writes what
   * the turn already knows — the caller's line, the silence counter, a decided reply and the call's end
   * reason — in one statement, so a retried webhook applies nothing twice. Undefined when another
   * delivery claimed the turn (or a later one) first.
   *
   * The turn's writes (this claim, then `answerTurn`) commit asynchronously: `synchronous_commit =
   * off` for their own transaction (`set_config(…, true)` in the statement: the implicit transaction
   * of one statement, no BEGIN/COMMIT round trips). The caller is waiting in silence for the TwiML,
   * and a commit that waits for the WAL's fsync put the disk's worst moments (30–60 ms here) into
   * that silence. Each write is visible to other sessions at once (a retried delivery sees the claim
   * and waits for the answer); the WAL writer makes it durable within a fraction of a second
   * (3 × `wal_writer_delay` at most). What a crash of PostgreSQL in that window can lose is the last
   * turn's lines, never the call: the caller already heard the answer, the turn counter falls back
   * with them, and the next gather claims over the gap (`turn < $2`, not `= $2 - 1`), so the call
   * goes on without the lost exchange in its transcript. The call's opening and its final status
   * stay synchronous (a lost opening would hang up on the caller; Twilio sends a status only once).
   */
  async claimTurn(claim: TurnClaim, at: Date): Promise<ClaimedTurn | undefined> {
    const lines = [...(claim.speech ? [{ role: 'caller', text: claim.speech }] : []), ...(claim.reply !== null ? [{ role: 'assistant', text: claim.reply }] : [])];
    const historyQuery = claim.modelAnswers
      ? `(SELECT coalesce(json_agg(json_build_object('role', h.role, 'text', h.text) ORDER BY h.turn, h.role DESC), '[]') FROM voice_call_turns h WHERE h.call_id = $1 AND h.turn > 0 AND h.turn < $2)`
      : `'[]'::json`;
    const [row] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE voice_calls SET turn = $2, silent_turns = $3, ended_reason = coalesce($4, ended_reason)
          WHERE id = $1 AND turn < $2
         RETURNING id
       ), lines AS (
         INSERT INTO voice_call_turns (call_id, turn, role, text, at)
         SELECT claimed.id, $2, line.role, line.text, $7::timestamptz FROM claimed, unnest($5::varchar[], $6::text[]) AS line(role, text)
         ON CONFLICT DO NOTHING
       )
       SELECT ${historyQuery} AS history, set_config('synchronous_commit', 'off', true) AS async_commit FROM claimed`,
      [claim.callId, claim.turn, claim.silentTurns, claim.endedReason, lines.map((line) => line.role), lines.map((line) => line.text), at.toISOString()],
    );
    if (!row) return undefined;
    const history = typeof row.history === 'string' ? JSON.parse(row.history) : row.history;
    return { history: history as DialogueLine[] };
  }

  /**
   * The assistant's answer to a claimed turn and what it cost, in one statement, committed
   * asynchronously like the claim (see `claimTurn`). Written only over its claim (the call's turn
   * counter at this turn or past it): false when the claim is not there — lost in a crash of the
   * database after the model was asked — and nothing is written.
   */
  async answerTurn(callId: string, turn: number, text: string, at: Date, cost: { inputTokens: number; outputTokens: number; costUsd: number }): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH answered AS (
         UPDATE voice_calls SET input_tokens = input_tokens + $5, output_tokens = output_tokens + $6, cost_usd = cost_usd + $7 WHERE id = $1 AND turn >= $2 RETURNING id
       ), line AS (
         INSERT INTO voice_call_turns (call_id, turn, role, text, at) SELECT id, $2, 'assistant', $3, $4::timestamptz FROM answered ON CONFLICT DO NOTHING
       )
       SELECT id, set_config('synchronous_commit', 'off', true) AS async_commit FROM answered`,
      [callId, turn, text, at.toISOString(), Math.round(cost.inputTokens), Math.round(cost.outputTokens), Number(cost.costUsd) || 0],
    );
    return rows.length > 0;
  }

  /**
   * Closes a call once: its final status and end, and the count of its transcript lines for the
   * event, in one statement. Undefined when it was already closed.
   */
  async finish(callId: string, set: { status: string; durationSeconds: number | null; price: string | null; priceUnit: string | null }, at: Date): Promise<{ call: VoiceCall; lines: number } | undefined> {
    const [row] = await this.dataSource.query(
      `WITH closed AS (
         UPDATE voice_calls SET status = $2, duration_seconds = $3, price = $4, price_unit = $5, ended_at = $6::timestamptz WHERE id = $1 AND ended_at IS NULL RETURNING *
       )
       SELECT ${this.callColumns}, (SELECT count(*)::int FROM voice_call_turns t WHERE t.call_id = c.id) AS "lines" FROM closed c`,
      [callId, set.status, set.durationSeconds, set.price, set.priceUnit, at.toISOString()],
    );
    if (!row) return undefined;
    const { lines, ...call } = split<VoiceCall & { lines: number }>(row).call;
    return { call, lines: Number(lines) };
  }
}

/** `alias.column AS "prefix+property"` for every column of an entity: rows come back with the entity's property names. */
function selectList(metadata: EntityMetadata, alias: string, prefix: string): string {
  return metadata.columns.map((column) => `${alias}.${column.databaseName} AS "${prefix}${column.propertyName}"`).join(', ');
}

/** A row split into the call's properties and the assistant's (`a.`-prefixed; null when the join found none). */
function split<Call = Record<string, unknown>>(row: Record<string, unknown>): { call: Call; assistant: VoiceAssistant | null } {
  const call: Record<string, unknown> = {};
  const assistant: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('a.')) assistant[key.slice(2)] = value;
    else call[key] = value;
  }
  return { call: call as Call, assistant: assistant['id'] ? (assistant as unknown as VoiceAssistant) : null };
}
