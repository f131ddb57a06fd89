import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { MediaUploadedEventDto } from '../modules/media/dto/media-domain-events.dto';
import { EventBus, OnDomainEvent } from './event-bus';
import { EventsModule } from './events.module';

const upload = (name: string): MediaUploadedEventDto => ({ userId: 'u1', folderId: null, files: [{ id: 'f1', name, mimeType: 'text/plain', kind: 'text', size: 3 }], occurredAt: new Date(0).toISOString() });

@Injectable()
class Recorder {
  readonly seen: string[] = [];
  @OnDomainEvent('media.uploaded')
  uploaded(event: MediaUploadedEventDto): void {
    this.seen.push(event.files[0]!.name);
  }
}

@Injectable()
class Failing {
  calls = 0;
  @OnDomainEvent('media.uploaded')
  async uploaded(): Promise<void> {
    this.calls++;
    throw new Error('this consumer is broken');
  }
}

describe('EventBus', () => {
  const start = async () => {
    const moduleRef = await Test.createTestingModule({ imports: [EventsModule], providers: [Recorder, Failing] }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    return { bus: moduleRef.get(EventBus), recorder: moduleRef.get(Recorder), failing: moduleRef.get(Failing), close: () => moduleRef.close() };
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('delivers a published event to every subscriber, after the publisher has moved on', async () => {
    const { bus, recorder, failing, close } = await start();
    bus.publish('media.uploaded', upload('a.txt'));
    // Not yet: consumers never run inside the publisher's step.
    expect(recorder.seen).toEqual([]);
    await settle();
    expect(recorder.seen).toEqual(['a.txt']);
    expect(failing.calls).toBe(1);
    await close();
  });

  it('keeps publishing and delivering when a subscriber throws', async () => {
    const { bus, recorder, failing, close } = await start();
    expect(() => bus.publish('media.uploaded', upload('a.txt'))).not.toThrow();
    await settle();
    bus.publish('media.uploaded', upload('b.txt'));
    await settle();
    expect(recorder.seen).toEqual(['a.txt', 'b.txt']);
    expect(failing.calls).toBe(2);
    await close();
  });

  it('gives every event, by name, to a subscriber of all of them, after the publisher has moved on, until it unsubscribes', async () => {
    const { bus, close } = await start();
    const seen: string[] = [];
    const unsubscribe = bus.onEvery((name, payload) => {
      seen.push(`${name}:${(payload as MediaUploadedEventDto).files[0]!.name}`);
    });
    const broken = bus.onEvery(() => {
      throw new Error('this consumer is broken');
    });
    bus.publish('media.uploaded', upload('a.txt'));
    expect(seen).toEqual([]);
    await settle();
    await settle();
    expect(seen).toEqual(['media.uploaded:a.txt']);
    unsubscribe();
    broken();
    bus.publish('media.uploaded', upload('b.txt'));
    await settle();
    await settle();
    expect(seen).toEqual(['media.uploaded:a.txt']);
    await close();
  });
});
