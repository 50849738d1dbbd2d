import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map } from 'rxjs';
import { IS_PUBLIC } from '../auth/public.decorator';
import { pageBody } from '../common/page-body';
import { READ_WRITE } from './read-write.decorator';
import type { TokenUser } from '../auth/jwt.strategy';
import type { RequestMeta } from './scope';
import { TenantDb } from './tenant-db.service';

export function requestMeta(req: FastifyRequest & { user?: TokenUser }): RequestMeta {
  const agent = req.headers['user-agent'];
  return { requestId: String(req.id ?? ''), ip: req.ip ?? null, userAgent: typeof agent === 'string' ? agent : null, sessionId: req.user?.sessionId };
}

/**
 * Wraps every authenticated request in one transaction scoped to its user (see TenantDb). The user's role,
 * assignments and active flag are read here on every request, so changes take effect at once. A handler's Page result
 * becomes the JSON array and Content-Range header of ra-data-simple-rest (pageBody).
 */
@Injectable()
export class TenantInterceptor implements NestInterceptor {
  constructor(
    private readonly db: TenantDb,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (isPublic) return next.handle().pipe(map((result) => pageBody(result, reply)));
    return from(this.run(context, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  /**
   * The handler of an authenticated route in the user's transaction, its Page result made the reply's body: what
   * intercept() does, as a promise, also for the reads served without Nest's router (common/direct-routes.ts).
   */
  run(context: ExecutionContext, handler: () => Promise<unknown>): Promise<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: TokenUser }>();
    const user = req.user!;
    // GET and HEAD are safe: their transaction is read-only (PostgreSQL refuses a write in it), unless marked @ReadWrite()
    const readOnly = (req.method === 'GET' || req.method === 'HEAD') && !this.reflector.getAllAndOverride<boolean>(READ_WRITE, [context.getHandler(), context.getClass()]);
    return this.db.runAs(user.firmId, user.userId, requestMeta(req), async () => pageBody(await handler(), reply), readOnly);
  }
}
