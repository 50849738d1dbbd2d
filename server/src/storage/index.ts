import type { AppConfig } from '../config/config';
import type { EvidenceStore } from './evidence-store';
import { FolderStore } from './folder-store';
import { S3Store } from './s3-store';

export * from './evidence-store';
export { FolderStore } from './folder-store';
export { S3Store } from './s3-store';

/** The application's evidence store (Nest provider token). */
export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');

/** The store STORAGE_URL names (config.storage). */
export function openEvidenceStore(config: Pick<AppConfig, 'storage' | 'storageLinkSeconds'>): EvidenceStore {
  return config.storage.driver === 'folder' ? new FolderStore(config.storage.dir) : new S3Store(config.storage, config.storageLinkSeconds);
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * the evidence store and MAX_ATTACHMENT_BYTES, for the upload engine that streams attachments into it
     * (attachments/upload.ts: a storage engine is given as a value, not injected)
     */
    evidence: { store: EvidenceStore; maxBytes: number };
  }
}
