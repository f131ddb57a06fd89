import { TestBed } from '@angular/core/testing';
import { AudioRecorder, RecorderError } from './audio-recorder';

/** A stand-in for the browser's MediaRecorder (jsdom has none): it hands back what it was "recording" on stop. */
class StubMediaRecorder extends EventTarget {
  static isTypeSupported = (type: string) => type === 'audio/webm;codecs=opus';
  state: 'inactive' | 'recording' = 'inactive';
  readonly mimeType: string;
  constructor(
    readonly stream: MediaStream,
    options?: { mimeType?: string },
  ) {
    super();
    this.mimeType = options?.mimeType ?? '';
  }
  start(): void {
    this.state = 'recording';
  }
  stop(): void {
    this.state = 'inactive';
    this.dispatchEvent(Object.assign(new Event('dataavailable'), { data: new Blob(['opus frames']) }));
    this.dispatchEvent(new Event('stop'));
  }
}

describe('AudioRecorder', () => {
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  let getUserMedia: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    getUserMedia = vi.fn(async () => stream);
    vi.stubGlobal('MediaRecorder', StubMediaRecorder);
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
    track.stop.mockClear();
  });

  it('records WebM/Opus and releases the microphone when stopped', async () => {
    const recorder = TestBed.inject(AudioRecorder);
    await recorder.start();
    expect(getUserMedia).toHaveBeenCalledWith({ audio: true });
    expect(recorder.recording).toBe(true);
    const recording = await recorder.stop();
    expect(recording.type).toBe('audio/webm;codecs=opus');
    expect(recording.size).toBe('opus frames'.length);
    expect(track.stop).toHaveBeenCalled();
    expect(recorder.recording).toBe(false);
  });

  it.each([
    ['NotAllowedError', 'permissionDenied'],
    ['NotFoundError', 'noMicrophone'],
    ['AbortError', 'unsupported'],
  ])('a %s from getUserMedia is %s', async (name, reason) => {
    getUserMedia.mockRejectedValue(Object.assign(new Error('no'), { name }));
    const error = await TestBed.inject(AudioRecorder).start().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecorderError);
    expect((error as RecorderError).reason).toBe(reason);
  });

  it('says the browser cannot record without MediaRecorder', async () => {
    vi.stubGlobal('MediaRecorder', undefined);
    const recorder = TestBed.inject(AudioRecorder);
    expect(recorder.supported).toBe(false);
    await expect(recorder.start()).rejects.toMatchObject({ reason: 'unsupported' });
  });
});
