import { testConfig } from '../../../test/support/controller-setup';
import type { RealtimeGateway } from '../../realtime/realtime.gateway';
import type { CollaborationAccess } from './collaboration-access.service';
import { CollaborationPresenceService, summarise } from './collaboration-presence.service';

describe('presence', () => {
  describe(summarise.name, () => {
    const now = 1_000_000;
    it('is online with a live active device, away with only idle ones, offline with none or only expired ones', () => {
      expect(summarise([], now)).toBe('offline');
      expect(summarise([`active:${now - 1}`], now)).toBe('offline');
      expect(summarise([`away:${now + 10}`], now)).toBe('away');
      expect(summarise([`away:${now + 10}`, `active:${now + 10}`], now)).toBe('online');
      expect(summarise([`away:${now + 10}`, `active:${now - 10}`], now)).toBe('away');
    });

    it('ignores the devices of an instance not among the live ones, and counts a value without an instance by its expiry', () => {
      const live = new Set(['i1']);
      expect(summarise([`active:${now + 10}:i2`], now, live)).toBe('offline');
      expect(summarise([`active:${now + 10}:i2`, `away:${now + 10}:i1`], now, live)).toBe('away');
      expect(summarise([`active:${now - 10}:i1`], now, live)).toBe('offline');
      expect(summarise([`active:${now + 10}`], now, live)).toBe('online');
      // Without Redis there is one instance: no liveness to check.
      expect(summarise([`active:${now + 10}:i2`], now)).toBe('online');
    });
  });

  describe('in memory (no Redis)', () => {
    const emitted: Array<{ to: string; userId: string; status: string }> = [];
    const realtime = {
      emitToUsers: (to: string[], _event: string, payload: { userId: string; status: string }) => to.forEach((id) => emitted.push({ to: id, ...payload })),
    } as unknown as RealtimeGateway;
    const access = { contactIds: async () => ['bob'] } as unknown as CollaborationAccess;
    let presence: CollaborationPresenceService;

    beforeEach(() => {
      emitted.length = 0;
      jest.useFakeTimers({ now: 0 });
      presence = new CollaborationPresenceService(testConfig({ WEBOX_PRESENCE_AWAY_MS: '60000', WEBOX_PRESENCE_TTL_MS: '30000' }), access, realtime);
      presence.onModuleInit();
    });
    afterEach(async () => {
      await presence.onModuleDestroy();
      jest.useRealTimers();
    });

    it('follows devices: online, away when the client says so or when idle, offline when the last one goes; contacts hear each change', async () => {
      await presence.connected('ada', 's1');
      expect((await presence.statusOf(['ada'])).get('ada')).toBe('online');
      expect(emitted).toEqual([
        { to: 'ada', userId: 'ada', status: 'online' },
        { to: 'bob', userId: 'ada', status: 'online' },
      ]);
      await presence.report('s1', 'away');
      expect((await presence.statusOf(['ada'])).get('ada')).toBe('away');
      await presence.connected('ada', 's2');
      expect((await presence.statusOf(['ada'])).get('ada')).toBe('online');
      // A minute without activity: the heartbeat marks the second device away too.
      await jest.advanceTimersByTimeAsync(61_000);
      expect((await presence.statusOf(['ada'])).get('ada')).toBe('away');
      await presence.touch('s2');
      expect((await presence.statusOf(['ada'])).get('ada')).toBe('online');
      // A third device while online, and one of three leaving: nothing anyone sees changes, nothing is sent.
      await presence.connected('ada', 's3');
      await presence.disconnected('ada', 's1');
      await presence.disconnected('ada', 's3');
      await presence.disconnected('ada', 's2');
      expect((await presence.statusOf(['ada'])).get('ada')).toBe('offline');
      expect(emitted.filter((e) => e.to === 'bob').map((e) => e.status)).toEqual(['online', 'away', 'online', 'away', 'online', 'offline']);
      expect(emitted.at(-1)).toEqual({ to: 'bob', userId: 'ada', status: 'offline' });
      expect(await presence.list('ada')).toEqual([
        { userId: 'ada', status: 'offline' },
        { userId: 'bob', status: 'offline' },
      ]);
    });
  });
});
