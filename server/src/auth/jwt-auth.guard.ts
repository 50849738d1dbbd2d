import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ENTER_SCOPE, requestMeta, TENANT_ROUTE, type ScopedRequest } from '../tenancy/tenant-controller';
import { TenantDb } from '../tenancy/tenant-db.service';
import type { TokenUser } from './jwt.strategy';
import { IS_PUBLIC } from './public.decorator';

/** At most this many verified access tokens are remembered (the oldest is forgotten first). */
export const VERIFIED_TOKENS = 10_000;

/**
 * Global guard: every route needs a valid access token unless marked @Public(), and the request is then given its way
 * into the user's scope (ENTER_SCOPE: TenantDb.runAs, which @TenantController runs the handler in).
 * passport-jwt checks a token's signature, issuer, algorithm and expiry; a token it accepted is remembered, by its exact
 * text, until it expires, so that the next request with it skips passport and the HMAC (about 5 % of a short request's
 * CPU in the benchmark's profile). What the token grants is not remembered: the user's role, scope and active flag are
 * read in every request's transaction (TenantDb.runAs), so a deactivated user is refused at once either way.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly verified = new Map<string, TokenUser>();

  constructor(
    private readonly reflector: Reflector,
    private readonly db: TenantDb,
  ) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (Reflect.get(context.getHandler(), TENANT_ROUTE) !== true) throw new Error(`${context.getClass().name}.${context.getHandler().name} is not a route of a @TenantController`);
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<ScopedRequest & { user?: TokenUser }>();
    const header = req.headers.authorization;
    let user = typeof header === 'string' ? this.verified.get(header) : undefined;
    if (user && user.exp * 1000 <= Date.now()) {
      this.verified.delete(header as string);
      user = undefined;
    }
    if (user) req.user = user;
    else {
      const ok = (await super.canActivate(context)) as boolean;
      if (!ok || !req.user) return false;
      user = req.user;
      if (typeof header === 'string') {
        if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
        this.verified.set(header, user);
      }
    }
    const { firmId, userId } = user;
    req[ENTER_SCOPE] = (handler, readOnly, replica) => this.db.runAs(firmId, userId, requestMeta(req), () => handler(), readOnly, replica);
    return true;
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new UnauthorizedException();
    return user;
  }
}
