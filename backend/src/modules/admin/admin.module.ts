import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsageRecord } from '../../ai/usage-record.entity';
import { AiModule } from '../../ai/ai.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { User } from '../auth/user.entity';
import { MediaModule } from '../media/media.module';
import { ProfileModule } from '../profile/profile.module';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { ProviderAccessController } from './workspace-keys/provider-access.controller';
import { ProviderAccessService } from './workspace-keys/provider-access.service';
import { BudgetLimit } from './budgets/budget-limit.entity';
import { BudgetsController, ProfileBudgetController } from './budgets/budgets.controller';
import { BudgetsService } from './budgets/budgets.service';
import { UsageReportService } from './budgets/usage-report.service';
import { AdminJobsController } from './jobs/admin-jobs.controller';
import { AdminJobsService } from './jobs/admin-jobs.service';
import { AdminModelsController } from './models/admin-models.controller';
import { AdminModelsService } from './models/admin-models.service';
import { ModelEndpoint } from '../../ai/endpoints/model-endpoint.entity';
import { AdminEndpointsController } from './endpoints/admin-endpoints.controller';
import { AdminEndpointsService } from './endpoints/admin-endpoints.service';

@Module({
  imports: [TypeOrmModule.forFeature([BudgetLimit, UsageRecord, User, ModelEndpoint]), AuthModule, AiModule, AuditModule, ProfileModule, MediaModule],
  controllers: [AdminController, AdminUsersController, ProviderAccessController, BudgetsController, ProfileBudgetController, AdminJobsController, AdminModelsController, AdminEndpointsController],
  providers: [AdminService, AdminUsersService, ProviderAccessService, BudgetsService, UsageReportService, AdminJobsService, AdminModelsService, AdminEndpointsService],
})
export class AdminModule {}
