import { Injectable } from '@nestjs/common';

export const SHARE_PERMISSIONS = ['read', 'continue'] as const;
/** `read`: open and watch a shared conversation; `continue`: also send new turns in it. */
export type SharePermission = (typeof SHARE_PERMISSIONS)[number];

/** What a user other than its owner may do with a conversation shared with them, and who shared it. */
export interface ConversationGrant {
  permission: SharePermission;
  sharedById: string;
  sharedByName: string;
}

/** Where grants come from: the area that stores shares (collaboration) registers one at start-up. */
export interface GrantSource {
  /** The strongest grant `userId` holds on a conversation (directly or through a project), or null. */
  grantOf(userId: string, conversationId: string): Promise<ConversationGrant | null>;
  /** Every conversation shared with `userId`, by id. */
  sharedWith(userId: string): Promise<Map<string, ConversationGrant>>;
  /** Whether anyone besides its owner may watch the conversation (then its turns are sent to its socket room). */
  isShared(conversationId: string): Promise<boolean>;
  /** People's display names by user id (who asked the questions of a shared conversation). */
  names(userIds: string[]): Promise<Map<string, string>>;
}

/**
 * Chat's view of sharing, without depending on the area that stores it: with no source registered
 * (sharing not loaded), nothing is shared and every conversation is its owner's alone.
 */
@Injectable()
export class ConversationGrants {
  private source?: GrantSource;

  use(source: GrantSource): void {
    this.source = source;
  }

  grantOf(userId: string, conversationId: string): Promise<ConversationGrant | null> {
    return this.source ? this.source.grantOf(userId, conversationId) : Promise.resolve(null);
  }

  sharedWith(userId: string): Promise<Map<string, ConversationGrant>> {
    return this.source ? this.source.sharedWith(userId) : Promise.resolve(new Map());
  }

  isShared(conversationId: string): Promise<boolean> {
    return this.source ? this.source.isShared(conversationId) : Promise.resolve(false);
  }

  names(userIds: string[]): Promise<Map<string, string>> {
    return this.source ? this.source.names(userIds) : Promise.resolve(new Map());
  }
}
