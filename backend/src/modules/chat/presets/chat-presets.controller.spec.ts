import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../../test/support/controller-setup';
import { PageQueryDto } from '../../../common/pagination';
import { ChatErrorCode } from '../chat.errors';
import { ChatPresetInputDto } from '../dto/chat-preset.dto';
import { ChatPresetsController } from './chat-presets.controller';
import { ChatPresetsService } from './chat-presets.service';

describe(ChatPresetsController.name, () => {
  const api = controllerSetup(ChatPresetsController, { mocks: [ChatPresetsService] });
  const presets = api.mock(ChatPresetsService);
  const preset = {
    name: ' Careful ',
    models: ['anthropic/claude-haiku-4-5'],
    systemPrompt: 'Be careful.',
    temperature: 0.2,
    topP: null,
    maxTokens: 500,
    modelSettings: { 'anthropic/claude-haiku-4-5': { maxTokens: 100 } },
  };
  const parsed = { ...preset, name: 'Careful' };

  describeRouteAccess(api);

  describeValidation(api, [
    { handler: 'listChatPresets', query: { page: '2', limit: '10' }, wrong: { page: '0', limit: '101' }, calls: [presets.list, api.user, dto(PageQueryDto, { page: 2, limit: 10 })] },
    {
      handler: 'createChatPreset',
      body: preset,
      wrong: { name: ' ', models: 'all', temperature: 3, topP: 2, maxTokens: 1.5, systemPrompt: 7, modelSettings: [] },
      calls: [presets.create, api.user, dto(ChatPresetInputDto, parsed)],
    },
    {
      handler: 'updateChatPreset',
      body: preset,
      wrong: { name: 'x'.repeat(101), models: Array.from({ length: 13 }, (_, i) => `local/m${i}`) },
      calls: [presets.update, api.user, ROUTE_PARAM_ID, dto(ChatPresetInputDto, parsed)],
    },
  ]);

  it('another user’s preset answers 404 PRESET_NOT_FOUND', async () => {
    presets.get.mockRejectedValue(domainError('not_found', ChatErrorCode.PRESET_NOT_FOUND, 'Preset not found'));
    const response = await api.http().get(`/api/chat/presets/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(404);
    expect(response.body).toEqual({ statusCode: 404, code: ChatErrorCode.PRESET_NOT_FOUND, message: 'Preset not found' });
  });

  it('deletes with 204 through the service', async () => {
    await api.http().delete(`/api/chat/presets/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(204);
    expect(presets.remove).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
  });
});
