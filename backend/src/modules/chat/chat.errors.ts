/** Chat's error codes. */
export enum ChatErrorCode {
  CONVERSATION_NOT_FOUND = 'CONVERSATION_NOT_FOUND',
  /** Regenerate in a conversation with no turn yet. */
  NOTHING_TO_REGENERATE = 'NOTHING_TO_REGENERATE',
  /** The conversation is longer than the model's context. */
  CONTEXT_EXCEEDED = 'CONTEXT_EXCEEDED',
  MESSAGE_NOT_FOUND = 'MESSAGE_NOT_FOUND',
  /** Read aloud a message with no text to speak (only code, or still empty). */
  NOTHING_TO_SPEAK = 'NOTHING_TO_SPEAK',
  PRESET_NOT_FOUND = 'PRESET_NOT_FOUND',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    ChatErrorCode: ChatErrorCode;
  }
}
