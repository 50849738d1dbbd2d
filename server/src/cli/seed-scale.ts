import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from '../config/config';
import { useEmbeddedPostgres } from '../database/embedded';
import { DATABASE_NAME } from '../database/roles';
import { generateScale, isValidDatabaseName, SCALE_DATABASE, SCALE_PASSWORD, scaleFirms, withDatabase, type ScaleResult } from '../seed/scale';

/**
 * `npm run seed:scale -- --clients N --incidents M [--database NAME] [--consultants K] [--tasks-per-incident T] [--workers W]`
 *
 * (Re)creates a separate database (default incident_desk_scale) on the same PostgreSQL the product uses — the
 * embedded one in DATA_DIR (reusing it when the product is running), or the server of DATABASE_URL — and fills it
 * with the scale data set (see server/src/seed/scale/). With DATABASE_URL, creating the database needs a role
 * allowed to: SCALE_ADMIN_DATABASE_URL (e.g. the postgres superuser), else the owner of DATABASE_URL is tried.
 */

export interface ScaleArgs {
  clients: number;
  incidents: number;
  database: string;
  consultants?: number;
  tasksPerIncident: number;
  workers: number;
  chunk: number;
}

export class ArgsError extends Error {}

export function parseScaleArgs(argv: string[]): ScaleArgs {
  const out: ScaleArgs = { clients: 2000, incidents: 1_000_000, database: SCALE_DATABASE, tasksPerIncident: 5, workers: 2, chunk: 50_000 };
  const ints: Record<string, [keyof ScaleArgs, number, number]> = {
    '--clients': ['clients', 1, 100_000],
    '--incidents': ['incidents', 1, 100_000_000],
    '--consultants': ['consultants', 1, 10_000],
    '--tasks-per-incident': ['tasksPerIncident', 0, 60],
    '--workers': ['workers', 1, 16],
    '--chunk': ['chunk', 100, 1_000_000],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (flag === '--database') {
      if (!value || !isValidDatabaseName(value)) throw new ArgsError(`--database must be lower-case letters, digits and _ (and not ${DATABASE_NAME}), got "${value ?? ''}"`);
      out.database = value;
    } else if (Object.hasOwn(ints, flag)) {
      const [key, min, max] = ints[flag];
      if (!value || !/^\d+$/.test(value.replace(/_/g, ''))) throw new ArgsError(`${flag} needs a whole number`);
      const n = Number(value.replace(/_/g, ''));
      if (n < min || n > max) throw new ArgsError(`${flag} must be between ${min} and ${max}`);
      (out as any)[key] = n;
    } else {
      throw new ArgsError(`unknown option ${argv[i]}; options: --clients N --incidents M --database NAME --consultants K --tasks-per-incident T --workers W --chunk C`);
    }
  }
  return out;
}

export interface ClusterUrls {
  /** can drop and create databases */
  adminUrl: string;
  /** the owner role, database = incident_desk (swap it with withDatabase) */
  ownerUrl: string;
  /** the app role, database = incident_desk */
  appUrl: string;
  /** stops the embedded PostgreSQL when this process started it */
  stop(): Promise<void>;
  port: number | null;
}

/**
 * The PostgreSQL the product uses: DATABASE_URL's server, the embedded one already running for DATA_DIR (runtime.json),
 * or the embedded one started here (stopped by `stop()`).
 */
export async function openCluster(config: AppConfig, env: NodeJS.ProcessEnv = process.env): Promise<ClusterUrls> {
  if (config.databaseUrl) {
    return { adminUrl: env.SCALE_ADMIN_DATABASE_URL || config.databaseUrl, ownerUrl: config.databaseUrl, appUrl: config.appDatabaseUrl!, stop: async () => undefined, port: null };
  }
  const db = await useEmbeddedPostgres(config.dataDir);
  return { adminUrl: withDatabase(db.superUrl, 'postgres'), ownerUrl: db.ownerUrl, appUrl: db.appUrl, stop: () => db.stop(), port: db.port };
}

export function formatScaleResult(r: ScaleResult): string {
  const big = r.firms[0];
  const lines = [
    '',
    `Database ${r.database} ready in ${(r.totalMs / 1000).toFixed(1)} s.`,
    'Rows: ' + Object.entries(r.counts).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', '),
    `Logins (password ${SCALE_PASSWORD}):`,
    ...r.firms.map((f) => `  ${f.slug}: ${f.managerEmail}, ${f.consultantEmails[0]} … (${f.consultantEmails.length} consultants), ${f.clientAdminEmails[0]} … (one per client)`),
    `Serve it: DATABASE_URL=<owner url>/${r.database} APP_DATABASE_URL=<app url>/${r.database} (npm run bench does this for you); firm ${big.slug} = ${big.firmId}`,
  ];
  return lines.join('\n');
}

async function main() {
  let args: ScaleArgs;
  let config: AppConfig;
  try {
    args = parseScaleArgs(process.argv.slice(2));
    config = loadConfig();
  } catch (e) {
    if (e instanceof ArgsError || e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const cluster = await openCluster(config);
  try {
    console.log(`Generating ${args.database}: ${args.clients} clients, ${args.incidents} incidents (${args.tasksPerIncident} tasks each), ${args.workers} connections`);
    const result = await generateScale({
      adminUrl: cluster.adminUrl,
      ownerUrl: withDatabase(cluster.ownerUrl, args.database),
      database: args.database,
      firms: scaleFirms(args.clients, args.incidents, args.consultants),
      tasksPerIncident: args.tasksPerIncident,
      workers: args.workers,
      chunk: args.chunk,
      scryptLog2N: config.scryptLog2N,
      log: (l) => console.log(l),
    });
    console.log(formatScaleResult(result));
  } finally {
    await cluster.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
