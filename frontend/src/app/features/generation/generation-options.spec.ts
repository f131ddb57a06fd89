import type { GenerationCatalogDto, GenerationModelDto } from '../../api/models';
import {
  defaultModelId,
  durationBounds,
  fitDuration,
  fitImageSettings,
  fitVideoSettings,
  fitVoice,
  imageOptions,
  isTabPath,
  tabOf,
  unavailableNotes,
  videoOptions,
} from './generation-options';

function model(id: string, options: Partial<GenerationModelDto> = {}): GenerationModelDto {
  return { id, name: id, provider: id.split('/')[0]!, kind: 'image', offline: false, available: true, price: 0, priceUnit: 'image', ...options };
}

const draw = model('local/webox-draw', { offline: true, sizes: ['512x512', '1024x1024'], maxCount: 4, styles: ['natural', 'vivid'] });
const dalle = model('openai/dall-e-3', { sizes: ['1024x1024', '1792x1024'], maxCount: 1, styles: ['vivid'], available: false, unavailableReason: 'No OpenAI API key' });
const sd = model('replicate/sd', { sizes: ['1024x1024'], maxCount: 4, negativePrompt: true });

describe('generation options', () => {
  it('maps the URL segment to its tab, images when unknown', () => {
    expect(tabOf('ebooks').kind).toBe('ebook');
    expect(tabOf('nope').path).toBe('images');
    expect([isTabPath('shorts'), isTabPath('short'), isTabPath(undefined)]).toEqual([true, false, false]);
  });

  it('starts with the offline model, else the first usable one, else the first', () => {
    expect(defaultModelId([dalle, sd, draw], 'local/webox-draw')).toBe('local/webox-draw');
    expect(defaultModelId([dalle, sd], 'local/webox-draw')).toBe('replicate/sd');
    expect(defaultModelId([dalle], 'local/webox-draw')).toBe('openai/dall-e-3');
    expect(defaultModelId([], 'local/webox-draw')).toBeNull();
  });

  it('offers the sizes, counts up to the maximum, styles and negative prompt of the model', () => {
    expect(imageOptions(draw)).toEqual({ sizes: ['512x512', '1024x1024'], counts: [1, 2, 3, 4], styles: ['natural', 'vivid'], negativePrompt: false });
    expect(imageOptions(dalle).counts).toEqual([1]);
    expect(imageOptions(sd).negativePrompt).toBe(true);
    expect(imageOptions(undefined)).toEqual({ sizes: [], counts: [1], styles: [], negativePrompt: false });
  });

  it('keeps what the new model supports and resets the rest', () => {
    const settings = { size: '512x512', count: 3, style: 'natural', negativePrompt: 'text, watermark' };
    expect(fitImageSettings(draw, settings)).toEqual({ size: '512x512', count: 3, style: 'natural', negativePrompt: '' });
    expect(fitImageSettings(dalle, settings)).toEqual({ size: '1024x1024', count: 1, style: '', negativePrompt: '' });
    expect(fitImageSettings(sd, settings)).toEqual({ size: '1024x1024', count: 3, style: '', negativePrompt: 'text, watermark' });
    expect(fitImageSettings(dalle, { ...settings, style: 'vivid', count: 0 })).toMatchObject({ style: 'vivid', count: 1 });
  });

  it('bounds durations by the model, with a fixed length said as such', () => {
    const fixed = durationBounds({ minSeconds: 6, maxSeconds: 6 }, { min: 1, max: 600 });
    expect(fixed).toEqual({ min: 6, max: 6, fixed: true });
    const bounds = durationBounds({ minSeconds: 2, maxSeconds: 60 }, { min: 1, max: 600 });
    expect([fitDuration(90, bounds), fitDuration(0, bounds), fitDuration(7.6, bounds), fitDuration(Number.NaN, bounds)]).toEqual([60, 2, 8, 2]);
    expect(durationBounds(undefined, { min: 1, max: 600 })).toEqual({ min: 1, max: 600, fixed: false });
  });

  it('offers a start image and the aspect ratios only where the video model has them', () => {
    const slideshow = model('local/webox-slideshow', { kind: 'video', minSeconds: 2, maxSeconds: 60, aspectRatios: ['16:9', '9:16', '1:1'], startImage: true });
    const minimax = model('replicate/minimax/video-01', { kind: 'video', minSeconds: 6, maxSeconds: 6, aspectRatios: ['16:9'] });
    expect(videoOptions(slideshow)).toEqual({ duration: { min: 2, max: 60, fixed: false }, aspectRatios: ['16:9', '9:16', '1:1'], startImage: true });
    const settings = { durationSeconds: 30, aspectRatio: '9:16' as const, startImageId: 'image-1' };
    expect(fitVideoSettings(slideshow, settings)).toEqual(settings);
    expect(fitVideoSettings(minimax, settings)).toEqual({ durationSeconds: 6, aspectRatio: '16:9', startImageId: null });
  });

  it('keeps a voice the model has, else takes its first', () => {
    const voice = model('local/webox-voice', { kind: 'speech', voices: ['neutral', 'warm'] });
    expect(fitVoice(voice, 'warm')).toBe('warm');
    expect(fitVoice(voice, 'alloy')).toBe('neutral');
    expect(fitVoice(undefined, 'alloy')).toBe('');
  });

  it('names the vendors with no public API of the tab, with the alternatives by name', () => {
    const catalog: GenerationCatalogDto = {
      models: [model('replicate/flux', { name: 'FLUX.1 [schnell]' })],
      unavailable: [
        { name: 'Midjourney', kind: 'image', reason: 'No public API.', alternatives: ['replicate/flux', 'openai/unknown'] },
        { name: 'Suno', kind: 'music', reason: 'No public API.', alternatives: [] },
      ],
    };
    expect(unavailableNotes(catalog, ['image'])).toEqual([{ name: 'Midjourney', reason: 'No public API.', alternatives: ['FLUX.1 [schnell]', 'openai/unknown'] }]);
    expect(unavailableNotes(catalog, ['music']).map((note) => note.name)).toEqual(['Suno']);
    expect(unavailableNotes(null, ['image'])).toEqual([]);
  });
});
