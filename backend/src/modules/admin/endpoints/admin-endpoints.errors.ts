/** The error codes of the administrators' OpenAI-compatible endpoints (issue 26 item 4). */
export enum AdminEndpointsErrorCode {
  /** No endpoint with that id (404). */
  ENDPOINT_NOT_FOUND = 'ENDPOINT_NOT_FOUND',
  /** Another endpoint has that slug (409, naming `slug`). */
  ENDPOINT_SLUG_TAKEN = 'ENDPOINT_SLUG_TAKEN',
  /** The base URL points at a link-local or cloud metadata address, refused even for an admin (400, naming `baseUrl`). */
  ENDPOINT_URL_BLOCKED = 'ENDPOINT_URL_BLOCKED',
  /** The check could not reach the endpoint, or it did not answer its model list (400, naming `baseUrl`). */
  ENDPOINT_UNREACHABLE = 'ENDPOINT_UNREACHABLE',
  /** The endpoint refused the key (401 or 403 to its model list) (400, naming `apiKey`). */
  ENDPOINT_KEY_REJECTED = 'ENDPOINT_KEY_REJECTED',
}

declare module '../../../common/error-codes' {
  interface ErrorCodeLists {
    AdminEndpointsErrorCode: AdminEndpointsErrorCode;
  }
}
