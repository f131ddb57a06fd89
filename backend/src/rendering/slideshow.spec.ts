import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ffmpeg, probe, runFfmpeg } from './ffmpeg';
import { filterValue, renderSlideshow } from './slideshow';

const picture = () => sharp({ create: { width: 160, height: 160, channels: 3, background: { r: 40, g: 90, b: 160 } } }).png().toBuffer();

/** The video's size, and its first frame as raw RGB. */
async function firstFrame(video: Buffer): Promise<{ width: number | null; height: number | null; pixels: Buffer }> {
  const directory = mkdtempSync(join(tmpdir(), 'webox-caption-'));
  try {
    writeFileSync(join(directory, 'out.mp4'), video);
    const { width, height } = await probe(join(directory, 'out.mp4'));
    await runFfmpeg(ffmpeg(join(directory, 'out.mp4')).outputOptions(['-frames:v 1']).output(join(directory, 'frame.png')));
    return { width, height, pixels: await sharp(join(directory, 'frame.png')).removeAlpha().raw().toBuffer() };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('renderSlideshow captions', () => {
  it("burns in narration with %, :, ' and \\ (expansion off): a % used to drop the caption, or fail the render on newer ffmpeg", async () => {
    const image = await picture();
    const caption = "100% sure: it's C:\\temp\\new — %{pts} and 50%% off, [a,b];c";
    const captioned = await firstFrame(await renderSlideshow([{ image, durationSeconds: 0.4, caption }], { width: 160, height: 160 }));
    const bare = await firstFrame(await renderSlideshow([{ image, durationSeconds: 0.4 }], { width: 160, height: 160 }));

    expect(captioned).toMatchObject({ width: 160, height: 160 });
    let changed = 0;
    for (let i = 0; i < bare.pixels.length; i += 3) if (Math.abs(bare.pixels[i]! - captioned.pixels[i]!) + Math.abs(bare.pixels[i + 2]! - captioned.pixels[i + 2]!) > 40) changed++;
    // The caption's box and letters cover a good part of the bottom of the picture.
    expect(changed).toBeGreaterThan(160 * 160 * 0.05);
  }, 60_000);
});

describe('filterValue', () => {
  it('escapes for the option, then for the filtergraph (the example of ffmpeg-filters)', () => {
    expect(filterValue("this is a 'string': may contain one, or more, special characters")).toBe(
      "this is a \\\\\\'string\\\\\\'\\\\: may contain one\\, or more\\, special characters",
    );
    expect(filterValue('/tmp/a[1];b\\c')).toBe('/tmp/a\\[1\\]\\;b\\\\\\\\c');
  });
});
