import { Injectable } from '@nestjs/common';
import type { Tool, ToolOutput } from '../tool';

/** The date and time now, anywhere: models do not know it, and guess wrong. */
@Injectable()
export class CurrentTimeTool implements Tool {
  readonly name = 'current_time';
  readonly description =
    'The current date and time: the exact instant (ISO 8601, UTC) and the local date, time, weekday and UTC offset in a time zone. Use it whenever the answer depends on today\'s date or the time somewhere.';
  readonly parameters = {
    type: 'object',
    properties: { timeZone: { type: 'string', maxLength: 64, description: 'An IANA time zone such as "Europe/Paris" or "America/New_York"; UTC when omitted' } },
    additionalProperties: false,
  };

  /** The clock, replaceable in tests. */
  clock: () => Date = () => new Date();

  async run(args: Record<string, unknown>): Promise<ToolOutput> {
    const requested = typeof args['timeZone'] === 'string' && args['timeZone'].trim() ? args['timeZone'].trim() : 'UTC';
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: requested,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        weekday: 'long',
        timeZoneName: 'longOffset',
      });
    } catch {
      throw new Error(`Unknown time zone "${requested}": give an IANA name such as "Europe/Paris", "Asia/Tokyo" or "UTC"`);
    }
    const now = this.clock();
    const parts = Object.fromEntries(format.formatToParts(now).map((part) => [part.type, part.value]));
    // ICU spells the zone canonically ("europe/paris" -> "Europe/Paris") but also renames some
    // ("Asia/Kolkata" -> "Asia/Calcutta"): keep the asker's name unless only its case differs.
    const resolved = format.resolvedOptions().timeZone;
    const timeZone = resolved.toLowerCase() === requested.toLowerCase() ? resolved : requested;
    // "GMT+05:30" -> "+05:30"; plain "GMT" is UTC itself.
    const utcOffset = /^GMT([+-]\d{2}:\d{2})$/.exec(parts['timeZoneName'] ?? '')?.[1] ?? '+00:00';
    const localDate = `${parts['year']}-${parts['month']}-${parts['day']}`;
    const localTime = `${parts['hour']}:${parts['minute']}:${parts['second']}`;
    const result = { utc: now.toISOString(), timeZone, localDate, localTime, weekday: parts['weekday'], utcOffset, local: `${localDate}T${localTime}${utcOffset}` };
    return {
      content: JSON.stringify(result),
      summary: `${parts['weekday']} ${localDate} ${localTime.slice(0, 5)} (${timeZone}, UTC${utcOffset})`,
      summaryKey: 'currentTime',
      params: { date: localDate, time: localTime.slice(0, 5), timeZone, offset: utcOffset },
    };
  }
}
