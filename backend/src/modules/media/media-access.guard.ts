import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { DomainError } from '../../common/domain-error';
import { CommonErrorCode } from '../../common/error-codes';
import { MediaLinks, MediaVariant } from './media-links';

export interface MediaRequest extends Request {
  /** Set when the request carried a valid signed link for the file it asks for. */
  mediaLink?: boolean;
}

/**
 * For the routes that serve bytes: a valid signed link for this file and variant, or the usual
 * bearer token. A link that is wrong or expired is refused as unauthenticated.
 */
@Injectable()
export class MediaAccessGuard extends AuthGuard('jwt') {
  constructor(private readonly links: MediaLinks) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest<MediaRequest>();
    const token = request.query['token'];
    if (typeof token === 'string') {
      const variant: MediaVariant = request.path.endsWith('/thumbnail') ? 'thumbnail' : 'content';
      request.mediaLink = this.links.verify(String(request.params['id']), variant, token);
      return request.mediaLink || super.canActivate(context);
    }
    return super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error) throw error;
    if (!user) throw new DomainError('unauthenticated', CommonErrorCode.UNAUTHENTICATED, 'A valid access token or an unexpired media link is required');
    return user;
  }
}
