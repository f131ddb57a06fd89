import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { PageQueryDto } from '../../common/pagination';
import { AutomationHooksService } from './automation-hooks.service';
import { AutomationTriggersService } from './automation-triggers.service';
import { AutomationController } from './automation.controller';
import { AutomationErrorCode } from './automation.errors';
import { HookInputDto, HookPatchDto, TriggerInputDto, TriggerPatchDto } from './dto/automation.dto';

describe(AutomationController.name, () => {
  const api = controllerSetup(AutomationController, { mocks: [AutomationTriggersService, AutomationHooksService] });
  const triggers = api.mock(AutomationTriggersService);
  const hooks = api.mock(AutomationHooksService);
  const trigger = { name: ' Orders ', url: ' https://hooks.example.com/webox ', events: ['media.uploaded'] };

  describeRouteAccess(api, { public: ['callHook'] });

  describeValidation(api, [
    {
      handler: 'createTrigger',
      body: trigger,
      wrong: { name: ' ', url: 'x'.repeat(2001), events: [], enabled: 'yes' },
      calls: [triggers.create, api.user, dto(TriggerInputDto, { name: 'Orders', url: 'https://hooks.example.com/webox', events: ['media.uploaded'] })],
    },
    {
      handler: 'updateTrigger',
      body: { enabled: false },
      wrong: { events: 'media.uploaded', name: '', enabled: 'no' },
      calls: [triggers.update, api.user, ROUTE_PARAM_ID, dto(TriggerPatchDto, { enabled: false })],
    },
    {
      handler: 'listTriggerDeliveries',
      query: { page: '2', limit: '5' },
      wrong: { limit: '0', page: 'x' },
      calls: [triggers.deliveriesOf, api.user, ROUTE_PARAM_ID, dto(PageQueryDto, { page: 2, limit: 5 })],
    },
    {
      handler: 'createHook',
      body: { name: 'From n8n', workflowId: ROUTE_PARAM_ID },
      wrong: { name: 'x'.repeat(121), workflowId: 'not-an-id' },
      calls: [hooks.create, api.user, dto(HookInputDto, { name: 'From n8n', workflowId: ROUTE_PARAM_ID })],
    },
    {
      handler: 'updateHook',
      body: { name: 'Renamed' },
      wrong: { workflowId: 42 },
      calls: [hooks.update, api.user, ROUTE_PARAM_ID, dto(HookPatchDto, { name: 'Renamed' })],
    },
    {
      handler: 'listHookCalls',
      query: { limit: '10' },
      wrong: { limit: '101' },
      calls: [hooks.callsOf, api.user, ROUTE_PARAM_ID, dto(PageQueryDto, { page: 1, limit: 10 })],
    },
  ]);

  describe('calling a hook', () => {
    const run = { runId: ROUTE_PARAM_ID, status: 'queued', output: null, error: null, finished: false };

    it('takes the secret from X-Webox-Hook-Secret or a bearer token and passes the body as inputs', async () => {
      hooks.call.mockResolvedValue(run);
      await api.http().post(`/api/automation/hooks/${ROUTE_PARAM_ID}`).set('X-Webox-Hook-Secret', 'whk_one').send({ topic: 'tides' }).expect(202, run);
      expect(hooks.call).toHaveBeenLastCalledWith(ROUTE_PARAM_ID, 'whk_one', { topic: 'tides' }, false);
      await api.http().post(`/api/automation/hooks/${ROUTE_PARAM_ID}?wait=false`).set('Authorization', 'Bearer whk_two').send({}).expect(202);
      expect(hooks.call).toHaveBeenLastCalledWith(ROUTE_PARAM_ID, 'whk_two', {}, false);
      await api.http().post(`/api/automation/hooks/${ROUTE_PARAM_ID}`).send({}).expect(202);
      expect(hooks.call).toHaveBeenLastCalledWith(ROUTE_PARAM_ID, undefined, {}, false);
    });

    it('answers 200 with the output when wait=true saw the run end, 400 for another wait, 404 for a path that is no id', async () => {
      hooks.call.mockResolvedValue({ ...run, status: 'succeeded', output: 'Done', finished: true });
      await api.http().post(`/api/automation/hooks/${ROUTE_PARAM_ID}?wait=true`).set('X-Webox-Hook-Secret', 'whk').send({}).expect(200);
      expect(hooks.call).toHaveBeenLastCalledWith(ROUTE_PARAM_ID, 'whk', {}, true);
      hooks.call.mockClear();
      await api.http().post(`/api/automation/hooks/${ROUTE_PARAM_ID}?wait=soon`).set('X-Webox-Hook-Secret', 'whk').send({}).expect(400);
      // Not an id: no such hook (ParseIdPipe answers 404).
      await api.http().post('/api/automation/hooks/not-an-id').set('X-Webox-Hook-Secret', 'whk').send({}).expect(404);
      expect(hooks.call).not.toHaveBeenCalled();
    });
  });

  it.each([
    ['not_found', AutomationErrorCode.AUTOMATION_TRIGGER_NOT_FOUND, 404],
    ['invalid', AutomationErrorCode.AUTOMATION_URL_REFUSED, 400],
    ['invalid', AutomationErrorCode.AUTOMATION_UNKNOWN_EVENT, 400],
  ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
    triggers.create.mockRejectedValue(domainError(kind, code));
    const response = await api.http().post('/api/automation/triggers').set(api.auth.user).send(trigger).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
  });

  it.each([
    ['unauthenticated', AutomationErrorCode.AUTOMATION_HOOK_UNAUTHORIZED, 401],
    ['rate_limited', AutomationErrorCode.AUTOMATION_HOOK_RATE_LIMITED, 429],
    ['invalid', AutomationErrorCode.AUTOMATION_HOOK_INVALID_BODY, 400],
  ] as const)('a hook call failing with %s %s answers %i', async (kind, code, status) => {
    hooks.call.mockRejectedValue(domainError(kind, code));
    const response = await api.http().post(`/api/automation/hooks/${ROUTE_PARAM_ID}`).send({}).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
  });
});
