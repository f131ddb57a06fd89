/** Automation's error codes (triggers out of Webox, hooks into it). */
export enum AutomationErrorCode {
  AUTOMATION_TRIGGER_NOT_FOUND = 'AUTOMATION_TRIGGER_NOT_FOUND',
  AUTOMATION_DELIVERY_NOT_FOUND = 'AUTOMATION_DELIVERY_NOT_FOUND',
  AUTOMATION_HOOK_NOT_FOUND = 'AUTOMATION_HOOK_NOT_FOUND',
  /** An event name that no area publishes; the message lists the valid ones. */
  AUTOMATION_UNKNOWN_EVENT = 'AUTOMATION_UNKNOWN_EVENT',
  /** The trigger's URL is refused by the outbound guard (loopback, private, link-local, metadata, not http(s)). */
  AUTOMATION_URL_REFUSED = 'AUTOMATION_URL_REFUSED',
  /** A hook called without its secret, with a wrong one, or revoked. */
  AUTOMATION_HOOK_UNAUTHORIZED = 'AUTOMATION_HOOK_UNAUTHORIZED',
  /** A revoked hook cannot be rotated: create another. */
  AUTOMATION_HOOK_REVOKED = 'AUTOMATION_HOOK_REVOKED',
  /** More than 100 calls of one hook in a second. */
  AUTOMATION_HOOK_RATE_LIMITED = 'AUTOMATION_HOOK_RATE_LIMITED',
  /** A hook's body must be a JSON object of the workflow's inputs. */
  AUTOMATION_HOOK_INVALID_BODY = 'AUTOMATION_HOOK_INVALID_BODY',
  /** Pipedream refused the OAuth client id or secret (its token endpoint answered 401/400): nothing stored. */
  AUTOMATION_PIPEDREAM_CREDENTIALS_REJECTED = 'AUTOMATION_PIPEDREAM_CREDENTIALS_REJECTED',
  /** The OAuth client is valid but the project id is not one it can read (or not in that environment): nothing stored. */
  AUTOMATION_PIPEDREAM_PROJECT_NOT_FOUND = 'AUTOMATION_PIPEDREAM_PROJECT_NOT_FOUND',
  /** Listing, creating or invoking needs a Pipedream connection first. */
  AUTOMATION_PIPEDREAM_NOT_CONNECTED = 'AUTOMATION_PIPEDREAM_NOT_CONNECTED',
  /** A workflow reference that is neither an endpoint id (`en…`/`eo…`) nor a URL on the workflow domain. */
  AUTOMATION_PIPEDREAM_WORKFLOW_INVALID = 'AUTOMATION_PIPEDREAM_WORKFLOW_INVALID',
  /** Pipedream answered an error or could not be reached (the message says which, with its status). */
  AUTOMATION_PIPEDREAM_FAILED = 'AUTOMATION_PIPEDREAM_FAILED',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    AutomationErrorCode: AutomationErrorCode;
  }
}
