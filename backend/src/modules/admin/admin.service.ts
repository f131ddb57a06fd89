import { Injectable } from '@nestjs/common';
import { Page, PageQueryDto } from '../../common/pagination';
import { UserDto } from '../auth/dto/auth.dto';
import { UsersService } from '../auth/users.service';

@Injectable()
export class AdminService {
  constructor(private readonly users: UsersService) {}

  listUsers(query: PageQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }
}
