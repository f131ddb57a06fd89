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
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    AutomationErrorCode: AutomationErrorCode;
  }
}
