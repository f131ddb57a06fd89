/** Generation's error codes (its jobs answer the queue's). */
export enum GenerationErrorCode {
  /** An option the chosen model does not offer; `details` names the field. */
  INVALID_OPTION = 'INVALID_OPTION',
  /** No key for the provider of a model a pipeline needs; the message names where to add one. */
  MISSING_CREDENTIALS = 'MISSING_CREDENTIALS',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    GenerationErrorCode: GenerationErrorCode;
  }
}
