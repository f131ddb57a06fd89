import { Readable } from 'node:stream';
import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { CreateMediaFolderDto, MediaFileQueryDto, UpdateMediaFileDto, UpdateMediaFolderDto } from './dto/media.dto';
import { MediaFile } from './media-file.entity';
import { MediaFoldersService } from './media-folders.service';
import { MediaLinks } from './media-links';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';
import { CommonErrorCode } from '../../common/error-codes';
import { MediaErrorCode } from './media.errors';

describe(MediaController.name, () => {
  const api = controllerSetup(MediaController, { mocks: [MediaService, MediaFoldersService], providers: [MediaLinks] });
  const media = api.mock(MediaService);
  const folders = api.mock(MediaFoldersService);
  const FOLDER = '00000000-0000-4000-8000-00000000f01d';
  const file = (overrides: Partial<MediaFile> = {}) => ({ id: ROUTE_PARAM_ID, name: 'notes.txt', mimeType: 'text/plain', kind: 'text', size: 11, sha256: 'abc123', ...overrides }) as MediaFile;
  const serve = (content: string, overrides: Partial<MediaFile> = {}) => {
    media.readable.mockResolvedValue(file(overrides));
    media.openContent.mockImplementation(async (owned, range) => ({
      file: owned,
      stream: Readable.from([Buffer.from(range ? content.slice(0, 5) : content)]),
      ...(range ? { range: { start: 0, end: 4 } } : {}),
    }));
  };

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'listMediaFiles',
      query: { folderId: 'root', kind: 'image', source: 'generated', q: 'cat', sort: 'size' },
      wrong: { folderId: 'nope', kind: 'spreadsheet', source: 'stolen', sort: 'colour', q: 'x'.repeat(201) },
      calls: [media.list, api.user.id, dto(MediaFileQueryDto, { folderId: null, kind: 'image', source: 'generated', q: 'cat', sort: 'size', page: 1, limit: 20 })],
    },
    {
      handler: 'updateMediaFile',
      body: { name: ' notes.md ', folderId: null },
      wrong: { name: 'a/b', folderId: 'nope' },
      calls: [media.update, api.user.id, ROUTE_PARAM_ID, dto(UpdateMediaFileDto, { name: 'notes.md', folderId: null })],
    },
    {
      handler: 'createMediaFolder',
      body: { name: 'Trips', parentId: FOLDER },
      wrong: { name: '', parentId: 'nope' },
      calls: [folders.create, api.user.id, dto(CreateMediaFolderDto, { name: 'Trips', parentId: FOLDER })],
    },
    {
      handler: 'updateMediaFolder',
      body: { parentId: null },
      wrong: { name: 'new\u0007line', parentId: 3 },
      calls: [folders.update, api.user.id, ROUTE_PARAM_ID, dto(UpdateMediaFolderDto, { parentId: null })],
    },
    { handler: 'deleteMediaFolder', query: { recursive: 'true' }, wrong: { recursive: 'yes' }, calls: [folders.remove, api.user.id, ROUTE_PARAM_ID, true] },
  ]);

  describe('upload', () => {
    it('hands the service the request body as a stream with its headers, and the folder', async () => {
      let received = '';
      media.upload.mockImplementation(async (_owner, _folder, body, headers) => {
        for await (const chunk of body) received += String(chunk);
        expect(headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
        return [];
      });
      await api.http().post(`/api/media/upload?folderId=${FOLDER}`).set(api.auth.user).attach('files', Buffer.from('hello world'), 'hello.txt').expect(201, []);
      expect(media.upload).toHaveBeenCalledWith(api.user.id, FOLDER, expect.any(Readable), expect.any(Object));
      expect(received).toContain('hello world');
    });

    it('refuses a folder id that is not one', async () => {
      const response = await api.http().post('/api/media/upload?folderId=nope').set(api.auth.user).attach('files', Buffer.from('x'), 'x.txt').expect(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'folderId', message: 'folderId must be a folder id' })]);
      expect(media.upload).not.toHaveBeenCalled();
    });

    it.each([
      ['payment_required', MediaErrorCode.QUOTA_EXCEEDED, 402],
      ['too_large', MediaErrorCode.FILE_TOO_LARGE, 413],
      ['unsupported', MediaErrorCode.UNSUPPORTED_TYPE, 415],
      ['invalid', MediaErrorCode.NOT_MULTIPART, 400],
    ] as const)('the service’s %s %s answers %i', async (kind, code, status) => {
      media.upload.mockRejectedValue(domainError(kind, code));
      const response = await api.http().post('/api/media/upload').set(api.auth.user).attach('files', Buffer.from('x'), 'x.txt').expect(status);
      expect(response.body).toMatchObject({ statusCode: status, code });
    });
  });

  describe('content', () => {
    it('serves the owner’s bytes with headers that keep them out of the dashboard’s origin', async () => {
      serve('hello world');
      const response = await api.http().get(`/api/media/files/${ROUTE_PARAM_ID}/content`).set(api.auth.user).expect(200);
      expect(response.text).toBe('hello world');
      expect(media.readable).toHaveBeenCalledWith(api.user.id, ROUTE_PARAM_ID);
      expect(response.headers).toMatchObject({
        'content-type': 'text/plain; charset=utf-8',
        'content-length': '11',
        'x-content-type-options': 'nosniff',
        'accept-ranges': 'bytes',
        etag: '"abc123"',
      });
      expect(response.headers['content-security-policy']).toContain('sandbox');
      expect(response.headers['content-disposition']).toMatch(/^inline/);
    });

    it('answers a range with 206 and Content-Range', async () => {
      serve('hello world');
      const response = await api.http().get(`/api/media/files/${ROUTE_PARAM_ID}/content`).set(api.auth.user).set('range', 'bytes=0-4').expect(206);
      expect(response.text).toBe('hello');
      expect(response.headers['content-range']).toBe('bytes 0-4/11');
      expect(media.openContent).toHaveBeenCalledWith(expect.anything(), 'bytes=0-4');
    });

    it('sends script-capable types only as downloads', async () => {
      serve('<svg/>', { name: 'logo.svg', mimeType: 'image/svg+xml', kind: 'image', size: 6 } as Partial<MediaFile>);
      const response = await api.http().get(`/api/media/files/${ROUTE_PARAM_ID}/content`).set(api.auth.user).expect(200);
      expect(response.headers['content-disposition']).toMatch(/^attachment/);
    });

    it('takes a signed link instead of a token, for that file and variant only', async () => {
      const links = api.app.get(MediaLinks);
      media.linked.mockResolvedValue(file());
      media.openContent.mockResolvedValue({ file: file(), stream: Readable.from([Buffer.from('hello world')]) });
      await api.http().get(links.url(ROUTE_PARAM_ID, 'content')).expect(200, 'hello world');
      expect(media.linked).toHaveBeenCalledWith(ROUTE_PARAM_ID);
      expect(media.readable).not.toHaveBeenCalled();

      const thumbnailLink = links.url(ROUTE_PARAM_ID, 'thumbnail').split('?')[1];
      const refused = await api.http().get(`/api/media/files/${ROUTE_PARAM_ID}/content?${thumbnailLink}`).expect(401);
      expect(refused.body).toEqual({ statusCode: 401, code: CommonErrorCode.UNAUTHENTICATED, message: 'A valid access token or an unexpired media link is required' });
    });

    it('a range outside the file answers 416', async () => {
      media.readable.mockResolvedValue(file());
      media.openContent.mockRejectedValue(domainError('range_not_satisfiable', MediaErrorCode.RANGE_NOT_SATISFIABLE));
      const response = await api.http().get(`/api/media/files/${ROUTE_PARAM_ID}/content`).set(api.auth.user).set('range', 'bytes=50-60').expect(416);
      expect(response.body.code).toBe(MediaErrorCode.RANGE_NOT_SATISFIABLE);
    });

    it('serves the thumbnail as WebP', async () => {
      media.readable.mockResolvedValue(file({ kind: 'image', mimeType: 'image/png' } as Partial<MediaFile>));
      media.openThumbnail.mockResolvedValue(Readable.from([Buffer.from('RIFF')]));
      const response = await api.http().get(`/api/media/files/${ROUTE_PARAM_ID}/thumbnail`).set(api.auth.user).expect(200);
      expect(response.headers['content-type']).toBe('image/webp');
    });
  });

  it('another user’s file answers 404', async () => {
    media.getReadable.mockRejectedValue(domainError('not_found', MediaErrorCode.MEDIA_FILE_NOT_FOUND, 'Media file not found'));
    await api.http().get(`/api/media/files/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(404, { statusCode: 404, code: MediaErrorCode.MEDIA_FILE_NOT_FOUND, message: 'Media file not found' });
  });

  it('lists the folders shared with the caller', async () => {
    const shared = [{ id: FOLDER, name: 'Team', parentId: null, fileCount: 1, ownerId: 'o', ownerName: 'Bob', sharedRootId: FOLDER, projects: [{ id: 'p', name: 'Atelier' }] }];
    folders.listShared.mockResolvedValue(shared as never);
    await api.http().get('/api/media/folders/shared').set(api.auth.user).expect(200, shared);
    expect(folders.listShared).toHaveBeenCalledWith(api.user.id);
  });

  it('a folder the caller may not read answers 404 to a file list', async () => {
    media.list.mockRejectedValue(domainError('not_found', MediaErrorCode.MEDIA_FOLDER_NOT_FOUND, 'Media folder not found'));
    const response = await api.http().get(`/api/media/files?folderId=${FOLDER}`).set(api.auth.user).expect(404);
    expect(response.body.code).toBe(MediaErrorCode.MEDIA_FOLDER_NOT_FOUND);
  });

  it('deleting a folder that is not empty without ?recursive answers 409', async () => {
    folders.remove.mockRejectedValue(domainError('conflict', MediaErrorCode.FOLDER_NOT_EMPTY));
    await api.http().delete(`/api/media/folders/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(409);
    expect(folders.remove).toHaveBeenCalledWith(api.user.id, ROUTE_PARAM_ID, false);
  });
});
