import { UserDto } from './dto/auth.dto';
import { User } from './user.entity';

export function toUserDto(user: User): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, status: user.status, language: user.language, theme: user.theme,
    defaultChatModel: user.defaultChatModel ?? null,
    favoriteModels: user.favoriteModels ?? [],
    createdAt: user.createdAt,
  };
}
