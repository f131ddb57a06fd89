import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { McpServerDto } from '../../api/models';
import { McpServerForm, toArgs } from './mcp-server-form';
import { MCP_SCOPE, McpServersStore, type McpScope } from './mcp-servers.store';

const STDIO_SERVER: McpServerDto = {
  id: 'files',
  name: 'Files',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', 'server-filesystem', '/srv/my docs'],
  shared: true,
  allowlisted: false,
  enabled: true,
  hasToken: false,
  status: 'ok',
  tools: [],
  createdAt: '2026-11-26T00:00:00.000Z',
  updatedAt: '2026-11-26T00:00:00.000Z',
};

describe('McpServerForm', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('webox.language', 'en');
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render(scope: McpScope, stdioEnabled?: boolean) {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: MCP_SCOPE, useValue: scope }, McpServersStore],
    });
    http = TestBed.inject(HttpTestingController);
    if (stdioEnabled !== undefined) TestBed.inject(McpServersStore).settings.set({ stdioEnabled, timeoutMs: 5000 });
    const fixture = TestBed.createComponent(McpServerForm);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const form = fixture.componentInstance['form'];
    const has = (testId: string) => element.querySelector(`[data-testid="${testId}"]`) !== null;
    const choose = async (transport: 'http' | 'stdio') => {
      element.querySelector<HTMLButtonElement>(`[data-testid="mcp-transport-${transport}"] button`)!.click();
      await fixture.whenStable();
    };
    const submit = async () => {
      element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await fixture.whenStable();
    };
    return { fixture, element, form, has, choose, submit };
  }

  it('offers stdio to an admin only when the settings allow it, with command and args instead of URL, token and allow-list', async () => {
    const page = await render('admin', true);
    expect(page.has('mcp-transport')).toBe(true);
    expect(page.has('mcp-stdio-off')).toBe(false);
    expect(page.has('mcp-command')).toBe(false);
    expect(page.has('mcp-url')).toBe(true);

    await page.choose('stdio');
    expect(['mcp-command', 'mcp-args', 'mcp-stdio-warning'].map(page.has)).toEqual([true, true, true]);
    expect(['mcp-url', 'mcp-token', 'mcp-allowlisted'].map(page.has)).toEqual([false, false, false]);
    expect(page.element.querySelector('[data-testid="mcp-stdio-warning"]')?.textContent).toContain('runs on the Webox host, with a minimal environment');

    await page.choose('http');
    expect(page.has('mcp-command')).toBe(false);
    expect(page.has('mcp-url')).toBe(true);
  });

  it('says stdio is disabled when the settings say so, and otherwise leaves the form as it was', async () => {
    const page = await render('admin', false);
    expect(page.has('mcp-transport')).toBe(false);
    expect(page.element.querySelector('[data-testid="mcp-stdio-off"]')?.textContent).toContain('WEBOX_MCP_STDIO=true');
    expect(['mcp-url', 'mcp-token', 'mcp-allowlisted'].map(page.has)).toEqual([true, true, true]);
  });

  it('never offers stdio to a user, nor the disabled line', async () => {
    const page = await render('user', true);
    expect(page.has('mcp-transport')).toBe(false);
    expect(page.has('mcp-stdio-off')).toBe(false);
    expect(page.has('mcp-allowlisted')).toBe(false);
  });

  it('sends a stdio server with its command and one argument per line, without the http fields', async () => {
    const page = await render('admin', true);
    const created: McpServerDto[] = [];
    page.fixture.componentInstance.created.subscribe((server) => created.push(server));
    page.form.patchValue({ url: 'https://left.example.com/mcp', token: 'left-over', allowlisted: true });
    await page.choose('stdio');

    await page.submit();
    expect(page.form.controls.command.hasError('required')).toBe(true);
    http.expectNone('/api/admin/mcp-servers');

    page.form.patchValue({ name: ' Files ', command: ' npx ', args: '-y\n\n  server-filesystem \r\n/srv/my docs\n' });
    await page.submit();
    const request = http.expectOne({ method: 'POST', url: '/api/admin/mcp-servers' });
    expect(request.request.body).toEqual({ name: 'Files', transport: 'stdio', command: 'npx', args: ['-y', 'server-filesystem', '/srv/my docs'] });
    request.flush(STDIO_SERVER);
    await page.fixture.whenStable();
    expect(created.map((server) => server.id)).toEqual(['files']);
    // Ready for the next stdio server.
    expect(page.form.getRawValue()).toMatchObject({ transport: 'stdio', name: '', command: '', args: '' });
    expect(page.has('mcp-command')).toBe(true);
  });

  it('limits the arguments to 50', async () => {
    const page = await render('admin', true);
    await page.choose('stdio');
    page.form.patchValue({ args: Array.from({ length: 51 }, (_, i) => `arg${i}`).join('\n') });
    expect(page.form.controls.args.hasError('maxArgs')).toBe(true);
    expect(toArgs(' a \n\nb')).toEqual(['a', 'b']);
  });
});
