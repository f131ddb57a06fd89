import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { AccessTokenVerifier } from '../auth/access-token-verifier';
import { CommonErrorCode } from '../../common/error-codes';
import { MediaLinks, MediaVariant } from './media-links';

export interface MediaRequest extends Request {
  user?: AuthUser;
  /** Set when the request carried a valid signed link for the file it asks for. */
  mediaLink?: boolean;
}

/**
 * For the routes that serve bytes: a valid signed link for this file and variant, or the usual
 * bearer token. A link that is wrong or expired is refused as unauthenticated.
 */
@Injectable()
export class MediaAccessGuard implements CanActivate {
  constructor(
    private readonly links: MediaLinks,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<MediaRequest>();
    const token = request.query['token'];
    if (typeof token === 'string') {
      const variant: MediaVariant = request.path.endsWith('/thumbnail') ? 'thumbnail' : 'content';
      request.mediaLink = this.links.verify(String(request.params['id']), variant, token);
      if (request.mediaLink) return true;
    }
    const user = await this.verifier.verifyRequest(request);
    if (!user) throw new DomainError('unauthenticated', CommonErrorCode.UNAUTHENTICATED, 'A valid access token or an unexpired media link is required');
    request.user = user;
    return true;
  }
}
