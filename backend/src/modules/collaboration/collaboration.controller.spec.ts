import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { withParams } from '../../common/domain-error';
import { PageQueryDto } from '../../common/pagination';
import { CollaborationMessagesService } from './collaboration-messages.service';
import { CollaborationNotificationsService } from './collaboration-notifications.service';
import { CollaborationPresenceService } from './collaboration-presence.service';
import { CollaborationProjectsService } from './collaboration-projects.service';
import { CollaborationController } from './collaboration.controller';
import { CollaborationErrorCode } from './collaboration.errors';
import { ShareWithProjectDto } from './dto/project-share.dto';
import { ProjectSharesService } from './project-shares.service';
import { AddProjectMemberDto, EditMessageDto, MessageCursorQueryDto, ProjectInputDto, SendMessageDto } from './dto/collaboration.dto';

describe(CollaborationController.name, () => {
  const api = controllerSetup(CollaborationController, { mocks: [CollaborationProjectsService, CollaborationMessagesService, CollaborationPresenceService, CollaborationNotificationsService, ProjectSharesService] });
  const projects = api.mock(CollaborationProjectsService);
  const messages = api.mock(CollaborationMessagesService);
  const presence = api.mock(CollaborationPresenceService);
  const notifications = api.mock(CollaborationNotificationsService);
  const shares = api.mock(ProjectSharesService);
  const ID = '00000000-0000-4000-8000-000000000001';

  describeRouteAccess(api);

  describeValidation(api, [
    { handler: 'createProject', body: { name: ' Moonshot ' }, wrong: { name: 'x'.repeat(81) }, calls: [projects.create, api.user, dto(ProjectInputDto, { name: 'Moonshot' })] },
    { handler: 'renameProject', body: { name: 'Renamed' }, wrong: { name: '   ' }, calls: [projects.rename, api.user, ROUTE_PARAM_ID, dto(ProjectInputDto, { name: 'Renamed' })] },
    {
      handler: 'addProjectMember',
      body: { email: ' bob@example.com ', role: 'viewer' },
      wrong: { email: 'bob', role: 'boss' },
      calls: [projects.addMember, api.user, ROUTE_PARAM_ID, dto(AddProjectMemberDto, { email: 'bob@example.com', role: 'viewer' })],
    },
    { handler: 'changeProjectMemberRole', body: { role: 'owner' }, wrong: { role: 'admin' }, calls: [projects.changeRole, api.user, ROUTE_PARAM_ID, ROUTE_PARAM_ID, 'owner'] },
    { handler: 'lookupCollaborator', query: { email: 'bob@example.com' }, wrong: { email: 'not-an-email' }, calls: [projects.lookup, api.user, 'bob@example.com'] },
    {
      handler: 'sendCollaborationMessage',
      body: { channelId: ID, text: 'Hello **team**', replyToId: ID },
      wrong: { channelId: 'general', recipientId: 42, text: ' ', replyToId: 'first', attachmentIds: 'first' },
      calls: [messages.send, api.user, dto(SendMessageDto, { channelId: ID, text: 'Hello **team**', replyToId: ID })],
    },
    { handler: 'editCollaborationMessage', body: { text: 'Better' }, wrong: { text: 'x'.repeat(10_001) }, calls: [messages.edit, api.user, ROUTE_PARAM_ID, dto(EditMessageDto, { text: 'Better' })] },
    {
      handler: 'listChannelMessages',
      query: { before: ID, limit: '10' },
      wrong: { before: 'yesterday', after: 'x', limit: '0' },
      calls: [messages.channelMessages, api.user, ROUTE_PARAM_ID, dto(MessageCursorQueryDto, { before: ID, limit: 10 })],
    },
    {
      handler: 'listDirectMessages',
      query: { after: ID },
      wrong: { limit: '101' },
      calls: [messages.directMessages, api.user, ROUTE_PARAM_ID, dto(MessageCursorQueryDto, { after: ID, limit: 30 })],
    },
    {
      handler: 'shareWithProject',
      body: { kind: 'media_folder', resourceId: ID },
      wrong: { kind: 'song', resourceId: 'my-folder' },
      calls: [shares.share, api.user, ROUTE_PARAM_ID, dto(ShareWithProjectDto, { kind: 'media_folder', resourceId: ID })],
    },
    { handler: 'listNotifications', query: { page: '2', limit: '5' }, wrong: { page: '0', limit: '101' }, calls: [notifications.list, api.user, dto(PageQueryDto, { page: 2, limit: 5 })] },
  ]);

  it('answers a flood with 429, its code, its values and Retry-After', async () => {
    messages.send.mockRejectedValue(withParams('rate_limited', CollaborationErrorCode.COLLAB_FLOOD_LIMITED, 'Too many', { limit: 20, windowSeconds: 10, retryAfterSeconds: 7 }));
    const response = await api.http().post('/api/collaboration/messages').set(api.auth.user).send({ channelId: ID, text: 'hi' }).expect(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toEqual({ statusCode: 429, code: 'COLLAB_FLOOD_LIMITED', message: 'Too many', params: { limit: 20, windowSeconds: 10, retryAfterSeconds: 7 } });
  });

  it('lists presence and marks notifications read through the services', async () => {
    presence.list.mockResolvedValue([{ userId: api.user.id, status: 'online' }]);
    notifications.markRead.mockResolvedValue({ unread: 2 });
    notifications.markAllRead.mockResolvedValue({ unread: 0 });
    expect((await api.http().get('/api/collaboration/presence').set(api.auth.user).expect(200)).body).toEqual([{ userId: api.user.id, status: 'online' }]);
    expect(presence.list).toHaveBeenCalledWith(api.user.id);
    expect((await api.http().post(`/api/collaboration/notifications/${ROUTE_PARAM_ID}/read`).set(api.auth.user).expect(200)).body).toEqual({ unread: 2 });
    expect(notifications.markRead).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    await api.http().post('/api/collaboration/notifications/not-an-id/read').set(api.auth.user).expect(404);
    expect((await api.http().post('/api/collaboration/notifications/read-all').set(api.auth.user).expect(200)).body).toEqual({ unread: 0 });
    expect(notifications.markAllRead).toHaveBeenCalledWith(api.user);
  });

  describe('service errors', () => {
    it.each([
      ['not_found', CollaborationErrorCode.CHANNEL_NOT_FOUND, 404],
      ['forbidden', CollaborationErrorCode.VIEWER_CANNOT_POST, 403],
      ['invalid', CollaborationErrorCode.MESSAGE_TARGET_REQUIRED, 400],
      ['conflict', CollaborationErrorCode.LAST_OWNER, 409],
    ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
      messages.send.mockRejectedValue(domainError(kind, code, 'As the service says'));
      const response = await api.http().post('/api/collaboration/messages').set(api.auth.user).send({ channelId: ID, text: 'hi' }).expect(status);
      expect(response.body).toEqual({ statusCode: status, code, message: 'As the service says' });
    });
  });

  it('marks read and deletes through the service, answering 204', async () => {
    await api.http().post(`/api/collaboration/messages/${ROUTE_PARAM_ID}/read`).set(api.auth.user).expect(204);
    await api.http().delete(`/api/collaboration/messages/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(204);
    await api.http().delete(`/api/collaboration/projects/${ROUTE_PARAM_ID}/members/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(204);
    expect(messages.markRead).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    expect(messages.delete).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    expect(projects.removeMember).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID, ROUTE_PARAM_ID);
  });

  it("lists and removes a project's shares through the service; a viewer's share is a 403", async () => {
    shares.list.mockResolvedValue([]);
    expect((await api.http().get(`/api/collaboration/projects/${ROUTE_PARAM_ID}/shares`).set(api.auth.user).expect(200)).body).toEqual([]);
    expect(shares.list).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    await api.http().delete(`/api/collaboration/projects/${ROUTE_PARAM_ID}/shares/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(204);
    expect(shares.unshare).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID, ROUTE_PARAM_ID);
    shares.share.mockRejectedValue(domainError('forbidden', CollaborationErrorCode.VIEWER_CANNOT_SHARE, 'A viewer cannot share'));
    const refused = await api.http().post(`/api/collaboration/projects/${ROUTE_PARAM_ID}/shares`).set(api.auth.user).send({ kind: 'prompt', resourceId: ID }).expect(403);
    expect(refused.body.code).toBe('VIEWER_CANNOT_SHARE');
  });
});
