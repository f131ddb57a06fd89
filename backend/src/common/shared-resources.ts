import { Injectable } from '@nestjs/common';

/** What a project can be given by one of its members (issue 27 §3). */
export const SHARED_RESOURCE_KINDS = ['media_folder', 'prompt', 'agent'] as const;
export type SharedResourceKind = (typeof SHARED_RESOURCE_KINDS)[number];

/** One resource as its owning area describes it. */
export interface ShareableResource {
  id: string;
  ownerId: string;
  name: string;
}

/** An owning area (media, prompts, agents) answers for its own rows: registered at start-up. */
export interface ShareableKind {
  kind: SharedResourceKind;
  /** The resources among these ids, whoever owns them (gone ones left out). */
  find(ids: readonly string[]): Promise<ShareableResource[]>;
}

/** One share of a resource with a project `userId` is a member of: who shared it, through which project. */
export interface ResourceShareGrant {
  resourceId: string;
  projectId: string;
  projectName: string;
  sharedById: string;
  sharedByName: string;
}

/** Where project shares are stored (collaboration registers itself). */
export interface ResourceShareSource {
  /** Ids of the resources of this kind shared with a project `userId` is a member of. */
  sharedIds(userId: string, kind: SharedResourceKind): Promise<string[]>;
  /** Whether this resource is shared with a project `userId` is a member of. */
  isSharedWith(userId: string, kind: SharedResourceKind, id: string): Promise<boolean>;
  /** The shares behind `sharedIds`, with the names a reader is shown (a resource shared with two projects: two grants). */
  grants(userId: string, kind: SharedResourceKind): Promise<ResourceShareGrant[]>;
}

/**
 * The hook between the areas that own shareable resources and the area that shares them with
 * projects, so that neither queries the other's tables and neither imports the other: each owning
 * area registers what it knows (its resources: who owns them, what they are called), the sharing
 * area registers what it knows (who may read what), and each asks the hook. With no source
 * registered (collaboration not loaded) nothing is shared.
 */
@Injectable()
export class SharedResources {
  private source?: ResourceShareSource;
  private readonly kinds = new Map<SharedResourceKind, ShareableKind>();

  registerKind(kind: ShareableKind): void {
    this.kinds.set(kind.kind, kind);
  }

  use(source: ResourceShareSource): void {
    this.source = source;
  }

  /** The owning area's description of these resources (a kind no area registered: none). */
  find(kind: SharedResourceKind, ids: readonly string[]): Promise<ShareableResource[]> {
    const owner = this.kinds.get(kind);
    return owner && ids.length ? owner.find(ids) : Promise.resolve([]);
  }

  sharedIds(userId: string, kind: SharedResourceKind): Promise<string[]> {
    return this.source ? this.source.sharedIds(userId, kind) : Promise.resolve([]);
  }

  isSharedWith(userId: string, kind: SharedResourceKind, id: string): Promise<boolean> {
    return this.source ? this.source.isSharedWith(userId, kind, id) : Promise.resolve(false);
  }

  grants(userId: string, kind: SharedResourceKind): Promise<ResourceShareGrant[]> {
    return this.source ? this.source.grants(userId, kind) : Promise.resolve([]);
  }
}
