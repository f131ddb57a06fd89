import type { GenerationCatalogDto, GenerationJobDto, GenerationModelDto } from '../../api/models';
import type { IconName } from '../../core/icons/icons';

export type ModelKind = GenerationModelDto['kind'];
export type JobKind = GenerationJobDto['kind'];
export type AspectRatio = NonNullable<GenerationModelDto['aspectRatios']>[number];

export interface GenerationTab {
  /** The URL segment: `/generation/images`. */
  path: 'images' | 'videos' | 'audio' | 'ebooks' | 'shorts';
  kind: JobKind;
  /** Material Symbols ligature. */
  icon: IconName;
}

/** The page's five tabs, in the audit's order. */
export const GENERATION_TABS: readonly GenerationTab[] = [
  { path: 'images', kind: 'image', icon: 'image' },
  { path: 'videos', kind: 'video', icon: 'movie' },
  { path: 'audio', kind: 'audio', icon: 'graphic_eq' },
  { path: 'ebooks', kind: 'ebook', icon: 'menu_book' },
  { path: 'shorts', kind: 'short', icon: 'smartphone' },
];

export function isTabPath(path: string | undefined): path is GenerationTab['path'] {
  return GENERATION_TABS.some((tab) => tab.path === path);
}

export function tabOf(path: string | undefined): GenerationTab {
  return GENERATION_TABS.find((tab) => tab.path === path) ?? GENERATION_TABS[0]!;
}

/** The built-in offline models: every tab works with them, with no key and no network. */
export const OFFLINE_DEFAULTS = {
  image: 'local/webox-draw',
  speech: 'local/webox-voice',
  music: 'local/webox-music',
  video: 'local/webox-slideshow',
  text: 'local/webox-mini',
} as const;

/** What a short video can last, and its formats (fixed by the API, whatever the models). */
export const SHORT_SECONDS = { min: 15, max: 90 } as const;
export const ASPECT_RATIOS: readonly AspectRatio[] = ['16:9', '9:16', '1:1'];
export const EBOOK_CHAPTERS = { min: 1, max: 30 } as const;
export const EBOOK_TONES = ['informative', 'friendly', 'professional', 'playful', 'academic', 'inspiring'] as const;
/** Languages offered for speech, eBooks and shorts (named by Intl in the page's language). */
export const CONTENT_LANGUAGES = ['en', 'fr', 'es', 'de', 'it', 'pt', 'nl'] as const;

export interface Selectable {
  id: string;
  available: boolean;
}

export function modelsOfKind(models: readonly GenerationModelDto[], kind: ModelKind): GenerationModelDto[] {
  return models.filter((model) => model.kind === kind);
}

/** The model a form starts with: the preferred (offline) one when it can be used, else the first usable one. */
export function defaultModelId(models: readonly Selectable[], preferred: string): string | null {
  const usable = models.filter((model) => model.available);
  return (usable.find((model) => model.id === preferred) ?? usable[0] ?? models[0])?.id ?? null;
}

/** A still-valid choice is kept; otherwise the default one. */
function keep<T>(value: T, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value) ? value : fallback;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export interface ImageOptions {
  sizes: string[];
  /** 1 up to the model's maximum per job. */
  counts: number[];
  styles: string[];
  negativePrompt: boolean;
}

export function imageOptions(model: GenerationModelDto | undefined): ImageOptions {
  const max = Math.max(1, model?.maxCount ?? 1);
  return {
    sizes: model?.sizes ?? [],
    counts: Array.from({ length: max }, (_, index) => index + 1),
    styles: model?.styles ?? [],
    negativePrompt: Boolean(model?.negativePrompt),
  };
}

export interface ImageSettings {
  size: string;
  count: number;
  /** '' for the model's default look. */
  style: string;
  negativePrompt: string;
}

/** The settings made valid for a (new) model: what it does not support is reset or cleared. */
export function fitImageSettings(model: GenerationModelDto | undefined, settings: ImageSettings): ImageSettings {
  const options = imageOptions(model);
  return {
    size: keep(settings.size, options.sizes, options.sizes[0] ?? ''),
    count: clamp(Math.round(settings.count) || 1, 1, options.counts.length),
    style: keep(settings.style, options.styles, ''),
    negativePrompt: options.negativePrompt ? settings.negativePrompt : '',
  };
}

export interface DurationBounds {
  min: number;
  max: number;
  /** The model makes one length only. */
  fixed: boolean;
}

export function durationBounds(model: Pick<GenerationModelDto, 'minSeconds' | 'maxSeconds'> | undefined, fallback: { min: number; max: number }): DurationBounds {
  const min = model?.minSeconds ?? fallback.min;
  const max = Math.max(min, model?.maxSeconds ?? fallback.max);
  return { min, max, fixed: min === max };
}

/** Whole seconds within the bounds (an empty or odd input becomes the nearest valid value). */
export function fitDuration(seconds: number, bounds: DurationBounds): number {
  return clamp(Number.isFinite(seconds) ? Math.round(seconds) : bounds.min, bounds.min, bounds.max);
}

export interface VideoOptions {
  duration: DurationBounds;
  aspectRatios: AspectRatio[];
  startImage: boolean;
}

/** Video lengths the API takes when a model does not say. */
const VIDEO_SECONDS = { min: 1, max: 600 };

export function videoOptions(model: GenerationModelDto | undefined): VideoOptions {
  return { duration: durationBounds(model, VIDEO_SECONDS), aspectRatios: model?.aspectRatios ?? [], startImage: Boolean(model?.startImage) };
}

export interface VideoSettings {
  durationSeconds: number;
  aspectRatio: AspectRatio | '';
  startImageId: string | null;
}

export function fitVideoSettings(model: GenerationModelDto | undefined, settings: VideoSettings): VideoSettings {
  const options = videoOptions(model);
  return {
    durationSeconds: fitDuration(settings.durationSeconds, options.duration),
    aspectRatio: keep<AspectRatio | ''>(settings.aspectRatio, options.aspectRatios, options.aspectRatios[0] ?? ''),
    startImageId: options.startImage ? settings.startImageId : null,
  };
}

/** Music lengths the API takes when a model does not say. */
export const MUSIC_SECONDS = { min: 1, max: 600 };

/** The voice kept if the model has it, else its first voice. */
export function fitVoice(model: Pick<GenerationModelDto, 'voices'> | undefined, voice: string): string {
  const voices = model?.voices ?? [];
  return keep(voice, voices, voices[0] ?? '');
}

export interface UnavailableNote {
  name: string;
  reason: string;
  /** The names of the models to use instead (their ids when the catalogue does not list them). */
  alternatives: string[];
}

/** Vendors asked for with no public API, for the tabs of these kinds. */
export function unavailableNotes(catalog: GenerationCatalogDto | null, kinds: readonly ModelKind[]): UnavailableNote[] {
  if (!catalog) return [];
  const names = new Map(catalog.models.map((model) => [model.id, model.name]));
  return catalog.unavailable
    .filter((entry) => kinds.includes(entry.kind))
    .map((entry) => ({ name: entry.name, reason: entry.reason, alternatives: entry.alternatives.map((id) => names.get(id) ?? id) }));
}

/** The trimmed text, or an error when nothing but spaces was typed. */
export function notBlank(control: { value: unknown }): { required: true } | null {
  return typeof control.value === 'string' && control.value.trim() === '' ? { required: true } : null;
}

/** `French` / `français`: a language's name in the page's language (the code when Intl does not know it). */
export function languageName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : code;
  } catch {
    return code;
  }
}
