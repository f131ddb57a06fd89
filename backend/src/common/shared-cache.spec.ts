import { AppConfig } from '../config/app-config';
import { CacheHub } from './shared-cache';

const hubWithoutRedis = () => new CacheHub({ queuePrefix: 'test', redisUrl: undefined } as unknown as AppConfig);

describe('SharedCache', () => {
  it('answers what was set, and forgets it when one of its tags changes', async () => {
    const hub = hubWithoutRedis();
    const cache = hub.cache<string>('test', { ttlMs: 60_000, maxEntries: 10 });
    cache.set('a', 'alpha', ['user:1', 'session:a'], cache.ticket());
    cache.set('b', 'beta', ['user:2'], cache.ticket());
    expect(cache.get('a')).toBe('alpha');
    await hub.invalidate(['session:a']);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('beta');
  });

  it('drops a value read before a change and stored after it (the ticket)', async () => {
    const hub = hubWithoutRedis();
    const cache = hub.cache<string>('test', { ttlMs: 60_000, maxEntries: 10 });
    const ticket = cache.ticket();
    await hub.invalidate(['user:1']); // the change lands while the database read is in flight
    cache.set('a', 'stale', ['user:1'], ticket);
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets an entry after its time to live', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const hub = hubWithoutRedis();
      const cache = hub.cache<string>('test', { ttlMs: 30_000, maxEntries: 10 });
      cache.set('a', 'alpha', [], cache.ticket());
      jest.setSystemTime(1_000_000 + 29_999);
      expect(cache.get('a')).toBe('alpha');
      jest.setSystemTime(1_000_000 + 30_000);
      expect(cache.get('a')).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('evicts the least recently used entry past its size', () => {
    const hub = hubWithoutRedis();
    const cache = hub.cache<number>('test', { ttlMs: 60_000, maxEntries: 2 });
    cache.set('a', 1, [], cache.ticket());
    cache.set('b', 2, [], cache.ticket());
    cache.get('a');
    cache.set('c', 3, [], cache.ticket());
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('is not used while changes made elsewhere could go unheard', () => {
    const hub = hubWithoutRedis();
    const cache = hub.cache<string>('test', { ttlMs: 60_000, maxEntries: 10 });
    cache.set('a', 'alpha', [], cache.ticket());
    hub.live = false;
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 'beta', [], cache.ticket());
    hub.live = true;
    expect(cache.get('b')).toBeUndefined();
  });
});
