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
  /** An attached file over the limit of its kind (an image, a document). */
  ATTACHMENT_TOO_LARGE = 'ATTACHMENT_TOO_LARGE',
  /** An attached file that is neither an image models take nor a document whose text Webox reads. */
  ATTACHMENT_TYPE_REFUSED = 'ATTACHMENT_TYPE_REFUSED',
  /** In a stream, for one model: the message carries images and this model does not take images (the others answer). */
  MODEL_CANNOT_SEE_IMAGES = 'MODEL_CANNOT_SEE_IMAGES',
  /** A reply's id where a user message is expected (edit and resend, regenerate), or the other way round (continue). */
  WRONG_MESSAGE_ROLE = 'WRONG_MESSAGE_ROLE',
  /** Continue a reply that was not cut by its length limit (or is still being written). */
  NOTHING_TO_CONTINUE = 'NOTHING_TO_CONTINUE',
  /** Merge the answers of a turn with fewer than 2 answered columns. */
  NOTHING_TO_MERGE = 'NOTHING_TO_MERGE',
  /** A new turn in a conversation shared with me read-only. */
  SHARED_READ_ONLY = 'SHARED_READ_ONLY',
  /** Rename, delete, regenerate... a conversation shared with me: only its owner does that. */
  SHARED_OWNER_ONLY = 'SHARED_OWNER_ONLY',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    ChatErrorCode: ChatErrorCode;
  }
}
