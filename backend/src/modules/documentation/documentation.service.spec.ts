import { DomainError } from '../../common/domain-error';
import { DocumentationErrorCode } from './documentation.errors';
import { DocumentationService } from './documentation.service';
import { findDocsDir } from './guides';

describe(DocumentationService.name, () => {
  const service = new DocumentationService(findDocsDir());
  beforeAll(() => service.onModuleInit());

  it('gives the tree by tab, in each tab’s order, in the language asked', () => {
    const tree = service.tree('fr');
    expect(tree.tabs.map((tab) => tab.tab)).toEqual(['getting-started', 'guides', 'faq']);
    const start = tree.tabs[0]!.guides;
    expect(start[0]).toMatchObject({ slug: 'getting-started', title: 'Premiers pas', order: 1 });
    expect(start.map((guide) => guide.order)).toEqual([...start.map((guide) => guide.order)].sort((a, b) => a - b));
    expect(service.tree('en').tabs[0]!.guides[0]!.title).toBe('Getting started');
  });

  it('gives a guide with its Markdown and headings, and 404 with a typed code for an unknown slug', () => {
    const page = service.page('chat', 'en');
    expect(page).toMatchObject({ slug: 'chat', lang: 'en', tab: 'guides', area: 'chat' });
    expect(page.markdown).toContain('## Merge the answers');
    expect(page.markdown).not.toContain('---\ntitle');
    expect(page.headings).toContainEqual({ level: 2, text: 'Merge the answers', id: 'merge-the-answers' });
    let error: DomainError | undefined;
    try {
      service.page('no-such-guide', 'en');
    } catch (caught) {
      error = caught as DomainError;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect({ kind: error?.kind, code: error?.code }).toEqual({ kind: 'not_found', code: DocumentationErrorCode.DOCUMENTATION_PAGE_NOT_FOUND });
  });

  it('searches full text: every word, the last as a prefix, accents aside, best guide first with a snippet', () => {
    const hits = service.search('setup tok', 'en').items;
    expect(hits[0]).toMatchObject({ slug: 'getting-started', heading: 'Claim the administrator account', anchor: 'claim-the-administrator-account' });
    expect(hits[0]!.snippet.toLowerCase()).toContain('token');
    expect(service.search('cle secrete', 'fr').items[0]).toMatchObject({ slug: 'self-hosting', anchor: 'la-cle-secrete' });
    expect(service.search('merge answers', 'en').items[0]!.slug).toBe('chat');
    expect(service.search('zzzz unheard', 'en').items).toEqual([]);
    expect(service.search('  ', 'en').items).toEqual([]);
  });

  it('builds the API tab from the contract: operations by area with parameters and a body example', () => {
    const api = service.apiReference();
    expect(api.swaggerUrl).toBe('/api/docs');
    const chat = api.groups.find((group) => group.tag === 'chat')!;
    const send = chat.operations.find((operation) => operation.method === 'POST' && operation.path === '/api/chat')!;
    expect(send).toMatchObject({ anchor: 'post-api-chat', authenticated: true, requestContentType: 'application/json' });
    expect(JSON.parse(send.requestExample!)).toHaveProperty('message');
    const history = chat.operations.find((operation) => operation.path === '/api/chat/history')!;
    expect(history.parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['page', 'limit']));
    const health = api.groups.find((group) => group.tag === 'health')!.operations.find((operation) => operation.path === '/api/health')!;
    expect(health.authenticated).toBe(false);
    expect(api.operationCount).toBe(api.groups.reduce((sum, group) => sum + group.operations.length, 0));
  });
});
