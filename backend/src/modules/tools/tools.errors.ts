/** The tools' error codes. */
export enum ToolErrorCode {
  /** A tool name no area registered, or an MCP tool of a server you cannot see; `details` names each. */
  UNKNOWN_TOOL = 'UNKNOWN_TOOL',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    ToolErrorCode: ToolErrorCode;
  }
}
