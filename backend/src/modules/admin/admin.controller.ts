import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { UserPageDto } from './dto/admin.dto';
import { AdminService } from './admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  @ApiOperation({ summary: 'Every account of the workspace (admins only)' })
  listUsers(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.admin.listUsers(query);
  }
}
