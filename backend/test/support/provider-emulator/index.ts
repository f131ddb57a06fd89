/** The provider emulator: loopback servers that let the real vendor SDKs run in tests. See README.md. */
export { ProviderEmulator, SCENARIO_HEADER, startProviderEmulator } from './provider-emulator.server';
export type {
  Behaviour,
  EmulatedPrediction,
  Failure,
  PredictionBehaviour,
  PredictionStatus,
  ProviderEmulatorOptions,
  RecordedImage,
  RecordedMessage,
  RecordedRequest,
  RecordedToolCall,
  RecordedToolResult,
  RequestKind,
  RequestMatch,
  RequestOutcome,
  ResolvedBehaviour,
  ScriptedBehaviour,
  ScriptedToolCall,
  Vendor,
} from './provider-emulator.types';
export { cosineSimilarity, embedText } from './embedding.generator';
export { countWords, defaultReply, splitIntoTokens } from './reply.planner';
export { imageFile, mp3File, mp4File, pcmFile, wavFile } from './media-file.generator';
