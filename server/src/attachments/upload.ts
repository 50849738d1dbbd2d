import {
  applyDecorators, BadRequestException, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, PayloadTooLargeException,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, MultipartModule, type MultipartStorageEngine, type UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiConsumes } from '@nestjs/swagger';
import { fileTypeFromBuffer } from 'file-type';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, throwError } from 'rxjs';
import { isPlainText } from '@incident-desk/shared';
import { BodyLimit } from '../common/body-limits';
import { fieldError } from '../common/errors';
import { assertText } from '../common/input-guard';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { Readable } from 'node:stream';
import type { EvidenceStore, StagedFile } from '../storage';

/** An attachment as the evidence engine staged it: hashed, sized and sniffed while it streamed to the store. */
export interface StagedUpload extends UploadedMultipartFile {
  staged: StagedFile;
  /** the type detected from its first bytes (detectContentType) */
  contentType: string;
}

export type UploadedFileLike = UploadedMultipartFile;

/**
 * Upload options for the buffered file interceptor (CSV imports; attachments stream: EvidenceUpload): files up to MAX_UPLOAD_BYTES, one file and a few text fields
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
  constructor(@Inject(APP_CONFIG) protected readonly config: AppConfig) {}

  protected limit() {
    return this.config.maxUploadBytes;
  }

  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(
      catchError((e) => {
        if (e instanceof PayloadTooLargeException) {
          return throwError(() => fieldError('file', `is larger than the limit of ${this.limit()} bytes`));
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
 * UploadErrors for attachments (MAX_ATTACHMENT_BYTES), which also removes the staged file of a request that failed
 * after the file was stored (a bad field, a record out of scope, a failed COMMIT): the upload leaves nothing behind.
 * A file that fails while it streams is removed by the engine itself.
 */
@Injectable()
export class EvidenceUploadErrors extends UploadErrors {
  protected override limit() {
    return this.config.maxAttachmentBytes;
  }

  override intercept(context: ExecutionContext, next: CallHandler) {
    const req = context.switchToHttp().getRequest<FastifyRequest & { file?: StagedUpload }>();
    return super.intercept(context, {
      handle: () =>
        next.handle().pipe(
          catchError((e) => {
            const staged = req.file?.staged;
            if (!staged) return throwError(() => e);
            return from(req.server.evidence.store.discard(staged).catch(() => undefined)).pipe(mergeMap(() => throwError(() => e)));
          }),
        ),
    });
  }
}

/**
 * A multer-style storage engine (the public contract of Nest's multipart interceptors) that streams the file into the
 * evidence store (`stage`), computing its SHA-256, size, head and plain-text check as the bytes pass, and detects its
 * type from the head. The file is staged, not yet findable: the service commits it in the request's transaction.
 * A stream that fails (a cut connection, the size limit) leaves nothing: the store removes what it wrote.
 */
export const evidenceEngine: MultipartStorageEngine = {
  _handleFile(req: FastifyRequest, file, done) {
    stageUpload(req.server.evidence.store, file.stream).then((staged) => done(undefined, staged), (e) => done(e));
  },
  _removeFile(req: FastifyRequest, file, done) {
    const staged = (file as Partial<StagedUpload>).staged;
    if (!staged) return done(null);
    req.server.evidence.store.discard(staged).then(() => done(null), (e) => done(e as Error));
  },
};

/** Streams a file into the store, staged, with its type detected (the engine's work; the demo seed's files too). */
export async function stageUpload(store: EvidenceStore, source: Readable): Promise<Pick<StagedUpload, 'size' | 'staged' | 'contentType'>> {
  const staged = await store.stage(source);
  const contentType = staged.size ? await detectContentType(staged.head, staged.plainText) : 'application/octet-stream';
  return { size: staged.size, staged, contentType };
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
 * A route that takes one evidence file in `field`, streamed into the evidence store (evidenceEngine) rather than read
 * into memory: files up to MAX_ATTACHMENT_BYTES, the text fields before or after the file.
 */
export const EvidenceUpload = (field: string) =>
  applyDecorators(
    BodyLimit('evidence'),
    UseInterceptors(
      EvidenceUploadErrors,
      FileInterceptor(field, {
        storage: evidenceEngine,
        limits: (req: FastifyRequest) => ({ fileSize: req.server.evidence.maxBytes, files: 1, fields: 10, parts: 12, fieldSize: 64 * 1024 }),
      }),
      UploadText,
    ),
    ApiConsumes('multipart/form-data'),
  );

/**
 * The content type of a file from its content alone: magic numbers in its first bytes (via file-type); text/plain
 * for UTF-8 text (all of it: `plainText`, checked while it streamed); application/octet-stream otherwise. What the uploader claims is never used.
 */
export async function detectContentType(head: Buffer, plainText = isPlainText(head)): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return plainText ? 'text/plain' : 'application/octet-stream';
}
