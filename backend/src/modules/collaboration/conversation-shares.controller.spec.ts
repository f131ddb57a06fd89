import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { CollaborationErrorCode } from './collaboration.errors';
import { ConversationSharesController } from './conversation-shares.controller';
import { ConversationSharesService } from './conversation-shares.service';
import { CreateShareLinkDto, ShareConversationDto } from './dto/conversation-share.dto';
import { PublicConversationsController } from './public-conversations.controller';

const ID = '00000000-0000-4000-8000-000000000001';
const TOKEN = 'A'.repeat(43);

describe(ConversationSharesController.name, () => {
  const api = controllerSetup(ConversationSharesController, { mocks: [ConversationSharesService] });
  const shares = api.mock(ConversationSharesService);

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'shareConversation',
      body: { conversationId: ID, userIds: [ID], projectId: ID, permission: 'continue' },
      wrong: { conversationId: 'mine', userIds: ['bob'], projectId: 42, permission: 'write' },
      calls: [shares.share, api.user, dto(ShareConversationDto, { conversationId: ID, userIds: [ID], projectId: ID, permission: 'continue' })],
    },
    { handler: 'changeSharePermission', body: { permission: 'read' }, wrong: { permission: 'owner' }, calls: [shares.changePermission, api.user, ROUTE_PARAM_ID, 'read'] },
    {
      handler: 'createShareLink',
      body: { expiresAt: '2030-01-01T00:00:00.000Z' },
      wrong: { expiresAt: 'next week' },
      calls: [shares.createLink, api.user, ROUTE_PARAM_ID, dto(CreateShareLinkDto, { expiresAt: '2030-01-01T00:00:00.000Z' })],
    },
  ]);

  it('refuses more than 50 users or the same user twice, naming userIds', async () => {
    for (const userIds of [Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`), [ID, ID]]) {
      const response = await api.http().post('/api/collaboration/share').set(api.auth.user).send({ conversationId: ID, userIds, permission: 'read' }).expect(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'userIds' })]));
    }
    expect(shares.share).not.toHaveBeenCalled();
  });

  it.each([
    ['not_found', CollaborationErrorCode.COLLABORATOR_NOT_FOUND, 404],
    ['invalid', CollaborationErrorCode.SHARE_WITH_SELF, 400],
    ['invalid', CollaborationErrorCode.SHARE_TARGET_REQUIRED, 400],
  ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
    shares.share.mockRejectedValue(domainError(kind, code, 'As the service says'));
    const response = await api.http().post('/api/collaboration/share').set(api.auth.user).send({ conversationId: ID, userIds: [ID], permission: 'read' }).expect(status);
    expect(response.body).toEqual({ statusCode: status, code, message: 'As the service says' });
  });

  it('unshares and revokes through the service, answering 204', async () => {
    await api.http().delete(`/api/collaboration/shares/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(204);
    await api.http().delete(`/api/collaboration/share/${ROUTE_PARAM_ID}/link`).set(api.auth.user).expect(204);
    expect(shares.unshare).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    expect(shares.revokeLink).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
  });
});

describe(PublicConversationsController.name, () => {
  const api = controllerSetup(PublicConversationsController, { mocks: [ConversationSharesService] });
  const shares = api.mock(ConversationSharesService);

  describeRouteAccess(api, { public: ['getPublicConversation'] });

  it('answers a snapshot without a token, and 404 for a link that is gone', async () => {
    shares.publicConversation.mockResolvedValueOnce({ title: 'Engines', createdAt: new Date(0), messages: [] });
    expect((await api.http().get(`/api/public/conversations/${TOKEN}`).expect(200)).body).toMatchObject({ title: 'Engines', messages: [] });
    expect(shares.publicConversation).toHaveBeenCalledWith(TOKEN);
    shares.publicConversation.mockRejectedValueOnce(domainError('not_found', CollaborationErrorCode.SHARE_LINK_NOT_FOUND));
    await api.http().get(`/api/public/conversations/${TOKEN}`).expect(404, /SHARE_LINK_NOT_FOUND/);
    // What cannot be a token never reaches the service.
    await api.http().get('/api/public/conversations/short').expect(404, /SHARE_LINK_NOT_FOUND/);
    expect(shares.publicConversation).toHaveBeenCalledTimes(2);
  });
});
