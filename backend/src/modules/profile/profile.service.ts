import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth.decorators';
import { UserDto } from '../auth/dto/auth.dto';
import { AuthService } from '../auth/auth.service';
import { toUserDto } from '../auth/user.mapper';
import { UsersService } from '../auth/users.service';
import { ChangePasswordDto, UpdateProfileDto } from './dto/profile.dto';

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  async get(user: AuthUser): Promise<UserDto> {
    return toUserDto(await this.users.getById(user.id));
  }

  async update(user: AuthUser, dto: UpdateProfileDto): Promise<UserDto> {
    return toUserDto(await this.users.update(user.id, dto));
  }

  changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }
}
