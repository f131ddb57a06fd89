/** MCP servers' error codes. */
export enum McpErrorCode {
  MCP_SERVER_NOT_FOUND = 'MCP_SERVER_NOT_FOUND',
  /** A server an admin shares: only admins change it. */
  MCP_SERVER_SHARED = 'MCP_SERVER_SHARED',
  /** A private, loopback or link-local address (only an admin can add one, allow-listed). */
  MCP_URL_BLOCKED = 'MCP_URL_BLOCKED',
  /** stdio servers run a program on the server: admins only. */
  MCP_STDIO_ADMIN_ONLY = 'MCP_STDIO_ADMIN_ONLY',
  /** stdio servers are off (`WEBOX_MCP_STDIO`). */
  MCP_STDIO_DISABLED = 'MCP_STDIO_DISABLED',
}

declare module '../../../common/error-codes' {
  interface ErrorCodeLists {
    McpErrorCode: McpErrorCode;
  }
}
