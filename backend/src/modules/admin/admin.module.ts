import { Module } from '@nestjs/common';
import { AiModule } from '../../ai/ai.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MediaModule } from '../media/media.module';
import { ProfileModule } from '../profile/profile.module';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { ProviderAccessController } from './workspace-keys/provider-access.controller';
import { ProviderAccessService } from './workspace-keys/provider-access.service';

@Module({
  imports: [AuthModule, AiModule, AuditModule, ProfileModule, MediaModule],
  controllers: [AdminController, AdminUsersController, ProviderAccessController],
  providers: [AdminService, AdminUsersService, ProviderAccessService],
})
export class AdminModule {}
