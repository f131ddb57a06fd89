import { decodeMulaw, encodeMulaw, parseWav, resample, rms, TelephonyEncoder, wavOf } from './audio-codec';

describe('audio codec', () => {
  it('round-trips μ-law within its quantisation step and maps silence to 0xFF', () => {
    const samples = Int16Array.from([0, 100, -100, 1000, -1000, 8000, -8000, 32000, -32000]);
    const decoded = decodeMulaw(encodeMulaw(samples));
    samples.forEach((sample, index) => expect(Math.abs(decoded[index]! - sample)).toBeLessThanOrEqual(Math.max(8, Math.abs(sample) / 16)));
    expect(encodeMulaw(Int16Array.from([0]))[0]).toBe(0xff);
    expect(decodeMulaw(Uint8Array.from([0xff]))[0]).toBe(0);
  });

  it('resamples 24 kHz to 8 kHz by whole factors and other rates by interpolation, keeping a tone', () => {
    const tone = (rate: number, seconds: number) => Int16Array.from({ length: rate * seconds }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)));
    const down = resample(tone(24_000, 1), 24_000, 8_000);
    expect(down).toHaveLength(8_000);
    expect(rms(down)).toBeGreaterThan(5000);
    const odd = resample(tone(22_050, 1), 22_050, 8_000);
    expect(Math.abs(odd.length - 8_000)).toBeLessThanOrEqual(2);
  });

  it('encodes PCM arriving in odd-sized chunks the same as all at once', () => {
    const pcm = Buffer.alloc(24_000 * 2);
    for (let i = 0; i < 24_000; i++) pcm.writeInt16LE(Math.round(5000 * Math.sin(i / 7)), i * 2);
    const whole = new TelephonyEncoder('pcm16', 24_000).push(pcm);
    const chunked = new TelephonyEncoder('pcm16', 24_000);
    const parts: Buffer[] = [];
    for (let offset = 0; offset < pcm.length; offset += 1001) parts.push(chunked.push(pcm.subarray(offset, offset + 1001)));
    expect(Buffer.concat(parts).equals(whole)).toBe(true);
    expect(whole).toHaveLength(8_000);
  });

  it('writes and reads PCM16 WAV', () => {
    const samples = Int16Array.from([1, -2, 3, -4]);
    const parsed = parseWav(wavOf(samples, 8_000));
    expect(parsed?.sampleRate).toBe(8_000);
    expect(Array.from(parsed!.samples)).toEqual([1, -2, 3, -4]);
    expect(parseWav(Buffer.from('not a wav file at all'))).toBeUndefined();
  });
});
