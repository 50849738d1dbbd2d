import {
  applyDecorators, BadRequestException, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, PayloadTooLargeException,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, MultipartModule, type UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiConsumes } from '@nestjs/swagger';
import { fileTypeFromBuffer } from 'file-type';
import { catchError, throwError } from 'rxjs';
import { isPlainText } from '@incident-desk/shared';
import { BodyLimit } from '../common/body-limits';
import { fieldError } from '../common/errors';
import { assertText } from '../common/input-guard';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';

export type UploadedFileLike = UploadedMultipartFile;

/**
 * Upload options for every file interceptor of the app: files up to MAX_UPLOAD_BYTES, one file and a few text fields
 * per request, and UTF-8 file names in the part headers (browsers send them raw; busboy would read them as Latin-1).
 */
export const uploadsModule = () =>
  MultipartModule.registerAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, parts: 12, fieldSize: 64 * 1024 },
      defParamCharset: 'utf8',
    }),
  });

/**
 * Put before a FileInterceptor: its errors become 400s naming `file` (an oversized file included: the API answers
 * bad input with 400 and the field), in the app's error shape.
 */
@Injectable()
export class UploadErrors implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(
      catchError((e) => {
        if (e instanceof PayloadTooLargeException) {
          return throwError(() => fieldError('file', `is larger than the limit of ${this.config.maxUploadBytes} bytes`));
        }
        if (e instanceof BadRequestException && !('code' in (e.getResponse() as object))) {
          return throwError(() => fieldError('file', `could not read the upload: ${e.message}`));
        }
        return throwError(() => e);
      }),
    );
  }
}

/**
 * Put after the FileInterceptor: the multipart text fields and the file's name pass the check every JSON body and query
 * passes (common/input-guard.ts), before the validation pipe and the handler see them.
 */
@Injectable()
export class UploadText implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const req = context.switchToHttp().getRequest<{ body?: unknown; file?: UploadedFileLike }>();
    assertText(req.body);
    if (req.file) assertText(req.file.originalname, `${req.file.fieldname}.name`);
    return next.handle();
  }
}

/**
 * A route that takes one file in `field` (multipart/form-data): the upload body limit (MAX_UPLOAD_BYTES), the parser
 * with the app's upload options, its errors as 400s naming the field, and the text check of its fields and file name.
 */
export const Upload = (field: string) =>
  applyDecorators(BodyLimit('upload'), UseInterceptors(UploadErrors, FileInterceptor(field), UploadText), ApiConsumes('multipart/form-data'));

/**
 * The content type of some bytes, from their content alone (magic numbers, via file-type); text/plain for UTF-8
 * text; application/octet-stream otherwise. What the uploader claims is never used.
 */
export async function detectContentType(bytes: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return detected.mime;
  return isPlainText(bytes) ? 'text/plain' : 'application/octet-stream';
}
