import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type McpTransport = 'http' | 'stdio';
export type McpServerStatus = 'unknown' | 'ok' | 'error';

/** A tool as the server listed it at the last successful check. */
export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/**
 * A Model Context Protocol server whose tools agents may call. `http` servers are reached over
 * Streamable HTTP; `stdio` servers are programs Webox starts itself (admins only, off by default).
 */
@Entity('mcp_servers')
export class McpServer {
  /** Set by the service before the first save: the sealed token is bound to it. */
  @PrimaryColumn('uuid')
  id: string;

  /** Null for a server an admin shares with every user (read-only for them). */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column()
  name: string;

  @Column({ type: 'varchar' })
  transport: McpTransport;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', nullable: true })
  command: string | null;

  @Column({ type: 'jsonb' })
  args: string[];

  /** The bearer token, sealed with the SecretBox (bound to the row id); never returned. */
  @Column({ name: 'token_encrypted', type: 'text', nullable: true })
  tokenEncrypted: string | null;

  /** Set by an admin: the server may be on a private network, so the SSRF guard is skipped. */
  @Column()
  allowlisted: boolean;

  @Column()
  enabled: boolean;

  @Column({ type: 'varchar' })
  status: McpServerStatus;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** The tools at the last successful check (kept through a failed one). */
  @Column({ type: 'jsonb' })
  tools: McpToolInfo[];

  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
