/** Agents' error codes. */
export enum AgentErrorCode {
  AGENT_NOT_FOUND = 'AGENT_NOT_FOUND',
  /** Built-in agents are read-only: duplicate one to change it. */
  AGENT_BUILT_IN = 'AGENT_BUILT_IN',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    AgentErrorCode: AgentErrorCode;
  }
}
