import type { MediaFolderDto } from '../../api/models';

/** A folder with its sub-folders, as the tree shows it. */
export interface FolderNode {
  folder: MediaFolderDto;
  children: FolderNode[];
  /** 0 for a folder at the top. */
  depth: number;
  /** Files in the folder and in all its sub-folders. */
  totalFiles: number;
  /** Sub-folders at every depth below it. */
  totalFolders: number;
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The tree of the flat list the API returns (each folder names its parent), sorted by name at
 * each level. A folder whose parent is missing is shown at the top rather than lost, and a
 * parent loop (which the API refuses to create) cannot make it recurse forever.
 */
export function buildFolderTree(folders: readonly MediaFolderDto[]): FolderNode[] {
  const ids = new Set(folders.map((folder) => folder.id));
  const childrenOf = new Map<string | null, MediaFolderDto[]>();
  for (const folder of folders) {
    const parent = folder.parentId !== null && ids.has(folder.parentId) && folder.parentId !== folder.id ? folder.parentId : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(folder);
    childrenOf.set(parent, siblings);
  }
  const placed = new Set<string>();
  const build = (folder: MediaFolderDto, depth: number): FolderNode => {
    placed.add(folder.id);
    const children = sortByName(childrenOf.get(folder.id) ?? [])
      .filter((child) => !placed.has(child.id))
      .map((child) => build(child, depth + 1));
    return {
      folder,
      children,
      depth,
      totalFiles: children.reduce((sum, child) => sum + child.totalFiles, folder.fileCount),
      totalFolders: children.reduce((sum, child) => sum + 1 + child.totalFolders, 0),
    };
  };
  const roots = sortByName(childrenOf.get(null) ?? []).map((folder) => build(folder, 0));
  // Folders caught in a parent loop have no way up to the top: show them there.
  const stranded = sortByName(folders.filter((folder) => !placed.has(folder.id)));
  for (const folder of stranded) {
    if (!placed.has(folder.id)) roots.push(build(folder, 0));
  }
  return roots;
}

/** The nodes depth first, in the order the tree shows them; `expanded` limits it to what is open. */
export function flattenTree(nodes: readonly FolderNode[], expanded?: ReadonlySet<string>): FolderNode[] {
  const list: FolderNode[] = [];
  const visit = (node: FolderNode) => {
    list.push(node);
    if (!expanded || expanded.has(node.folder.id)) node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return list;
}

/** The node of a folder, wherever it is in the tree. */
export function findNode(nodes: readonly FolderNode[], id: string): FolderNode | undefined {
  for (const node of nodes) {
    if (node.folder.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return undefined;
}

/** The folder and every folder below it: where it cannot be moved. */
export function descendantIds(folders: readonly MediaFolderDto[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const folder of folders) {
      if (folder.parentId !== null && result.has(folder.parentId) && !result.has(folder.id)) {
        result.add(folder.id);
        grew = true;
      }
    }
  }
  return result;
}

/** The folders from the top down to this one (included), for breadcrumbs; empty when it is unknown. */
export function folderPath(folders: readonly MediaFolderDto[], id: string): MediaFolderDto[] {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const path: MediaFolderDto[] = [];
  let current = byId.get(id);
  while (current && !path.includes(current)) {
    path.unshift(current);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return path;
}

function sortByName(folders: MediaFolderDto[]): MediaFolderDto[] {
  return [...folders].sort((a, b) => byName.compare(a.name, b.name));
}
