/** What the audit trail records: admin actions (`admin.*`) and security events (`auth.*`, `webhook.*`, `budget.*`). */
export enum AuditAction {
  SIGN_UP = 'auth.sign_up',
  ADMIN_CLAIMED = 'auth.admin_claimed',
  LOGIN_FAILED = 'auth.login_failed',
  DISABLED_ACCOUNT_ATTEMPT = 'auth.disabled_account_attempt',
  PENDING_ACCOUNT_ATTEMPT = 'auth.pending_account_attempt',
  REFRESH_TOKEN_REUSED = 'auth.refresh_token_reused',
  PASSWORD_RESET_USED = 'auth.password_reset_used',
  /** Reserved for the webhook receivers (Twilio, Pipedream) that are not built yet. */
  WEBHOOK_SIGNATURE_FAILED = 'webhook.signature_failed',
  /** A request refused because it would pass a budget (402); details name the budget. */
  BUDGET_REFUSED = 'budget.refused',
  USER_APPROVED = 'admin.user_approved',
  USER_DISABLED = 'admin.user_disabled',
  USER_ENABLED = 'admin.user_enabled',
  USER_ROLE_CHANGED = 'admin.user_role_changed',
  PASSWORD_RESET_CREATED = 'admin.password_reset_created',
  INVITATION_CREATED = 'admin.invitation_created',
  REGISTRATION_POLICY_CHANGED = 'admin.registration_policy_changed',
  WORKSPACE_KEY_CREATED = 'admin.workspace_key_created',
  WORKSPACE_KEY_DELETED = 'admin.workspace_key_deleted',
  INVITATION_REVOKED = 'admin.invitation_revoked',
  PROVIDER_ACCESS_CHANGED = 'admin.provider_access_changed',
  MCP_SERVER_CREATED = 'admin.mcp_server_created',
  MCP_SERVER_UPDATED = 'admin.mcp_server_updated',
  MCP_SERVER_DELETED = 'admin.mcp_server_deleted',
  BUDGET_CHANGED = 'admin.budget_changed',
  /** A chat model turned on or off for the workspace or for roles; details name it, before and after. */
  MODEL_ACCESS_CHANGED = 'admin.model_access_changed',
  DEFAULT_MODEL_CHANGED = 'admin.default_model_changed',
  JOB_RETRIED = 'admin.job_retried',
  JOB_DISCARDED = 'admin.job_discarded',
}
