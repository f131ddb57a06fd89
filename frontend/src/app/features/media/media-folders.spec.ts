import type { MediaFolderDto } from '../../api/models';
import { buildFolderTree, descendantIds, findNode, flattenTree, folderPath } from './media-folders';

function folder(id: string, parentId: string | null, fileCount = 0, name = id): MediaFolderDto {
  return { id, name, parentId, fileCount, createdAt: '', updatedAt: '' };
}

const names = (nodes: { folder: MediaFolderDto }[]) => nodes.map((node) => node.folder.name);

describe('buildFolderTree', () => {
  it('nests the flat list under the parents, sorted by name at each level', () => {
    const tree = buildFolderTree([folder('b', null), folder('a2', 'a'), folder('a', null), folder('a10', 'a'), folder('a1', 'a'), folder('deep', 'a1')]);
    expect(names(tree)).toEqual(['a', 'b']);
    // Numbers sort as numbers: a1, a2, a10.
    expect(names(tree[0]!.children)).toEqual(['a1', 'a2', 'a10']);
    expect(names(tree[0]!.children[0]!.children)).toEqual(['deep']);
    expect(tree[0]!.children[0]!.children[0]!.depth).toBe(2);
  });

  it('sorts without regard to case', () => {
    expect(names(buildFolderTree([folder('1', null, 0, 'beta'), folder('2', null, 0, 'Alpha'), folder('3', null, 0, 'gamma')]))).toEqual(['Alpha', 'beta', 'gamma']);
  });

  it('counts the files and sub-folders below each folder', () => {
    const tree = buildFolderTree([folder('a', null, 1), folder('b', 'a', 2), folder('c', 'b', 3), folder('d', 'a', 0)]);
    expect(tree[0]).toMatchObject({ totalFiles: 6, totalFolders: 3 });
    expect(findNode(tree, 'b')).toMatchObject({ totalFiles: 5, totalFolders: 1 });
    expect(findNode(tree, 'd')).toMatchObject({ totalFiles: 0, totalFolders: 0 });
  });

  it('shows a folder whose parent is missing at the top', () => {
    const tree = buildFolderTree([folder('orphan', 'gone'), folder('a', null)]);
    expect(names(tree)).toEqual(['a', 'orphan']);
  });

  it('does not recurse forever on a parent loop, and loses no folder', () => {
    const tree = buildFolderTree([folder('x', 'y'), folder('y', 'x'), folder('self', 'self')]);
    expect(flattenTree(tree).map((node) => node.folder.id).sort()).toEqual(['self', 'x', 'y']);
  });

  it('is empty for no folders', () => {
    expect(buildFolderTree([])).toEqual([]);
  });
});

describe('flattenTree', () => {
  const tree = buildFolderTree([folder('a', null), folder('a1', 'a'), folder('a1x', 'a1'), folder('b', null)]);

  it('lists every node depth first', () => {
    expect(flattenTree(tree).map((node) => `${node.depth}:${node.folder.id}`)).toEqual(['0:a', '1:a1', '2:a1x', '0:b']);
  });

  it('stops at closed folders when given the open ones', () => {
    expect(flattenTree(tree, new Set(['a'])).map((node) => node.folder.id)).toEqual(['a', 'a1', 'b']);
    expect(flattenTree(tree, new Set()).map((node) => node.folder.id)).toEqual(['a', 'b']);
  });
});

describe('descendantIds and folderPath', () => {
  const folders = [folder('a', null), folder('b', 'a'), folder('c', 'b'), folder('d', null), folder('e', 'a')];

  it('finds the folder and everything below it', () => {
    expect([...descendantIds(folders, 'a')].sort()).toEqual(['a', 'b', 'c', 'e']);
    expect([...descendantIds(folders, 'c')]).toEqual(['c']);
  });

  it('gives the path from the top down', () => {
    expect(folderPath(folders, 'c').map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
    expect(folderPath(folders, 'd').map((entry) => entry.id)).toEqual(['d']);
    expect(folderPath(folders, 'unknown')).toEqual([]);
  });

  it('stops on a parent loop', () => {
    expect(folderPath([folder('x', 'y'), folder('y', 'x')], 'x').map((entry) => entry.id)).toEqual(['y', 'x']);
  });
});
