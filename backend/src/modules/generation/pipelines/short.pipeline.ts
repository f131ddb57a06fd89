import { Injectable } from '@nestjs/common';
import { probeBytes } from '../../../rendering/ffmpeg';
import { renderSlideshow, sequenceAudio } from '../../../rendering/slideshow';
import type { JobContext } from '../../../queue/jobs.service';
import type { ShortJobInput } from '../generation-inputs';
import { fileStem, GenerationTools } from '../generation-tools';
import { JobOutputs } from '../job-outputs';
import { offlineScript, Scene } from './offline-writer';
import { bracketed } from './model-answer';

const FRAME: Record<ShortJobInput['format'], { width: number; height: number; ratio: number }> = {
  '9:16': { width: 720, height: 1280, ratio: 9 / 16 },
  '16:9': { width: 1280, height: 720, ratio: 16 / 9 },
  '1:1': { width: 960, height: 960, ratio: 1 },
};

/** About six seconds a scene: enough for a sentence of narration. */
const SECONDS_PER_SCENE = 6;

/** How many scenes (pictures, narrations) a short of this length has. */
export const sceneCountOf = (durationSeconds: number) => Math.max(3, Math.min(12, Math.round(durationSeconds / SECONDS_PER_SCENE)));

/**
 * A short video: the text model writes scenes with narration, the image model draws each scene,
 * the speech model voices the narration, and ffmpeg assembles an H.264/AAC MP4 of the asked
 * format and duration, with a slow pan and zoom on each picture and the narration as captions.
 */
@Injectable()
export class ShortPipeline {
  constructor(private readonly tools: GenerationTools) {}

  async run(job: JobContext<'generation.short'>, outputs: JobOutputs): Promise<JobOutputs> {
    const input: ShortJobInput = job.payload;
    const sceneCount = sceneCountOf(input.durationSeconds);
    const imageModel = this.tools.registry.model(input.imageModel, 'image', 'imageModel');
    const speechModel = this.tools.registry.model(input.speechModel, 'speech', 'speechModel');
    const frame = FRAME[input.format];

    await job.progress(3, 'Writing the script');
    const scenes = input.textModel.startsWith('local/') ? offlineScript(input.subject, sceneCount, input.language) : parseScript(await this.writeScript(job, input, sceneCount), sceneCount, input.subject);

    const images: Buffer[] = [];
    for (const [index, scene] of scenes.entries()) {
      await job.progress(8 + (40 * index) / scenes.length, `Drawing scene ${index + 1} of ${scenes.length}`);
      images.push((await this.tools.image(job, imageModel, { prompt: scene.picture, ...GenerationTools.closestSize(imageModel, frame.ratio), seed: index })).data);
    }

    const voices: Array<{ data: Buffer; seconds: number }> = [];
    for (const [index, scene] of scenes.entries()) {
      await job.progress(50 + (20 * index) / scenes.length, `Voicing scene ${index + 1} of ${scenes.length}`);
      const asset = await this.tools.speech(job, speechModel, { text: scene.narration, voice: input.voice, language: input.language });
      voices.push({ data: asset.data, seconds: (await probeBytes(asset.data)).durationSeconds ?? SECONDS_PER_SCENE });
    }

    // Each scene lasts in proportion to its narration, and together exactly the asked duration.
    const spoken = voices.reduce((sum, voice) => sum + voice.seconds + 0.5, 0);
    const slots = voices.map((voice) => ((voice.seconds + 0.5) / spoken) * input.durationSeconds);

    await job.progress(72, 'Assembling the video');
    const track = await sequenceAudio(voices.map((voice, index) => ({ data: voice.data, slotSeconds: slots[index]! })), job.signal);
    const video = await renderSlideshow(
      scenes.map((scene, index) => ({ image: images[index]!, durationSeconds: slots[index]!, caption: scene.narration })),
      { width: frame.width, height: frame.height, audio: track, signal: job.signal },
    );
    await job.progress(96, 'Saving the video');
    await outputs.save(0, `${fileStem(input.subject, 'short')}.mp4`, { data: video }, {
      generator: 'short',
      model: input.textModel,
      prompt: input.subject,
      imageModel: input.imageModel,
      speechModel: input.speechModel,
      format: input.format,
      durationSeconds: input.durationSeconds,
      scenes: scenes.length,
    });
    return outputs;
  }

  private writeScript(job: JobContext<'generation.short'>, input: ShortJobInput, count: number): Promise<string> {
    return this.tools.write(job, input.textModel, [
      { role: 'system', content: `You write scripts for short vertical videos. Language code: ${input.language}.` },
      {
        role: 'user',
        content: `Write a ${input.durationSeconds}-second video about: ${input.subject}. Exactly ${count} scenes. Answer only a JSON array of objects {"narration": one or two short spoken sentences, "picture": a description of the image to draw}.`,
      },
    ]);
  }
}

/** Scenes from a model's answer; missing or malformed ones are filled so the video keeps its length. */
export function parseScript(answer: string, count: number, subject: string): Scene[] {
  let scenes: Scene[] = [];
  const array = bracketed(answer);
  if (array) {
    try {
      const parsed: unknown = JSON.parse(array);
      if (Array.isArray(parsed)) {
        scenes = parsed
          .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
          .map((item) => ({ narration: String(item['narration'] ?? '').trim(), picture: String(item['picture'] ?? item['image'] ?? subject).trim() }))
          .filter((scene) => scene.narration);
      }
    } catch {
      scenes = [];
    }
  }
  if (!scenes.length) scenes = answer.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => ({ narration: line.slice(0, 300), picture: `${subject}: ${line.slice(0, 200)}` }));
  scenes = scenes.slice(0, count);
  while (scenes.length < count) scenes.push({ narration: subject, picture: subject });
  return scenes;
}
