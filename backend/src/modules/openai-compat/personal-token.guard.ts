import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { AccessTokensService } from '../profile/access-tokens.service';
import { OpenAiCompatErrorCode } from './openai-compat.errors';

/** `/v1` speaks to OpenAI clients: they authenticate with a personal access token as their API key. */
@Injectable()
export class PersonalTokenGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const user = token ? await this.tokens.authenticate(token) : null;
    if (!user) throw new DomainError('unauthenticated', OpenAiCompatErrorCode.INVALID_API_KEY, 'Invalid, expired or revoked Webox access token (create one in your profile)');
    request.user = user;
    return true;
  }
}
