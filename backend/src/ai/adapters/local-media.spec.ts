import sharp from 'sharp';
import { probe } from '../../rendering/ffmpeg';
import { renderSlideshow } from '../../rendering/slideshow';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeMusicBed, drawPicture } from './local-media';
import { speakOffline } from './local-speech';

describe('offline media', () => {
  it('draws a real PNG of the asked size, the same for the same prompt and seed', async () => {
    const first = await drawPicture('a lighthouse in a storm', 320, 200, 7);
    const again = await drawPicture('a lighthouse in a storm', 320, 200, 7);
    const otherSeed = await drawPicture('a lighthouse in a storm', 320, 200, 8);
    const otherPrompt = await drawPicture('a field of tulips', 320, 200, 7);
    expect(await sharp(first).metadata()).toMatchObject({ format: 'png', width: 320, height: 200 });
    expect(first.equals(again)).toBe(true);
    expect(first.equals(otherSeed)).toBe(false);
    expect(first.equals(otherPrompt)).toBe(false);
  });

  it('speaks English and French as WAV files whose length follows the text', async () => {
    const [short, long, french] = await Promise.all([
      speakOffline('Hello.', 'neutral', 'en'),
      speakOffline('Hello, and welcome to a much longer sentence spoken offline.', 'bright', 'en'),
      speakOffline('Bonjour et bienvenue.', 'calm', 'fr-FR'),
    ]);
    for (const audio of [short, long, french]) expect(audio.subarray(0, 4).toString()).toBe('RIFF');
    expect(long.length).toBeGreaterThan(short.length * 2);
    expect(french.length).toBeGreaterThan(1000);
  }, 60_000);

  it('speaks off the event loop: timers keep firing while a long text is synthesised, and a cancelled one stops waiting', async () => {
    await speakOffline('Warm up.', 'neutral', 'en');
    const text = 'This is a long answer spoken by the offline voice, sentence after sentence, so that it takes a while. '.repeat(12);
    let ticks = 0;
    let longestGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      ticks++;
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
    }, 1);
    const started = Date.now();
    const audio = await speakOffline(text, 'neutral', 'en');
    const took = Date.now() - started;
    clearInterval(timer);
    expect(audio.subarray(0, 4).toString()).toBe('RIFF');
    // On the event loop this was one uninterrupted block as long as the synthesis itself.
    expect(ticks).toBeGreaterThan(5);
    expect(longestGap).toBeLessThan(Math.max(50, took / 2));
    const controller = new AbortController();
    const cancelled = speakOffline(text, 'neutral', 'en', controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'aborted' });
  }, 60_000);

  it('composes a music bed of the asked duration', async () => {
    const wav = composeMusicBed('calm ambient piano', 3);
    const directory = mkdtempSync(join(tmpdir(), 'webox-music-'));
    try {
      writeFileSync(join(directory, 'bed.wav'), wav);
      const facts = await probe(join(directory, 'bed.wav'));
      expect(facts.durationSeconds).toBeCloseTo(3, 1);
      expect(facts.hasAudio).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    expect(composeMusicBed('calm ambient piano', 3).equals(wav)).toBe(true);
  });

  it('assembles an H.264/AAC MP4 of slides with captions and a soundtrack', async () => {
    const slides = await Promise.all(['one', 'two'].map(async (word, index) => ({ image: await drawPicture(word, 320, 320, index), durationSeconds: 1.2, caption: `Scene ${word}` })));
    const video = await renderSlideshow(slides, { width: 240, height: 426, audio: await speakOffline('Two scenes.', 'neutral') });
    const directory = mkdtempSync(join(tmpdir(), 'webox-video-'));
    try {
      writeFileSync(join(directory, 'out.mp4'), video);
      const facts = await probe(join(directory, 'out.mp4'));
      expect(facts).toMatchObject({ width: 240, height: 426, hasVideo: true, hasAudio: true });
      expect(facts.durationSeconds).toBeCloseTo(2.4, 0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops ffmpeg when cancelled', async () => {
    const image = await drawPicture('long', 320, 320);
    const controller = new AbortController();
    const rendering = renderSlideshow([{ image, durationSeconds: 30 }], { width: 640, height: 640, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(rendering).rejects.toThrow();
  }, 30_000);
});
