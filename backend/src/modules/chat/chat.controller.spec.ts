import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID, serverSentEvents } from '../../../test/support/controller-setup';
import { ProviderError } from '../../ai/provider-error';
import { ChatController } from './chat.controller';
import { ConversationsService } from './conversations.service';
import { ChatTurnDto, ConversationQueryDto, CreateConversationDto, MergeAnswersDto, RegenerateReplyDto, SelectBranchDto, SendChatMessageDto, SpeakMessageDto, UpdateConversationDto, UsageQueryDto } from './dto/chat.dto';
import type { ChatEvent } from './turns/chat-events';
import { ChatTurnsService } from './turns/chat-turns.service';
import { MessageSpeechService } from './speech/message-speech.service';
import { AiErrorCode } from '../../ai/ai.errors';
import { ChatErrorCode } from './chat.errors';

describe(ChatController.name, () => {
  const api = controllerSetup(ChatController, { mocks: [ConversationsService, ChatTurnsService, MessageSpeechService] });
  const speech = api.mock(MessageSpeechService);
  const conversations = api.mock(ConversationsService);
  const turns = api.mock(ChatTurnsService);
  const COLLECTION = '00000000-0000-4000-8000-0000000c0111';
  const EDITED = '00000000-0000-4000-8000-0000000e0d17';
  const message = {
    message: ' hello ',
    models: ['openai/gpt-5.4', 'local/webox-mini'],
    temperature: 0.5,
    topP: 0.9,
    maxTokens: 400,
    systemPrompt: 'Answer in French.',
    modelSettings: { 'local/webox-mini': { temperature: 1 } },
    collectionIds: [COLLECTION],
  };
  const turn: ChatTurnDto = { conversationId: ROUTE_PARAM_ID, turn: 1, title: 'hello', replies: [] };

  describeRouteAccess(api);

  describeValidation(api, [
    { handler: 'createConversation', body: { title: ' Plans ' }, wrong: { title: '' }, calls: [conversations.createConversation, api.user, dto(CreateConversationDto, { title: 'Plans' })] },
    {
      handler: 'sendChatMessage',
      body: message,
      wrong: {
        message: '   ',
        models: [],
        conversationId: 'nope',
        temperature: 2.5,
        topP: 1.5,
        maxTokens: 0,
        systemPrompt: 42,
        modelSettings: 'hot',
        collectionIds: ['nope'],
        stream: 'true',
      },
      calls: [turns.sendAndWait, api.user, dto(SendChatMessageDto, { ...message, message: 'hello' }), expect.any(AbortSignal)],
    },
    { handler: 'regenerateReply', body: { model: 'openai/gpt-5.4' }, wrong: { model: '' }, calls: [turns.regenerateAndWait, api.user, ROUTE_PARAM_ID, dto(RegenerateReplyDto, { model: 'openai/gpt-5.4' }), expect.any(AbortSignal)] },
    {
      handler: 'regenerateReply',
      body: { models: ['openai/gpt-5.4', 'local/webox-mini'], messageId: EDITED },
      wrong: { models: [], messageId: 'nope', stream: 'yes' },
      calls: [turns.regenerateAndWait, api.user, ROUTE_PARAM_ID, dto(RegenerateReplyDto, { models: ['openai/gpt-5.4', 'local/webox-mini'], messageId: EDITED }), expect.any(AbortSignal)],
    },
    {
      handler: 'sendChatMessage',
      body: { message: 'hello again', models: ['local/webox-mini'], conversationId: ROUTE_PARAM_ID, editOf: EDITED },
      wrong: { editOf: 'nope' },
      calls: [turns.sendAndWait, api.user, dto(SendChatMessageDto, { message: 'hello again', models: ['local/webox-mini'], conversationId: ROUTE_PARAM_ID, editOf: EDITED }), expect.any(AbortSignal)],
    },
    { handler: 'continueReply', body: {}, wrong: { stream: 'yes' }, calls: [turns.continueAndWait, api.user, ROUTE_PARAM_ID, expect.any(AbortSignal)] },
    {
      handler: 'mergeAnswers',
      body: { model: 'local/webox-mini', instruction: 'Keep it short.' },
      wrong: { model: '', instruction: '', stream: 'yes' },
      calls: [turns.mergeAndWait, api.user, ROUTE_PARAM_ID, dto(MergeAnswersDto, { model: 'local/webox-mini', instruction: 'Keep it short.' }), expect.any(AbortSignal)],
    },
    { handler: 'selectBranch', body: { messageId: EDITED }, wrong: { messageId: 'nope' }, calls: [conversations.selectBranch, api.user, ROUTE_PARAM_ID, dto(SelectBranchDto, { messageId: EDITED })] },
    { handler: 'listConversations', query: { q: 'plans', page: '2' }, wrong: { q: 'x'.repeat(201), page: '0' }, calls: [conversations.listConversations, api.user, dto(ConversationQueryDto, { q: 'plans', page: 2, limit: 20 })] },
    {
      handler: 'listConversations',
      query: { archived: 'true', folder: ' Work ' },
      wrong: { archived: 'maybe', folder: 'x'.repeat(61) },
      calls: [conversations.listConversations, api.user, dto(ConversationQueryDto, { archived: true, folder: 'Work', page: 1, limit: 20 })],
    },
    {
      handler: 'speakMessage',
      body: { voice: 'warm', language: 'fr' },
      wrong: { voice: '', language: 'french!', model: 'x' },
      before: () => speech.speak.mockResolvedValue({ audio: Buffer.from('RIFF'), mimeType: 'audio/wav', cached: false }),
      calls: [speech.speak, api.user, ROUTE_PARAM_ID, dto(SpeakMessageDto, { voice: 'warm', language: 'fr' })],
    },
    {
      handler: 'getChatUsage',
      query: { from: '2026-01-01', to: '2026-02-01T00:00:00Z' },
      wrong: { from: 'last week', to: 'now' },
      calls: [conversations.usage, api.user, dto(UsageQueryDto, { from: '2026-01-01', to: '2026-02-01T00:00:00Z' })],
    },
    {
      handler: 'updateConversation',
      body: { title: 'Renamed', pinned: true },
      wrong: { title: 'x'.repeat(201), pinned: 'yes' },
      calls: [conversations.updateConversation, api.user, ROUTE_PARAM_ID, dto(UpdateConversationDto, { title: 'Renamed', pinned: true })],
    },
    {
      handler: 'updateConversation',
      body: { archived: true, folder: ' Work ' },
      wrong: { archived: 'yes', folder: '   ' },
      calls: [conversations.updateConversation, api.user, ROUTE_PARAM_ID, dto(UpdateConversationDto, { archived: true, folder: 'Work' })],
    },
    {
      handler: 'exportConversation',
      query: { format: 'markdown' },
      wrong: { format: 'docx' },
      before: () => conversations.exportConversation.mockResolvedValue({ body: Buffer.from('# Plans'), contentType: 'text/markdown; charset=utf-8', filename: 'plans.md' }),
      calls: [conversations.exportConversation, api.user, ROUTE_PARAM_ID, 'markdown'],
    },
  ]);

  it('refuses more than 12 models, and the same model twice', async () => {
    const tooMany = await api.http().post('/api/chat').set(api.auth.user).send({ message: 'hi', models: Array.from({ length: 13 }, (_, i) => `local/m${i}`) }).expect(400);
    expect(tooMany.body.details).toEqual([expect.objectContaining({ field: 'models', message: 'models must name at most 12 models' })]);
    const twice = await api.http().post('/api/chat').set(api.auth.user).send({ message: 'hi', models: ['local/webox-mini', 'local/webox-mini'] }).expect(400);
    expect(twice.body.details).toEqual([expect.objectContaining({ field: 'models', message: 'models must not repeat a model' })]);
  });

  it('refuses attachments that are not media file ids, more than 10, or the same file twice', async () => {
    const send = (attachments: unknown) => api.http().post('/api/chat').set(api.auth.user).send({ message: 'hi', models: ['local/webox-mini'], attachments });
    expect((await send(['not-an-id']).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'attachments', message: 'each of attachments must be a media file id' })]);
    const ids = Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await send(ids).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'attachments', message: 'attachments must name at most 10 files' })]);
    expect((await send([ids[0], ids[0]]).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'attachments', message: 'attachments must not repeat a file' })]);
  });

  it('POST /api/chat without stream answers the JSON turn', async () => {
    turns.sendAndWait.mockResolvedValue(turn);
    await api.http().post('/api/chat').set(api.auth.user).send({ message: 'hi', models: ['local/webox-mini'] }).expect(200, turn);
    expect(turns.startTurn).not.toHaveBeenCalled();
  });

  it('POST /api/chat with stream answers the turn’s events as Server-Sent Events', async () => {
    async function* events(): AsyncIterable<ChatEvent> {
      yield { event: 'turn', data: { conversationId: ROUTE_PARAM_ID, turn: 1, userMessageId: null } };
      yield { event: 'delta', data: { model: 'local/webox-mini', text: 'Hi' } };
      yield { event: 'end', data: { conversationId: ROUTE_PARAM_ID, turn: 1, title: 'hi' } };
    }
    turns.startTurn.mockResolvedValue(events());
    const response = await api.http().post('/api/chat').set(api.auth.user).send({ message: 'hi', models: ['local/webox-mini'], stream: true }).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(serverSentEvents(response.text)).toEqual([
      { event: 'turn', data: { conversationId: ROUTE_PARAM_ID, turn: 1, userMessageId: null } },
      { event: 'delta', data: { model: 'local/webox-mini', text: 'Hi' } },
      { event: 'end', data: { conversationId: ROUTE_PARAM_ID, turn: 1, title: 'hi' } },
    ]);
    expect(turns.sendAndWait).not.toHaveBeenCalled();
  });

  it('a turn refused before it starts is a plain JSON error, even when streaming was asked', async () => {
    turns.startTurn.mockRejectedValue(domainError('invalid', AiErrorCode.UNKNOWN_MODEL, 'Unknown model "x/y"', [{ field: 'models', message: 'x/y is not a model Webox knows' }]));
    const response = await api.http().post('/api/chat').set(api.auth.user).send({ message: 'hi', models: ['x/y'], stream: true }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ statusCode: 400, code: AiErrorCode.UNKNOWN_MODEL, message: 'Unknown model "x/y"', details: [{ field: 'models', message: 'x/y is not a model Webox knows' }] });
  });

  it('a vendor failure of a single-model turn answers 502 naming the provider', async () => {
    turns.sendAndWait.mockRejectedValue(new ProviderError('anthropic', 'unavailable', 'Anthropic failed with 529'));
    const response = await api.http().post('/api/chat').set(api.auth.user).send({ message: 'hi', models: ['anthropic/claude-sonnet-4-6'] }).expect(502);
    expect(response.body).toEqual({ statusCode: 502, code: AiErrorCode.PROVIDER_UNAVAILABLE, message: 'Anthropic failed with 529', params: { provider: 'anthropic' } });
  });

  it('another user’s conversation answers 404 CONVERSATION_NOT_FOUND', async () => {
    conversations.getConversation.mockRejectedValue(domainError('not_found', ChatErrorCode.CONVERSATION_NOT_FOUND, 'Conversation not found'));
    const response = await api.http().get(`/api/chat/conversations/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(404);
    expect(response.body).toEqual({ statusCode: 404, code: ChatErrorCode.CONVERSATION_NOT_FOUND, message: 'Conversation not found' });
  });

  it('regenerating with nothing to regenerate answers 400 NOTHING_TO_REGENERATE', async () => {
    turns.regenerateAndWait.mockRejectedValue(domainError('invalid', ChatErrorCode.NOTHING_TO_REGENERATE, 'No reply of that model to write again'));
    const response = await api.http().post(`/api/chat/conversations/${ROUTE_PARAM_ID}/regenerate`).set(api.auth.user).send({ model: 'openai/gpt-5.4' }).expect(400);
    expect(response.body.code).toBe(ChatErrorCode.NOTHING_TO_REGENERATE);
  });

  it('merging a turn with fewer than 2 answered columns answers 400 NOTHING_TO_MERGE; merging streams like a reply when asked', async () => {
    turns.mergeAndWait.mockRejectedValue(domainError('invalid', ChatErrorCode.NOTHING_TO_MERGE, 'Merging needs at least 2 answered columns; this turn has 1'));
    const refused = await api.http().post(`/api/chat/messages/${ROUTE_PARAM_ID}/merge`).set(api.auth.user).send({ model: 'local/webox-mini' }).expect(400);
    expect(refused.body).toMatchObject({ statusCode: 400, code: ChatErrorCode.NOTHING_TO_MERGE });

    async function* events(): AsyncIterable<ChatEvent> {
      yield { event: 'start', data: { model: 'local/webox-mini', messageId: ROUTE_PARAM_ID } };
      yield { event: 'delta', data: { model: 'local/webox-mini', text: 'Merged' } };
      yield { event: 'end', data: { conversationId: ROUTE_PARAM_ID, turn: 1, title: 'hi' } };
    }
    turns.startMerge.mockResolvedValue(events());
    const response = await api.http().post(`/api/chat/messages/${ROUTE_PARAM_ID}/merge`).set(api.auth.user).send({ model: 'local/webox-mini', stream: true }).expect(200);
    expect(serverSentEvents(response.text).map((event) => event.event)).toEqual(['start', 'delta', 'end']);
    expect(turns.startMerge).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID, dto(MergeAnswersDto, { model: 'local/webox-mini', stream: true }), expect.any(AbortSignal));
  });

  it('exports a conversation as a download with its type, name and length', async () => {
    conversations.exportConversation.mockResolvedValue({ body: Buffer.from('{"title":"Plans"}'), contentType: 'application/json; charset=utf-8', filename: 'plans.json' });
    const response = await api.http().get(`/api/chat/conversations/${ROUTE_PARAM_ID}/export?format=json`).set(api.auth.user).expect(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="plans.json"');
    expect(response.headers['content-length']).toBe('17');
  });

  it('an export needs its format', async () => {
    const response = await api.http().get(`/api/chat/conversations/${ROUTE_PARAM_ID}/export`).set(api.auth.user).expect(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'format', message: 'format must be one of markdown, json, pdf' })]);
  });

  it('takes a conversation out of its folder with folder: null', async () => {
    await api.http().patch(`/api/chat/conversations/${ROUTE_PARAM_ID}`).set(api.auth.user).send({ folder: null }).expect(200);
    expect(conversations.updateConversation).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID, dto(UpdateConversationDto, { folder: null }));
  });

  it('answers a message read aloud as audio bytes of the type the voice made', async () => {
    speech.speak.mockResolvedValue({ audio: Buffer.from('RIFF0000WAVE'), mimeType: 'audio/wav', cached: true });
    const response = await api.http().post(`/api/chat/messages/${ROUTE_PARAM_ID}/speech`).set(api.auth.user).send({}).expect(200);
    expect(response.headers['content-type']).toBe('audio/wav');
    expect(response.headers['content-length']).toBe('12');
  });

  it('another user’s message answers 404 MESSAGE_NOT_FOUND when read aloud', async () => {
    speech.speak.mockRejectedValue(domainError('not_found', ChatErrorCode.MESSAGE_NOT_FOUND, 'Message not found'));
    const response = await api.http().post(`/api/chat/messages/${ROUTE_PARAM_ID}/speech`).set(api.auth.user).send({}).expect(404);
    expect(response.body).toEqual({ statusCode: 404, code: ChatErrorCode.MESSAGE_NOT_FOUND, message: 'Message not found' });
  });
});
