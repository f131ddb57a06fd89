import { pngOf } from './support/media-fixtures';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * A media folder shared with a project shares its whole subtree, read-only (issue 27 §3): members
 * list its sub-folders and their files, open and download them, find it all under "shared with me";
 * they change nothing in it; an outsider meets 404s; unsharing ends access at once.
 */
interface SharedFolder {
  id: string;
  name: string;
  parentId: string | null;
  fileCount: number;
  ownerId: string;
  ownerName: string;
  sharedRootId: string;
  projects: Array<{ id: string; name: string }>;
}

describe('media: folders shared with a project', () => {
  let app: TestApp;
  let bob: TestUser; // owns the folders, shares them
  let vic: TestUser; // a viewer of the project
  let ed: TestUser; // an editor of the project
  let eve: TestUser; // outsider
  let projectId: string;
  let shareId: string;
  let root: string;
  let child: string;
  let grandchild: string;
  let deepFile: string;
  let privateFolder: string;
  let privateFile: string;
  let channelId: string;

  const folder = async (name: string, parentId?: string) => (await app.http().post('/api/media/folders').set(bob.auth).send({ name, parentId }).expect(201)).body.id as string;
  const upload = async (folderId: string, name: string) => (await app.http().post(`/api/media/upload?folderId=${folderId}`).set(bob.auth).attach('files', await pngOf(16, 16), { filename: name }).expect(201)).body[0].id as string;
  const sharedWith = async (user: TestUser) => (await app.http().get('/api/media/folders/shared').set(user.auth).expect(200)).body as SharedFolder[];
  const filesIn = (user: TestUser, folderId: string) => app.http().get(`/api/media/files?folderId=${folderId}`).set(user.auth);

  beforeAll(async () => {
    app = await startTestApp();
    [bob, vic, eve, ed] = [await registerUser(app, 'Bob'), await registerUser(app, 'Vic'), await registerUser(app, 'Eve'), await registerUser(app, 'Ed')];
    ({ id: projectId, channelId } = (await app.http().post('/api/collaboration/projects').set(bob.auth).send({ name: 'Atelier' }).expect(201)).body);
    await app.http().post(`/api/collaboration/projects/${projectId}/members`).set(bob.auth).send({ email: ed.email, role: 'editor' }).expect(201);
    await app.http().post(`/api/collaboration/projects/${projectId}/members`).set(bob.auth).send({ email: vic.email, role: 'viewer' }).expect(201);
    root = await folder('Team assets');
    child = await folder('Logos', root);
    grandchild = await folder('Old', child);
    privateFolder = await folder('Private');
    await upload(root, 'cover.png');
    await upload(child, 'logo.png');
    deepFile = await upload(grandchild, 'old-logo.png');
    privateFile = await upload(privateFolder, 'secret.png');
    shareId = (await app.http().post(`/api/collaboration/projects/${projectId}/shares`).set(bob.auth).send({ kind: 'media_folder', resourceId: root }).expect(201)).body.id;
  }, 300_000);
  afterAll(() => app?.close());

  it('a member finds the shared folder and every folder below it under "shared with me", with its owner and project', async () => {
    const shared = await sharedWith(vic);
    expect(shared.map((f) => f.name).sort()).toEqual(['Logos', 'Old', 'Team assets']);
    for (const entry of shared) expect(entry).toMatchObject({ ownerId: bob.id, ownerName: 'Bob', sharedRootId: root, projects: [{ id: projectId, name: 'Atelier' }], fileCount: 1 });
    expect(shared.find((f) => f.id === grandchild)!.parentId).toBe(child);
    // Nobody sees their own folders there, nor a folder shared with a project they are not in.
    expect(await sharedWith(bob)).toEqual([]);
    expect(await sharedWith(eve)).toEqual([]);
  });

  it("a member lists a sub-folder's files, opens one and downloads it; its thumbnail link and content link work", async () => {
    const page = (await filesIn(vic, grandchild).expect(200)).body as { items: Array<{ id: string; name: string; contentUrl: string }>; total: number };
    expect(page.items.map((f) => f.name)).toEqual(['old-logo.png']);
    expect((await filesIn(vic, child).expect(200)).body.items.map((f: { name: string }) => f.name)).toEqual(['logo.png']);
    await app.http().get(`/api/media/files/${deepFile}`).set(vic.auth).expect(200);
    const bytes = await app.http().get(`/api/media/files/${deepFile}/content?download=true`).set(vic.auth).expect(200);
    expect(bytes.headers['content-disposition']).toContain('attachment');
    expect(Number(bytes.headers['content-length'])).toBeGreaterThan(0);
    await app.http().get(page.items[0]!.contentUrl).expect(200);
    // The thumbnail is made by a job: the bearer route answers as for the owner (ready or being made), never a 404 for a missing right.
    const thumbnail = await app.http().get(`/api/media/files/${deepFile}/thumbnail`).set(vic.auth);
    expect(thumbnail.body?.code ?? 'bytes').not.toBe('MEDIA_FILE_NOT_FOUND');
    expect((await app.http().get(`/api/media/files/${deepFile}/thumbnail`).set(eve.auth).expect(404)).body.code).toBe('MEDIA_FILE_NOT_FOUND');
  });

  it('the owner’s other folders stay private; an outsider gets 404 for the folder and its files', async () => {
    await filesIn(vic, privateFolder).expect(404);
    await filesIn(eve, child).expect(404);
    await filesIn(eve, root).expect(404);
    await app.http().get(`/api/media/files/${deepFile}`).set(eve.auth).expect(404);
    await app.http().get(`/api/media/files/${deepFile}/content`).set(eve.auth).expect(404);
    // A member's own listing of everything is still only their own files.
    expect((await app.http().get('/api/media/files').set(vic.auth).expect(200)).body.total).toBe(0);
  });

  it('writes in the shared subtree are refused like another user’s rows (404): upload, new sub-folder, rename, move, delete', async () => {
    await app.http().post(`/api/media/upload?folderId=${child}`).set(vic.auth).attach('files', await pngOf(8, 8), { filename: 'mine.png' }).expect(404);
    await app.http().post('/api/media/folders').set(vic.auth).send({ name: 'Inside', parentId: child }).expect(404);
    await app.http().patch(`/api/media/folders/${child}`).set(vic.auth).send({ name: 'Renamed' }).expect(404);
    await app.http().delete(`/api/media/folders/${grandchild}?recursive=true`).set(vic.auth).expect(404);
    await app.http().patch(`/api/media/files/${deepFile}`).set(vic.auth).send({ name: 'renamed.png' }).expect(404);
    await app.http().delete(`/api/media/files/${deepFile}`).set(vic.auth).expect(404);
    // Nor can a member move a file of their own into it.
    const own = (await app.http().post('/api/media/upload').set(vic.auth).attach('files', await pngOf(8, 8), { filename: 'own.png' }).expect(201)).body[0].id as string;
    await app.http().patch(`/api/media/files/${own}`).set(vic.auth).send({ folderId: child }).expect(404);
    expect((await filesIn(bob, grandchild).expect(200)).body.items.map((f: { name: string }) => f.name)).toEqual(['old-logo.png']);
  });

  it("a member attaches a file of a shared sub-folder in the project's channel, not one of the owner's private folders", async () => {
    const sent = await app.http().post('/api/collaboration/messages').set(ed.auth).send({ channelId, text: 'The old logo', attachmentIds: [deepFile] }).expect(201);
    expect(sent.body.attachments.map((file: { id: string }) => file.id)).toEqual([deepFile]);
    const refused = await app.http().post('/api/collaboration/messages').set(ed.auth).send({ channelId, text: 'Secret', attachmentIds: [privateFile] }).expect(404);
    expect(refused.body.code).toBe('COLLAB_ATTACHMENT_NOT_FOUND');
  });

  it('a folder the owner adds later below the shared one is shared too', async () => {
    const later = await folder('Later', grandchild);
    expect((await sharedWith(vic)).map((f) => f.id)).toContain(later);
    await filesIn(vic, later).expect(200);
  });

  it('after unsharing, the folder, its sub-folders and their files are 404s at once', async () => {
    await app.http().delete(`/api/collaboration/projects/${projectId}/shares/${shareId}`).set(bob.auth).expect(204);
    expect(await sharedWith(vic)).toEqual([]);
    await filesIn(vic, root).expect(404);
    await filesIn(vic, grandchild).expect(404);
    await app.http().get(`/api/media/files/${deepFile}`).set(vic.auth).expect(404);
    await app.http().get(`/api/media/files/${deepFile}/content`).set(vic.auth).expect(404);
    // The owner still has everything.
    expect((await filesIn(bob, grandchild).expect(200)).body.total).toBe(1);
  });

  it('sharing a sub-folder only shares that branch; leaving the project ends access at once', async () => {
    shareId = (await app.http().post(`/api/collaboration/projects/${projectId}/shares`).set(bob.auth).send({ kind: 'media_folder', resourceId: child }).expect(201)).body.id;
    expect((await sharedWith(vic)).map((f) => f.name).sort()).toEqual(['Later', 'Logos', 'Old']);
    expect((await sharedWith(vic)).find((f) => f.id === child)!.sharedRootId).toBe(child);
    await filesIn(vic, root).expect(404);
    await filesIn(vic, grandchild).expect(200);
    await app.http().delete(`/api/collaboration/projects/${projectId}/members/${vic.id}`).set(vic.auth).expect(204);
    expect(await sharedWith(vic)).toEqual([]);
    await filesIn(vic, grandchild).expect(404);
    await app.http().get(`/api/media/files/${deepFile}/content`).set(vic.auth).expect(404);
  });
});
