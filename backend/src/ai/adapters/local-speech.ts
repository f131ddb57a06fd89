import { ProviderError } from '../provider-error';

interface MeSpeak {
  loadConfig(config: unknown): void;
  loadVoice(voice: unknown): void;
  speak(text: string, options: Record<string, unknown>): ArrayBuffer | null;
}

/** meSpeak is eSpeak compiled to JavaScript: offline speech with no binary to install. It prints a banner on load; keep it out of the logs. */
function loadMeSpeak(): MeSpeak {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('mespeak') as MeSpeak;
  } finally {
    console.warn = warn;
  }
}

/** Loaded on first use (its voices and eSpeak's data are a few MB of heap and some start-up time). */
let loadedMeSpeak: MeSpeak | undefined;

/** The offline voices: a language's eSpeak voice with a timbre. */
export const LOCAL_VOICES: Record<string, { variant: string; pitch: number; speed: number }> = {
  neutral: { variant: 'm3', pitch: 45, speed: 165 },
  warm: { variant: 'm1', pitch: 35, speed: 150 },
  bright: { variant: 'f2', pitch: 60, speed: 170 },
  calm: { variant: 'f4', pitch: 50, speed: 140 },
};

const VOICE_OF_LANGUAGE: Record<string, string> = {
  en: 'en/en-us', fr: 'fr', de: 'de', es: 'es', it: 'it', pt: 'pt', nl: 'nl', pl: 'pl', sv: 'sv', fi: 'fi', hu: 'hu', cs: 'cs', el: 'el', ca: 'ca', tr: 'tr', zh: 'zh', la: 'la', eo: 'eo',
};

let configured = false;
const loadedVoices = new Set<string>();

/** Speaks text as a WAV file (eSpeak's own 22 kHz output). */
export function speakOffline(text: string, voice: string, language = 'en'): Buffer {
  const timbre = LOCAL_VOICES[voice] ?? LOCAL_VOICES['neutral'];
  const voiceFile = VOICE_OF_LANGUAGE[language.slice(0, 2).toLowerCase()] ?? VOICE_OF_LANGUAGE['en'];
  const meSpeak = (loadedMeSpeak ??= loadMeSpeak());
  if (!configured) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    meSpeak.loadConfig(require('mespeak/src/mespeak_config.json'));
    configured = true;
  }
  if (!loadedVoices.has(voiceFile)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    meSpeak.loadVoice(require(`mespeak/voices/${voiceFile}.json`));
    loadedVoices.add(voiceFile);
  }
  const audio = meSpeak.speak(text, { rawdata: 'buffer', voice: voiceFile, variant: timbre.variant, pitch: timbre.pitch, speed: timbre.speed });
  if (!audio) throw new ProviderError('local', 'unknown', 'Local (offline): the offline voice produced no audio');
  return Buffer.from(audio);
}
