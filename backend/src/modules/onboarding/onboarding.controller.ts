import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { OnboardingDto } from './dto/onboarding.dto';
import { OnboardingService } from './onboarding.service';

@ApiTags('profile')
@ApiBearerAuth()
@Controller('profile/onboarding')
export class OnboardingController {
  constructor(private readonly onboarding: OnboardingService) {}

  @Get()
  @ApiOperation({ summary: 'The first-run checklist: each step ticked from what the user has done' })
  getOnboarding(@CurrentUser() user: AuthUser): Promise<OnboardingDto> {
    return this.onboarding.get(user);
  }

  @Post('dismiss')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Put the first-run checklist away' })
  dismissOnboarding(@CurrentUser() user: AuthUser): Promise<void> {
    return this.onboarding.dismiss(user);
  }
}
