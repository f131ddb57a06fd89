/** The `/v1` gateway's own codes, in OpenAI's style (its other errors carry the usual codes in OpenAI's error shape). */
export enum OpenAiCompatErrorCode {
  /** A request OpenAI would refuse: the message names the field. */
  INVALID_REQUEST = 'invalid_request',
  /** Not a valid, unexpired and unrevoked Webox access token. */
  INVALID_API_KEY = 'invalid_api_key',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    OpenAiCompatErrorCode: OpenAiCompatErrorCode;
  }
}
