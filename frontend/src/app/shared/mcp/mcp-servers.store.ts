import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { CreateSharedMcpServerDto, McpServerDto, McpServerPageDto, McpSettingsDto } from '../../api/models';
import { AdminService, McpService } from '../../api/services';

/** Whose servers a store manages: mine (with the shared ones, read-only) or, for an admin, the shared ones. */
export type McpScope = 'user' | 'admin';
export const MCP_SCOPE = new InjectionToken<McpScope>('MCP_SCOPE', { factory: () => 'user' });

export const MCP_PAGE_SIZE = 100;

/**
 * MCP servers over the generated client: `/api/mcp/servers` for a user (their own, and the
 * shared ones they may only look at and refresh), `/api/admin/mcp-servers` for an admin.
 */
@Injectable()
export class McpServersStore {
  private readonly mcp = inject(McpService);
  private readonly admin = inject(AdminService);
  readonly scope = inject(MCP_SCOPE);

  readonly servers = signal<McpServerDto[]>([]);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  /** Servers being checked or deleted. */
  readonly busy = signal<ReadonlySet<string>>(new Set());
  /** How this Webox runs MCP servers (admins only); `null` until loaded, or when it could not be. */
  readonly settings = signal<McpSettingsDto | null>(null);
  private request = 0;

  /** Whether this page may change the server (users only look at shared ones). */
  canManage(server: McpServerDto): boolean {
    return this.scope === 'admin' || !server.shared;
  }

  load(): void {
    const request = ++this.request;
    if (!this.servers().length) this.state.set('loading');
    const page: Observable<McpServerPageDto> = this.scope === 'admin' ? this.admin.listSharedMcpServers({ limit: MCP_PAGE_SIZE }) : this.mcp.listMcpServers({ limit: MCP_PAGE_SIZE });
    page.subscribe({
      next: (answer) => {
        if (request !== this.request) return;
        this.servers.set(answer.items);
        this.state.set('ready');
      },
      error: () => {
        if (request === this.request) this.state.set('failed');
      },
    });
  }

  /** Whether stdio servers may be added: the admin form offers them only then. */
  loadSettings(): void {
    this.admin.getMcpSettings().subscribe({ next: (settings) => this.settings.set(settings), error: () => this.settings.set(null) });
  }

  /** Adds a server; the server checks it first (a refused address is a 400 on `url`). */
  create(body: CreateSharedMcpServerDto): Observable<McpServerDto> {
    const { name, url, token } = body;
    const call = this.scope === 'admin' ? this.admin.createSharedMcpServer({ body }) : this.mcp.createMcpServer({ body: { name, url, ...(token ? { token } : {}) } });
    return call.pipe(tap((server) => this.servers.update((servers) => [server, ...servers.filter((shown) => shown.id !== server.id)])));
  }

  /** Connects again and lists its tools; the answer says whether it worked (`status`, `lastError`). */
  refresh(id: string): Observable<McpServerDto> {
    this.track(id, true);
    const call = this.scope === 'admin' ? this.admin.refreshSharedMcpServer({ id }) : this.mcp.refreshMcpServer({ id });
    return call.pipe(
      tap({
        next: (server) => {
          this.put(server);
          this.track(id, false);
        },
        error: () => this.track(id, false),
      }),
    );
  }

  delete(id: string): Observable<void> {
    this.track(id, true);
    const call = this.scope === 'admin' ? this.admin.deleteSharedMcpServer({ id }) : this.mcp.deleteMcpServer({ id });
    return call.pipe(
      tap({
        next: () => {
          this.servers.update((servers) => servers.filter((server) => server.id !== id));
          this.track(id, false);
        },
        error: () => this.track(id, false),
      }),
    );
  }

  private put(server: McpServerDto): void {
    this.servers.update((servers) => servers.map((shown) => (shown.id === server.id ? server : shown)));
  }

  private track(id: string, busy: boolean): void {
    this.busy.update((ids) => {
      const next = new Set(ids);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
