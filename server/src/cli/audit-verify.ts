import 'reflect-metadata';
import type { AuditVerifyResult } from '@incident-desk/shared';
import { anchorFolder, readAnchors } from '../audit/anchors';
import { auditKeyBytes } from '../audit/audit.service';
import { verifyAuditChain } from '../audit/verify';
import { ConfigError, loadConfig } from '../config/config';
import { makeDataSource } from '../database/data-source';
import { withAppDatabase } from './app-database';
import { enterFirm } from '../tenancy/tenant-db.service';
import { PLATFORM_FIRM_ID } from '../firms/firm.entity';

export interface FirmVerification extends AuditVerifyResult {
  firmId: string;
  firmName: string;
  /** the highest seq anchored outside the database, null if none */
  anchoredSeq: number | null;
}

export interface ChainsVerification {
  firms: FirmVerification[];
  /** the database's folder in the anchor store, how many anchor files it holds, and lines that cannot be read */
  anchors: { folder: string; files: number; problems: string[] };
}

/**
 * Verifies every firm's audit chain as the app role, each inside a transaction scoped to that firm: the keyed hashes
 * (AUDIT_KEY) and the anchors written outside the database (AUDIT_ANCHOR_DIR), which are read first. A firm that has
 * anchors but is gone from the database is reported too, unless the platform's audit chain records its deletion by an
 * operator (issue 20).
 */
export async function verifyAllChains(appUrl: string, opts: { auditKey: string; auditAnchorDir: string }): Promise<ChainsVerification> {
  const key = auditKeyBytes(opts);
  const ds = makeDataSource(appUrl, { poolSize: 2, name: 'incident-desk-audit-verify' });
  await ds.initialize();
  try {
    const [{ db }] = await ds.query('select current_database() as db');
    const folder = anchorFolder(opts.auditAnchorDir, db);
    const anchored = await readAnchors(folder);
    const firms: { id: string }[] = await ds.query('select audit_firm_ids() as id');
    const out: FirmVerification[] = [];
    for (const { id } of firms) {
      const anchors = anchored.byFirm.get(id) ?? null;
      out.push(
        await ds.transaction('REPEATABLE READ', async (em) => {
          await enterFirm(em, id, { allClients: false });
          const [firm] = await em.query('select name from firms where id = $1', [id]);
          return { firmId: id, firmName: firm?.name ?? '', anchoredSeq: anchors?.highest.seq ?? null, ...(await verifyAuditChain(em, id, { key, anchors })) };
        }),
      );
    }
    const known = new Set(firms.map((f) => f.id));
    // firms an operator deleted (issue 20): their anchors stay, and the platform's audit chain says when they went
    const deleted = new Map<string, string>(
      (await ds.transaction(async (em) => {
        await enterFirm(em, PLATFORM_FIRM_ID, { allClients: false });
        return em.query(`select entity_id as id, seq from audit_logs where firm_id = $1 and entity = 'firms' and action = 'delete'`, [PLATFORM_FIRM_ID]);
      }) as { id: string; seq: string }[]).map((r) => [r.id, r.seq]),
    );
    for (const [id, a] of anchored.byFirm) {
      if (known.has(id)) continue;
      if (deleted.has(id)) {
        out.push({ firmId: id, firmName: `(deleted: the platform's audit, seq ${deleted.get(id)})`, anchoredSeq: a.highest.seq, ok: true, checked: 0, firstBroken: null });
        continue;
      }
      out.push({
        firmId: id,
        firmName: '',
        anchoredSeq: a.highest.seq,
        ok: false,
        checked: 0,
        firstBroken: { seq: 1, id: '', reason: `the firm is gone from the database, but its chain was anchored up to seq ${a.highest.seq} at ${a.highest.at}` },
      });
    }
    return { firms: out, anchors: { folder, files: anchored.files, problems: anchored.problems } };
  } finally {
    await ds.destroy();
  }
}

export function formatVerification(result: ChainsVerification): { text: string; ok: boolean } {
  const anchoredTo = (r: FirmVerification) => (r.anchoredSeq === null ? 'no anchor yet' : `anchored up to seq ${r.anchoredSeq}`);
  const lines = result.firms.map((r) =>
    r.ok
      ? `ok      ${r.firmId}  ${r.firmName}: ${r.checked} rows, ${anchoredTo(r)}`
      : `BROKEN  ${r.firmId}  ${r.firmName}: first broken row seq ${r.firstBroken!.seq} (id ${r.firstBroken!.id || '-'}): ${r.firstBroken!.reason}; ${r.checked} rows before it verified`,
  );
  for (const p of result.anchors.problems) lines.push(`BROKEN  anchor store: ${p}`);
  const ok = result.firms.every((r) => r.ok) && !result.anchors.problems.length;
  lines.push(`Anchors: ${result.anchors.files} files in ${result.anchors.folder}.`);
  lines.push(ok ? `All ${result.firms.length} audit chains verified.` : 'Audit chain verification FAILED.');
  return { text: lines.join('\n'), ok };
}

/**
 * `npm run audit:verify`: the configuration as the server reads it (AUDIT_KEY, AUDIT_ANCHOR_DIR, DATA_DIR, and
 * APP_DATABASE_URL, or the running server's embedded database, or the embedded one started here). Prints a line per
 * firm; the exit code is 0 when every chain verifies, 1 when one does not, 2 when it cannot run.
 */
export async function runAuditVerify(env: NodeJS.ProcessEnv = process.env, print: (text: string) => void = console.log): Promise<number> {
  const config = loadConfig(env);
  const code = await withAppDatabase(config, print, async (appUrl) => {
    const { text, ok } = formatVerification(await verifyAllChains(appUrl, config));
    print(text);
    return ok ? 0 : 1;
  });
  return code ?? 2;
}

if (require.main === module) {
  runAuditVerify()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e) => {
      console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : e);
      process.exit(2);
    });
}
