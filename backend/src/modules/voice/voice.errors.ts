/** Voice's error codes (phone assistants over Twilio). */
export enum VoiceErrorCode {
  VOICE_ASSISTANT_NOT_FOUND = 'VOICE_ASSISTANT_NOT_FOUND',
  VOICE_CALL_NOT_FOUND = 'VOICE_CALL_NOT_FOUND',
  /** Another assistant of the workspace already answers this phone number. */
  VOICE_NUMBER_TAKEN = 'VOICE_NUMBER_TAKEN',
  /** The assistant names an agent the user cannot use. */
  VOICE_UNKNOWN_AGENT = 'VOICE_UNKNOWN_AGENT',
  /** A voice the chosen provider does not have. */
  VOICE_UNKNOWN_VOICE = 'VOICE_UNKNOWN_VOICE',
  /** Twilio refused the Account SID and Auth Token: nothing was stored. */
  VOICE_TWILIO_CREDENTIALS_REJECTED = 'VOICE_TWILIO_CREDENTIALS_REJECTED',
  /** No Twilio account is connected (neither the user's nor the workspace's). */
  VOICE_TWILIO_NOT_CONNECTED = 'VOICE_TWILIO_NOT_CONNECTED',
  /** Twilio answered an error or could not be reached. */
  VOICE_TWILIO_FAILED = 'VOICE_TWILIO_FAILED',
  /** The Twilio account has no incoming number with this SID. */
  VOICE_NUMBER_NOT_FOUND = 'VOICE_NUMBER_NOT_FOUND',
  /** An outbound call needs the assistant to have a phone number to call from. */
  VOICE_ASSISTANT_HAS_NO_NUMBER = 'VOICE_ASSISTANT_HAS_NO_NUMBER',
  /** Twilio must reach Webox: set WEBOX_PUBLIC_URL before connecting a number or placing a call. */
  VOICE_PUBLIC_URL_MISSING = 'VOICE_PUBLIC_URL_MISSING',
  /** A Twilio webhook without a valid X-Twilio-Signature. */
  VOICE_SIGNATURE_INVALID = 'VOICE_SIGNATURE_INVALID',
  /** Stream mode speaks with a synthesised voice (openai, elevenlabs, offline), not a Twilio `<Say>` voice. */
  VOICE_STREAM_NEEDS_SPEECH_VOICE = 'VOICE_STREAM_NEEDS_SPEECH_VOICE',
  /** A synthesised-audio link that is wrong or expired. */
  VOICE_AUDIO_LINK_INVALID = 'VOICE_AUDIO_LINK_INVALID',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    VoiceErrorCode: VoiceErrorCode;
  }
}
