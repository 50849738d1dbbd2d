import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { TokenUser } from './jwt.strategy';
import { IS_PUBLIC } from './public.decorator';

/** At most this many verified access tokens are remembered (the oldest is forgotten first). */
export const VERIFIED_TOKENS = 10_000;

/**
 * Global guard: every route needs a valid access token unless marked @Public().
 * passport-jwt checks a token's signature, issuer, algorithm and expiry; a token it accepted is remembered, by its exact
 * text, until it expires, so that the next request with it skips passport and the HMAC (about 5 % of a short request's
 * CPU in the benchmark's profile). What the token grants is not remembered: the user's role, scope and active flag are
 * read in every request's transaction (TenantDb.runAs), so a deactivated user is refused at once either way.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly verified = new Map<string, TokenUser>();

  constructor(private readonly reflector: Reflector) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; user?: TokenUser }>();
    const header = req.headers.authorization;
    const known = typeof header === 'string' ? this.verified.get(header) : undefined;
    if (known) {
      if (known.exp * 1000 > Date.now()) {
        req.user = known;
        return true;
      }
      this.verified.delete(header as string);
    }
    const ok = (await super.canActivate(context)) as boolean;
    if (ok && typeof header === 'string' && req.user) {
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(header, req.user);
    }
    return ok;
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new UnauthorizedException();
    return user;
  }
}
