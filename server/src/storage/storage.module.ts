import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { EVIDENCE_STORE, openEvidenceStore } from './index';

/** Evidence files outside PostgreSQL (the folder or S3 driver of STORAGE_URL), checked reachable at start. Exports EVIDENCE_STORE. */
@Module({
  providers: [
    {
      provide: EVIDENCE_STORE,
      useFactory: async (config: AppConfig) => {
        const store = openEvidenceStore(config);
        await store.check();
        return store;
      },
      inject: [APP_CONFIG],
    },
  ],
  exports: [EVIDENCE_STORE],
})
export class StorageModule {}
