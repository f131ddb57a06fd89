/** What a note beside a reply says, for the dashboard to say it in the user's language. */
export const REPLY_NOTE_KEYS = ['timeLimit', 'stepLimit', 'callsRefused', 'reasoningSampling', 'oneSampler', 'maxTokensLowered', 'attachmentTruncated', 'toolUnavailable', 'toolsUnavailable'] as const;
export type ReplyNoteKey = (typeof REPLY_NOTE_KEYS)[number];
export type ReplyNoteParams = Record<string, string | number>;

/**
 * A note the user reads beside a reply (a limit reached, a setting the model could not take): `text`
 * in English (exports, the API, older clients) and `key` + `params` for the dashboard's dictionary.
 */
export interface ReplyNote {
  text: string;
  key: ReplyNoteKey;
  params: ReplyNoteParams;
}

export const replyNote = (key: ReplyNoteKey, params: ReplyNoteParams, text: string): ReplyNote => ({ key, params, text });
