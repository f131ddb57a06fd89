import { controllerSetup, describeRouteAccess, describeValidation, dto } from '../../../../test/support/controller-setup';
import { ProviderError } from '../../../ai/provider-error';
import { BlogAiCoverInputDto, BlogAiDraftInputDto, BlogAiOutlineInputDto, BlogAiTitleInputDto } from '../dto/blog-ai.dto';
import { BlogAiController } from './blog-ai.controller';
import { BlogAiService, type BlogAiDraftEvent } from './blog-ai.service';

async function* events(...list: BlogAiDraftEvent[]): AsyncIterable<BlogAiDraftEvent> {
  yield* list;
}

describe(BlogAiController.name, () => {
  const api = controllerSetup(BlogAiController, { mocks: [BlogAiService] });
  const ai = api.mock(BlogAiService);
  const brief = { subject: ' Tides and the moon ', language: 'en', model: 'local/webox-mini', tone: ' friendly ', length: 'short' };
  const parsed = { ...brief, subject: 'Tides and the moon', tone: 'friendly' };
  const usage = { model: 'local/webox-mini', inputTokens: 1, outputTokens: 2, cost: 0 };

  // "Write with AI" is for editors and admins: a plain user is refused (403) before the service is called.
  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    {
      handler: 'suggestBlogOutline',
      as: 'admin',
      body: brief,
      wrong: { subject: ' ', language: 'de', model: '', tone: 'x'.repeat(61), length: 'epic' },
      before: () => ai.outline.mockResolvedValue({ sections: ['Intro'], usage }),
      calls: [ai.outline, api.admin, dto(BlogAiOutlineInputDto, parsed), expect.any(AbortSignal)],
    },
    {
      handler: 'streamBlogDraft',
      as: 'admin',
      body: { ...brief, sections: [' Intro ', 'Why'] },
      wrong: { sections: [], subject: 'x'.repeat(501) },
      before: () => ai.startDraft.mockResolvedValue(events()),
      calls: [ai.startDraft, api.admin, dto(BlogAiDraftInputDto, { ...parsed, sections: ['Intro', 'Why'] }), expect.any(AbortSignal)],
    },
    {
      handler: 'suggestBlogTitle',
      as: 'admin',
      body: { ...brief, body: '## Intro\n\nText.' },
      wrong: { body: 42, model: 7 },
      before: () => ai.titleAndExcerpt.mockResolvedValue({ title: 'T', excerpt: 'E', usage }),
      calls: [ai.titleAndExcerpt, api.admin, dto(BlogAiTitleInputDto, { ...parsed, body: '## Intro\n\nText.' }), expect.any(AbortSignal)],
    },
    {
      handler: 'generateBlogCover',
      as: 'admin',
      body: { subject: ' Tides ', title: 'The tides', model: 'local/webox-draw', size: '1536x1024' },
      wrong: { subject: '', size: 'wide', title: 'x'.repeat(201) },
      calls: [ai.cover, api.admin, dto(BlogAiCoverInputDto, { subject: 'Tides', title: 'The tides', model: 'local/webox-draw', size: '1536x1024' })],
    },
  ]);

  it('refuses sections beyond twelve and headings too long, naming the field', async () => {
    for (const sections of [Array.from({ length: 13 }, (_, i) => `S${i}`), ['x'.repeat(201)]]) {
      const response = await api.call('streamBlogDraft', { as: 'admin', body: { ...brief, sections } }).expect(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'sections' })]));
    }
  });

  it('streams the draft as Server-Sent Events', async () => {
    ai.startDraft.mockResolvedValue(
      events({ event: 'section', data: { index: 0, heading: 'Intro' } }, { event: 'delta', data: { index: 0, text: '## Intro\n\n' } }, { event: 'done', data: { usage, sections: 1 } }),
    );
    const response = await api.call('streamBlogDraft', { as: 'admin', body: { ...brief, sections: ['Intro'] } }).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.text).toContain('event: section\ndata: {"index":0,"heading":"Intro"}\n\n');
    expect(response.text).toContain('event: done\n');
  });

  it('answers a refusal before the stream as a JSON error, and a vendor failure of the outline as 502 naming it', async () => {
    ai.outline.mockRejectedValue(new ProviderError('openai', 'unavailable', 'OpenAI failed with 503'));
    const response = await api.call('suggestBlogOutline', { as: 'admin', body: brief }).expect(502);
    expect(response.body).toMatchObject({ statusCode: 502, code: 'PROVIDER_UNAVAILABLE', params: { provider: 'openai' } });
  });
});
