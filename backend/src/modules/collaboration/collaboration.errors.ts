/** Collaboration's error codes (projects, channels, direct messages). */
export enum CollaborationErrorCode {
  /** No such project, or not one of mine. */
  PROJECT_NOT_FOUND = 'PROJECT_NOT_FOUND',
  /** No such channel, or not in one of my projects. */
  CHANNEL_NOT_FOUND = 'CHANNEL_NOT_FOUND',
  /** No such message, or not in a conversation of mine. */
  COLLAB_MESSAGE_NOT_FOUND = 'COLLAB_MESSAGE_NOT_FOUND',
  /** No user with that e-mail or id. */
  COLLABORATOR_NOT_FOUND = 'COLLABORATOR_NOT_FOUND',
  /** Only a project's owners rename it, delete it or manage its members. */
  PROJECT_OWNER_ONLY = 'PROJECT_OWNER_ONLY',
  /** A viewer reads the project's channel but does not post in it. */
  VIEWER_CANNOT_POST = 'VIEWER_CANNOT_POST',
  /** Only its author edits or deletes a message. */
  MESSAGE_NOT_YOURS = 'MESSAGE_NOT_YOURS',
  /** A deleted message cannot be edited. */
  MESSAGE_DELETED = 'MESSAGE_DELETED',
  /** That user is already a member of the project. */
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  /** A project keeps at least one owner. */
  LAST_OWNER = 'LAST_OWNER',
  /** A message goes to a channel or to a user: exactly one of `channelId` and `recipientId`. */
  MESSAGE_TARGET_REQUIRED = 'MESSAGE_TARGET_REQUIRED',
  /** A direct message to oneself. */
  DIRECT_TO_SELF = 'DIRECT_TO_SELF',
  /** `replyToId` names a message of another conversation. */
  REPLY_OUTSIDE_CONVERSATION = 'REPLY_OUTSIDE_CONVERSATION',
  /** `before` or `after` names a message of another conversation, or both are given. */
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** No such share of a conversation of mine. */
  SHARE_NOT_FOUND = 'SHARE_NOT_FOUND',
  /** No public link (revoked, expired, or never made). */
  SHARE_LINK_NOT_FOUND = 'SHARE_LINK_NOT_FOUND',
  /** A share names no one: give `userIds` and/or `projectId`. */
  SHARE_TARGET_REQUIRED = 'SHARE_TARGET_REQUIRED',
  /** Sharing a conversation with its own owner. */
  SHARE_WITH_SELF = 'SHARE_WITH_SELF',
  /** A public link's `expiresAt` that is not in the future. */
  SHARE_LINK_EXPIRY_PAST = 'SHARE_LINK_EXPIRY_PAST',
  /** More messages from one user than the flood limit allows in its window (REST and socket together); see `Retry-After` / `retryAfterSeconds`. */
  COLLAB_FLOOD_LIMITED = 'COLLAB_FLOOD_LIMITED',
  /** No such notification of mine. */
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
  /** An attachment that is not a file of my media library nor of a media folder shared with the channel's project (`params.id` names it). */
  COLLAB_ATTACHMENT_NOT_FOUND = 'COLLAB_ATTACHMENT_NOT_FOUND',
  /** No such share in this project. */
  PROJECT_SHARE_NOT_FOUND = 'PROJECT_SHARE_NOT_FOUND',
  /** The media folder, prompt or agent to share is not one of mine (another user's, or none). */
  SHARED_RESOURCE_NOT_FOUND = 'SHARED_RESOURCE_NOT_FOUND',
  /** A viewer sees what is shared with the project but shares nothing with it. */
  VIEWER_CANNOT_SHARE = 'VIEWER_CANNOT_SHARE',
  /** Only the member who shared something, or an owner of the project, unshares it. */
  PROJECT_SHARE_NOT_YOURS = 'PROJECT_SHARE_NOT_YOURS',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    CollaborationErrorCode: CollaborationErrorCode;
  }
}
