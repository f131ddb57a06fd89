import { Body, Controller, Delete, Get, Param, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, AuthUser, CurrentActor, CurrentUser, Roles } from '../../../common/auth.decorators';
import { ParseIdPipe } from '../../../common/parse-id.pipe';
import { BudgetsService } from './budgets.service';
import { BudgetsDto, MyBudgetDto, RoleParamDto, SetBudgetLimitsDto, UsageReportDto, UsageReportQueryDto } from './dto/budgets.dto';
import { UsageReportService } from './usage-report.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly reports: UsageReportService,
  ) {}

  @Get('budgets')
  @ApiOperation({ summary: 'Budgets and quotas: the default, per role and per user' })
  listBudgets(): Promise<BudgetsDto> {
    return this.budgets.list();
  }

  @Put('budgets/default')
  @ApiOperation({ summary: 'Set the default budgets (for every user with no role or user rule for that limit)' })
  setDefaultBudget(@CurrentActor() actor: Actor, @Body() dto: SetBudgetLimitsDto): Promise<BudgetsDto> {
    return this.budgets.setDefault(actor, dto);
  }

  @Put('budgets/roles/:role')
  @ApiOperation({ summary: "Set a role's budgets (win over the default)" })
  setRoleBudget(@CurrentActor() actor: Actor, @Param() { role }: RoleParamDto, @Body() dto: SetBudgetLimitsDto): Promise<BudgetsDto> {
    return this.budgets.setRole(actor, role, dto);
  }

  @Delete('budgets/roles/:role')
  @ApiOperation({ summary: "Remove a role's budgets (the default applies again)" })
  deleteRoleBudget(@CurrentActor() actor: Actor, @Param() { role }: RoleParamDto): Promise<BudgetsDto> {
    return this.budgets.remove(actor, 'role', role);
  }

  @Put('budgets/users/:id')
  @ApiOperation({ summary: "Set a user's budgets (win over their role's and the default)" })
  setUserBudget(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Body() dto: SetBudgetLimitsDto): Promise<BudgetsDto> {
    return this.budgets.setUser(actor, id, dto);
  }

  @Delete('budgets/users/:id')
  @ApiOperation({ summary: "Remove a user's budgets (their role's and the default apply again)" })
  deleteUserBudget(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<BudgetsDto> {
    return this.budgets.remove(actor, 'user', id);
  }

  @Get('usage')
  @ApiOperation({ summary: 'Tokens and cost by user, provider and model over a period' })
  getUsageReport(@Query() query: UsageReportQueryDto): Promise<UsageReportDto> {
    return this.reports.report(query);
  }

  @Get('usage/csv')
  @ApiOperation({ summary: 'The usage report as CSV (every row; cells safe to open in a spreadsheet)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportUsageReport(@Query() query: UsageReportQueryDto): Promise<StreamableFile> {
    const file = await this.reports.csv(query);
    return new StreamableFile(file.body, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${file.filename}"` });
  }
}

@ApiTags('profile')
@ApiBearerAuth()
@Controller('profile')
export class ProfileBudgetController {
  constructor(private readonly budgets: BudgetsService) {}

  @Get('budget')
  @ApiOperation({ summary: 'My budgets, how much of them is used, and which are at 80 % or more' })
  getMyBudget(@CurrentUser() user: AuthUser): Promise<MyBudgetDto> {
    return this.budgets.mine(user);
  }
}
