/** The admin's model settings' error codes (an unknown model answers the AI layer's `UNKNOWN_MODEL`). */
export enum AdminModelsErrorCode {
  /** The workspace default chat model must be enabled for the workspace (400, naming `model`). */
  DEFAULT_MODEL_DISABLED = 'DEFAULT_MODEL_DISABLED',
  /** The workspace default chat model cannot be turned off for everyone: choose another default first (409). */
  MODEL_IS_DEFAULT = 'MODEL_IS_DEFAULT',
}

declare module '../../../common/error-codes' {
  interface ErrorCodeLists {
    AdminModelsErrorCode: AdminModelsErrorCode;
  }
}
