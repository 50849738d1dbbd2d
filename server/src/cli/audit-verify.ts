import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditVerifyResult } from '@incident-desk/shared';
import { verifyAuditChain } from '../audit/verify';
import { ConfigError, loadConfig } from '../config/config';
import { makeDataSource } from '../database/data-source';
import { reachable, startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded';
import { APP_ROLE, DATABASE_NAME } from '../database/roles';
import { enterFirm } from '../tenancy/tenant-db.service';

export interface FirmVerification extends AuditVerifyResult {
  firmId: string;
  firmName: string;
}

/** Verifies every firm's audit chain as the app role, each inside a transaction scoped to that firm. */
export async function verifyAllChains(appUrl: string): Promise<FirmVerification[]> {
  const ds = makeDataSource(appUrl, { poolSize: 2, name: 'incident-desk-audit-verify' });
  await ds.initialize();
  try {
    const firms: { id: string }[] = await ds.query('select audit_firm_ids() as id');
    const out: FirmVerification[] = [];
    for (const { id } of firms) {
      out.push(
        await ds.transaction(async (em) => {
          await enterFirm(em, id, { allClients: false });
          const [firm] = await em.query('select name from firms where id = $1', [id]);
          return { firmId: id, firmName: firm?.name ?? '', ...(await verifyAuditChain(em, id)) };
        }),
      );
    }
    return out;
  } finally {
    await ds.destroy();
  }
}

export function formatVerification(results: FirmVerification[]): { text: string; ok: boolean } {
  const lines = results.map((r) =>
    r.ok
      ? `ok      ${r.firmId}  ${r.firmName}: ${r.checked} rows`
      : `BROKEN  ${r.firmId}  ${r.firmName}: first broken row seq ${r.firstBroken!.seq} (id ${r.firstBroken!.id || '-'}): ${r.firstBroken!.reason}; ${r.checked} rows before it verified`,
  );
  const ok = results.every((r) => r.ok);
  lines.push(ok ? `All ${results.length} audit chains verified.` : 'Audit chain verification FAILED.');
  return { text: lines.join('\n'), ok };
}

async function main() {
  const config = loadConfig();
  let appUrl = config.appDatabaseUrl;
  let embedded: EmbeddedDatabase | null = null;
  if (!appUrl) {
    const runtime = join(config.dataDir, 'runtime.json');
    const secret = join(config.dataDir, 'pg-app.secret');
    const running = existsSync(runtime) && existsSync(secret) ? JSON.parse(readFileSync(runtime, 'utf8')) : null;
    const password = existsSync(secret) ? readFileSync(secret, 'utf8').trim() : '';
    const runningUrl = running ? `postgres://${APP_ROLE}:${encodeURIComponent(password)}@127.0.0.1:${running.port}/${DATABASE_NAME}` : null;
    if (runningUrl && (await reachable(runningUrl))) {
      appUrl = runningUrl;
    } else {
      if (!existsSync(join(config.dataDir, 'pg', 'PG_VERSION'))) {
        console.error(`No database in ${config.dataDir}: start the product once (npm start) or set DATABASE_URL and APP_DATABASE_URL.`);
        process.exit(2);
      }
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
      appUrl = embedded.appUrl;
    }
  }
  try {
    const { text, ok } = formatVerification(await verifyAllChains(appUrl));
    console.log(text);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : e);
    process.exit(2);
  });
}
