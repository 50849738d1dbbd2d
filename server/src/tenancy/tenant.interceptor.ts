import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom } from 'rxjs';
import { IS_PUBLIC } from '../auth/public.decorator';
import type { TokenUser } from '../auth/jwt.strategy';
import { TenantDb } from './tenant-db.service';

export function requestMeta(req: FastifyRequest) {
  return { requestId: String(req.id ?? ''), ip: req.ip ?? null };
}

/**
 * Wraps every authenticated request in one transaction scoped to its user (see TenantDb). The user's role,
 * assignments and active flag are read here on every request, so changes take effect at once.
 */
@Injectable()
export class TenantInterceptor implements NestInterceptor {
  constructor(
    private readonly db: TenantDb,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: TokenUser }>();
    const user = req.user!;
    return from(this.db.runAs(user.firmId, user.userId, requestMeta(req), () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
