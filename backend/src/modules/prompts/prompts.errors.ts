/** The prompt library's error codes. */
export enum PromptErrorCode {
  PROMPT_NOT_FOUND = 'PROMPT_NOT_FOUND',
  /** Built-in prompts are read-only: duplicate one to change it. */
  PROMPT_BUILT_IN = 'PROMPT_BUILT_IN',
  /** Another user's shared prompt: only its owner changes it. */
  PROMPT_NOT_YOURS = 'PROMPT_NOT_YOURS',
  /** A variable without a default got no value; `details` names each one. */
  MISSING_VARIABLES = 'MISSING_VARIABLES',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    PromptErrorCode: PromptErrorCode;
  }
}
