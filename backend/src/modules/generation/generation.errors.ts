/** Generation's error codes (its jobs answer the queue's). */
export enum GenerationErrorCode {
  /** An option the chosen model does not offer; `details` names the field. */
  INVALID_OPTION = 'INVALID_OPTION',
  /** No key for the provider of a model a pipeline needs; the message names where to add one. */
  MISSING_CREDENTIALS = 'MISSING_CREDENTIALS',
  /** Speech to text needs an OpenAI key (the user's, the workspace's or the server's): none is in reach (400); no model runs offline. */
  TRANSCRIPTION_NEEDS_OPENAI_KEY = 'TRANSCRIPTION_NEEDS_OPENAI_KEY',
  /** A transcription upload that is not multipart/form-data with one file in the field `file` (400). */
  NO_AUDIO = 'NO_AUDIO',
  /** The recording is not audio Webox can send (webm, ogg, mp3, wav, m4a, flac), judged from its bytes (400; `params.field` is `file`). */
  UNSUPPORTED_AUDIO = 'UNSUPPORTED_AUDIO',
  /** The recording is over the size limit (413; `params.limitBytes`). */
  AUDIO_TOO_LARGE = 'AUDIO_TOO_LARGE',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    GenerationErrorCode: GenerationErrorCode;
  }
}
