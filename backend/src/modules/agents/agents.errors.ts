/** Agents' error codes. */
export enum AgentErrorCode {
  AGENT_NOT_FOUND = 'AGENT_NOT_FOUND',
  /** Built-in agents are read-only: duplicate one to change it. */
  AGENT_BUILT_IN = 'AGENT_BUILT_IN',
  /** An agent shared with me through a project is read-only: only its owner changes it. */
  AGENT_NOT_YOURS = 'AGENT_NOT_YOURS',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    AgentErrorCode: AgentErrorCode;
  }
}
