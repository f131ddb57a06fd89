import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../audit/audit.module';
import { McpAdminController } from './mcp-admin.controller';
import { McpServer } from './mcp-server.entity';
import { McpController } from './mcp.controller';
import { McpService } from './mcp.service';

/** Model Context Protocol servers: their routes, and McpService.toolsFor for the agent loop. */
@Module({
  imports: [TypeOrmModule.forFeature([McpServer]), AuditModule],
  controllers: [McpController, McpAdminController],
  providers: [McpService],
  exports: [McpService],
})
export class McpModule {}
