import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { AgentDto, ToolCatalogDto } from '../../api/models';
import AgentEditorPage from './agent-editor.page';
import { AgentsStore } from './agents.store';

const CATALOG: ToolCatalogDto = {
  builtIns: [
    { name: 'calculator', description: 'Evaluates arithmetic.', parameters: {} },
    { name: 'knowledge_search', description: 'Searches the knowledge.', parameters: {} },
  ],
  mcp: [
    { ref: 'mcp:s1:read_page', serverId: 's1', serverName: 'Team wiki', shared: false, name: 'read_page', description: '<b>Reads</b> a wiki page', inputSchema: {} },
    { ref: 'mcp:s1:search', serverId: 's1', serverName: 'Team wiki', shared: false, name: 'search', description: '', inputSchema: {} },
    { ref: 'mcp:s2:tickets', serverId: 's2', serverName: 'Helpdesk', shared: true, name: 'tickets', description: 'Lists tickets', inputSchema: {} },
  ],
};

const AGENT: AgentDto = {
  id: 'a1',
  name: 'Analyst',
  description: '',
  icon: 'smart_toy',
  instructions: 'Be precise.',
  defaultModel: 'local/webox-mini',
  temperature: 0.7,
  starters: [],
  referenceNotes: '',
  tools: ['calculator', 'mcp:gone:old_tool'],
  collectionIds: ['c2'],
  maxSteps: 5,
  timeLimitSeconds: 60,
  builtIn: false,
  mine: true,
  createdAt: '',
  updatedAt: '',
};

describe('AgentEditorPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), AgentsStore] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function open() {
    const fixture = TestBed.createComponent(AgentEditorPage);
    fixture.componentRef.setInput('id', 'a1');
    await fixture.whenStable();
    http.expectOne('/api/chat/models').flush([{ id: 'local/webox-mini', provider: 'local', providerLabel: 'Local', name: 'Webox mini', contextTokens: 1, inputPricePerMTok: 0, outputPricePerMTok: 0, offline: true, available: true }]);
    http.expectOne('/api/tools').flush(CATALOG);
    http.expectOne((request) => request.url === '/api/knowledge/collections').flush({ items: [{ id: 'c1', name: 'Notes' }, { id: 'c2', name: 'Contracts' }], total: 2, page: 1, limit: 100 });
    http.expectOne('/api/agents/a1').flush(AGENT);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const checkbox = (element: HTMLElement, ref: string) => element.querySelector<HTMLInputElement>(`[data-testid="agent-tool"][data-tool="${ref}"] input[type="checkbox"]`)!;

  it('lists the built-in tools, the MCP tools by server and the chosen ones that are gone; saves what is chosen', async () => {
    const { fixture, element } = await open();
    const tools = element.querySelector('[data-testid="agent-tools"]')!;
    expect(tools.querySelectorAll('[data-testid="agent-tool"]')).toHaveLength(6);
    const groups = Array.from(tools.querySelectorAll('[data-server]')).map((group) => group.querySelector('h4')!.textContent!.replace(/\s+/g, ' ').trim());
    expect(groups).toEqual(['dnsTeam wiki', 'dnsHelpdesk Shared']);
    // An MCP description is text, never markup.
    expect(tools.textContent).toContain('<b>Reads</b> a wiki page');
    expect(tools.querySelector('b')).toBeNull();
    expect(checkbox(element, 'calculator').checked).toBe(true);
    expect(checkbox(element, 'knowledge_search').checked).toBe(false);
    expect(checkbox(element, 'mcp:gone:old_tool').checked).toBe(true);
    expect(element.querySelector('[data-testid="agent-knowledge-off"]')).not.toBeNull();

    checkbox(element, 'knowledge_search').click();
    checkbox(element, 'mcp:s2:tickets').click();
    checkbox(element, 'mcp:gone:old_tool').click();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="agent-knowledge-off"]')).toBeNull();
    expect(checkbox(element, 'mcp:gone:old_tool')).toBeNull();

    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    element.querySelector<HTMLButtonElement>('[data-testid="agent-save"]')!.click();
    const request = http.expectOne('/api/agents/a1');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toMatchObject({ tools: ['calculator', 'knowledge_search', 'mcp:s2:tickets'], collectionIds: ['c2'], maxSteps: 5, timeLimitSeconds: 60 });
    request.flush(AGENT);
    expect(navigate).toHaveBeenCalledWith(['/agents', 'a1']);
  });

  it('refuses limits out of their ranges', async () => {
    const { fixture, element } = await open();
    const steps = element.querySelector<HTMLInputElement>('[data-testid="agent-max-steps"]')!;
    steps.value = '21';
    steps.dispatchEvent(new Event('input'));
    const time = element.querySelector<HTMLInputElement>('[data-testid="agent-time-limit"]')!;
    time.value = '5';
    time.dispatchEvent(new Event('input'));
    element.querySelector<HTMLButtonElement>('[data-testid="agent-save"]')!.click();
    await fixture.whenStable();
    expect(element.textContent).toContain('Between 1 and 20.');
    expect(element.textContent).toContain('Between 10 and 600.');
    http.expectNone('/api/agents/a1');
  });
});
