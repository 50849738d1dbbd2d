import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';
import { useEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded';

/**
 * fn with the app role's database URL as the server has it: APP_DATABASE_URL, else the running server's embedded
 * PostgreSQL in DATA_DIR, else one started for fn (and stopped after). Null when there is no database yet (the message
 * printed): the command-line tools' way in (audit:verify, operator:create).
 */
export async function withAppDatabase<T>(config: AppConfig, print: (text: string) => void, fn: (appUrl: string) => Promise<T>): Promise<T | null> {
  let appUrl = config.appDatabaseUrl;
  let embedded: EmbeddedDatabase | null = null;
  if (!appUrl) {
    if (!existsSync(join(config.dataDir, 'pg', 'PG_VERSION'))) {
      print(`No database in ${config.dataDir}: start the product once (npm start) or set DATABASE_URL and APP_DATABASE_URL.`);
      return null;
    }
    embedded = await useEmbeddedPostgres(config.dataDir);
    appUrl = embedded.appUrl;
  }
  try {
    return await fn(appUrl);
  } finally {
    await embedded?.stop();
  }
}
