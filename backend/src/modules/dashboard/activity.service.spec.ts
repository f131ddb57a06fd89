import { EventEmitter2 } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { EventsModule } from '../../events/events.module';
import { ActivityEvent } from './activity-event.entity';
import { SUMMARY_MAX_FIELDS, SUMMARY_MAX_STRING, summarizeActivity } from './activity-summary';
import { ACTIVITY_PRUNE_EVERY, ActivityService } from './activity.service';

const USER = '11111111-2222-4333-8444-555555555555';

describe(ActivityService.name, () => {
  const start = async () => {
    const inserted: ActivityEvent[] = [];
    const repository = {
      create: (fields: Partial<ActivityEvent>) => ({ ...fields }) as ActivityEvent,
      insert: jest.fn(async (row: ActivityEvent) => void inserted.push(row)),
      query: jest.fn(async () => []),
    };
    const moduleRef = await Test.createTestingModule({ imports: [EventsModule], providers: [ActivityService, { provide: getRepositoryToken(ActivityEvent), useValue: repository }] }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    return { emitter: moduleRef.get(EventEmitter2), inserted, repository, close: () => moduleRef.close() };
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('stores an event of any name, known to no one, from its payload alone', async () => {
    const { emitter, inserted, repository, close } = await start();
    emitter.emit('made-up.happened', { userId: USER, occurredAt: '2026-12-01T10:00:00.000Z', thingId: 't-1', title: 'A thing', parts: [1, 2, 3], nested: { ignored: true } });
    expect(inserted).toEqual([]);
    await settle();
    expect(inserted).toEqual([{ userId: USER, name: 'made-up.happened', occurredAt: new Date('2026-12-01T10:00:00.000Z'), summary: { thingId: 't-1', title: 'A thing', partsCount: 3 } }]);
    // The user's first event prunes their rows.
    expect(repository.query).toHaveBeenCalledWith(expect.stringContaining('DELETE FROM activity_events'), [USER, 90, 500]);
    await close();
  });

  it('prunes a user\'s rows on the first event, then once every ACTIVITY_PRUNE_EVERY events, not on each', async () => {
    const { emitter, inserted, repository, close } = await start();
    for (let i = 0; i <= ACTIVITY_PRUNE_EVERY; i++) emitter.emit('made-up.tick', { userId: USER });
    await settle();
    expect(inserted).toHaveLength(ACTIVITY_PRUNE_EVERY + 1);
    expect(repository.query).toHaveBeenCalledTimes(2);
    await close();
  });

  it('does not store an event already older than the feed keeps', async () => {
    const { emitter, inserted, close } = await start();
    emitter.emit('made-up.ancient', { userId: USER, occurredAt: new Date(Date.now() - 91 * 86_400_000).toISOString() });
    await settle();
    expect(inserted).toEqual([]);
    await close();
  });

  it('skips an event whose payload names no user', async () => {
    const { emitter, inserted, close } = await start();
    emitter.emit('made-up.system', { occurredAt: new Date().toISOString(), jobId: 'j' });
    emitter.emit('made-up.other', { senderId: USER });
    emitter.emit('made-up.bad', { userId: 'not-a-uuid' });
    emitter.emit('made-up.none');
    await settle();
    expect(inserted).toEqual([]);
    await close();
  });

  it('stops listening when the module closes', async () => {
    const { emitter, inserted, close } = await start();
    await close();
    emitter.emit('made-up.late', { userId: USER });
    await settle();
    expect(inserted).toEqual([]);
  });
});

describe(summarizeActivity.name, () => {
  it('keeps scalar facts, cuts long strings and bounds the number of fields', () => {
    const payload: Record<string, unknown> = { userId: USER, occurredAt: 'x', long: 'y'.repeat(1000) };
    for (let i = 0; i < 30; i++) payload[`field${i}`] = i;
    const summary = summarizeActivity(payload);
    expect(summary['userId']).toBeUndefined();
    expect(summary['occurredAt']).toBeUndefined();
    expect(String(summary['long'])).toHaveLength(SUMMARY_MAX_STRING);
    expect(Object.keys(summary)).toHaveLength(SUMMARY_MAX_FIELDS);
  });
});
