import { PageDtoOf } from '../../../common/pagination';
import { UserDto } from '../../auth/dto/auth.dto';

export class UserPageDto extends PageDtoOf(UserDto) {}
