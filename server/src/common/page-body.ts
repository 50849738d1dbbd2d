import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map } from 'rxjs';
import { Page } from './list-query';

/** A controller returns a Page; the client gets a JSON array and Content-Range, as ra-data-simple-rest expects. */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(
      map((result) => {
        if (!(result instanceof Page)) return result;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        reply.header('Content-Range', result.contentRange);
        reply.header('Access-Control-Expose-Headers', 'Content-Range');
        return result.items;
      }),
    );
  }
}
