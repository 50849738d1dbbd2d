import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Configuration, read once from the environment and validated: a bad or missing setting stops the server
 * with a message naming it. Every variable is listed in the README.
 */
export interface AppConfig {
  port: number;
  host: string;
  /** folder for the embedded PostgreSQL and generated secrets (ignored for the database when databaseUrl is set) */
  dataDir: string;
  /** owner connection (migrations); when unset an embedded PostgreSQL is started in dataDir */
  databaseUrl: string | null;
  /** connection of the role that serves requests (not owner, not superuser, no BYPASSRLS) */
  appDatabaseUrl: string | null;
  /**
   * the same role on a read-only copy (a hot standby): the service report and its CSV and PDF exports read there;
   * null: on the primary like everything else
   */
  reportDatabaseUrl: string | null;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  seedDemo: boolean;
  adminDist: string | null;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** JSON lines, or pretty for a person; null: pretty when stdout is a terminal, JSON otherwise */
  logFormat: 'json' | 'pretty' | null;
  /** passwords' scrypt cost (N = 2^k); OWASP: k=17 */
  scryptLog2N: number;
  trustProxy: boolean;
  /** largest upload of the buffered multipart routes (CSV imports) */
  maxUploadBytes: number;
  /** largest evidence file (attachments: streamed to the evidence store, never held in memory) */
  maxAttachmentBytes: number;
  /** where evidence files go (storage/evidence-store.ts): a folder (default DATA_DIR/files) or an S3-compatible bucket */
  storage: StorageConfig;
  /** lifetime of the signed link a download of an S3-stored file is redirected to */
  storageLinkSeconds: number;
  /** largest JSON body of an ordinary route (routes with small bodies have a smaller limit, uploads MAX_UPLOAD_BYTES) */
  maxJsonBodyBytes: number;
  /** a firm-wide service report of at least this many incidents opened in the period is built from the roll-ups */
  reportRollupThreshold: number;
  /** HMAC-SHA256 key of the audit chain, kept outside PostgreSQL (server/src/audit/audit.service.ts) */
  auditKey: string;
  /** key of the two-factor secrets (encryption) and recovery codes (keyed hashes); null: derived from auditKey */
  mfaKey: string | null;
  /** folder of the audit anchor files: each firm's chain head, exported outside the database (audit/anchors.ts) */
  auditAnchorDir: string;
  /** every firm's chain head is anchored this often (besides after each committed change, and at shutdown) */
  auditAnchorIntervalSeconds: number;
  /** Strict-Transport-Security max-age, for deployments behind TLS; null: no HSTS header */
  hstsMaxAge: number | null;
  /** on SIGTERM / SIGINT, how long requests in flight may take to finish before their connections are closed */
  shutdownDrainSeconds: number;
  /** the address people open the app at: the links in e-mails and chat messages (no trailing slash) */
  publicUrl: string;
  /** SMTP server for e-mail notifications (smtp:// or smtps://); null: no e-mail is sent */
  smtpUrl: string | null;
  /** the From of e-mail notifications */
  mailFrom: string | null;
  /** channels may point to loopback and private addresses, and plain http (tests and development only) */
  notifyAllowPrivateHosts: boolean;
  /** a failed delivery is tried again this many times (with growing pauses) before it is dead */
  notifyRetryLimit: number;
  /** the first pause before a failed delivery is tried again (doubling each time) */
  notifyRetryDelaySeconds: number;
}

/** STORAGE_URL, read: a folder, or an S3-compatible bucket (endpoint, path-style or virtual-hosted addressing). */
export type StorageConfig =
  | { driver: 'folder'; dir: string }
  | {
      driver: 's3';
      endpoint: string;
      region: string;
      bucket: string;
      /** key prefix inside the bucket ('' or ending in '/') */
      prefix: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
    };

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} must be a postgres:// URL`);
  }
  return raw;
}

/**
 * STORAGE_URL: unset — a folder in DATA_DIR (`files/`); `file:///absolute/folder` — that folder;
 * `s3+https://KEY:SECRET@host[:port]/bucket[/prefix]?region=R&style=path|virtual` (`s3+http://` for a store on a
 * private network) — an S3-compatible service, the key and secret percent-encoded as in a PostgreSQL URL.
 */
export function storageOf(env: NodeJS.ProcessEnv, dataDir: string): StorageConfig {
  const raw = env.STORAGE_URL;
  if (raw === undefined || raw === '') return { driver: 'folder', dir: join(dataDir, 'files') };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError('STORAGE_URL is not a valid URL');
  }
  if (u.protocol === 'file:') {
    const dir = decodeURIComponent(u.pathname);
    if (u.host || !isAbsolute(dir) || dir === '/') throw new ConfigError('STORAGE_URL file:// must name an absolute folder (file:///srv/evidence)');
    return { driver: 'folder', dir: resolve(dir) };
  }
  if (u.protocol !== 's3+https:' && u.protocol !== 's3+http:') throw new ConfigError('STORAGE_URL must be file:///FOLDER, s3+https://… or s3+http://…');
  const [bucket, ...rest] = decodeURIComponent(u.pathname).split('/').filter(Boolean);
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError('STORAGE_URL must name a bucket (s3+https://KEY:SECRET@host/bucket)');
  const prefix = rest.length ? `${rest.join('/')}/` : '';
  if (!/^[A-Za-z0-9/_.-]*$/.test(prefix)) throw new ConfigError('STORAGE_URL: the key prefix may hold letters, digits and / _ . - only');
  if (!u.username || !u.password) throw new ConfigError('STORAGE_URL must carry the access key and secret (s3+https://KEY:SECRET@host/bucket)');
  const style = u.searchParams.get('style') ?? 'path';
  if (style !== 'path' && style !== 'virtual') throw new ConfigError('STORAGE_URL style must be path or virtual');
  for (const k of u.searchParams.keys()) if (k !== 'region' && k !== 'style') throw new ConfigError(`STORAGE_URL: unknown parameter ${k} (region, style)`);
  return {
    driver: 's3',
    endpoint: `${u.protocol === 's3+https:' ? 'https' : 'http'}://${u.host}`,
    region: u.searchParams.get('region') || 'us-east-1',
    bucket,
    prefix,
    accessKeyId: decodeURIComponent(u.username),
    secretAccessKey: decodeURIComponent(u.password),
    forcePathStyle: style === 'path',
  };
}

/** A secret kept in the data folder so that restarts keep sessions valid in development. */
export function persistedSecret(dataDir: string, name: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, value + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

/** Words that mark a value someone was meant to replace (the compose file's and the README's examples among them). */
const PLACEHOLDER = /change[-_ ]?me|changeit|placeholder|example|your[-_ ]?(jwt[-_ ]?)?(secret|key)|replace[-_ ]?(me|this)|^(secret|password)/i;

/**
 * Why a given secret may not be used, or null. It must not be a placeholder, must hold at least 32 random bytes as they
 * are usually written (64 hex digits with at least 12 different ones, or 43 characters of base64 / anything else with at
 * least 16 different ones, e.g. `openssl rand -base64 32`: no `xxxx…`), and must not be the password of a database role: whoever reads one
 * then holds the other.
 */
export function secretProblem(name: string, value: string, databasePasswords: string[]): string | null {
  if (PLACEHOLDER.test(value)) {
    return `${name} is a placeholder: make one with \`openssl rand -base64 32\` (README, "Running it for real")`;
  }
  const hex = /^[0-9a-f]+$/i.test(value);
  const distinct = new Set(value).size;
  if (value.length < 32) return `${name} must be at least 32 characters (32 random bytes: \`openssl rand -base64 32\`)`;
  if ((hex ? value.length < 64 || distinct < 12 : value.length < 43 || distinct < 16)) {
    return `${name} must hold at least 32 random bytes (64 hex digits, or 43 characters of base64; not a few characters repeated): \`openssl rand -base64 32\``;
  }
  if (databasePasswords.includes(value)) return `${name} must not be a database password`;
  return null;
}

/** The passwords in the database URLs (to refuse a secret equal to one of them). */
function passwordsOf(...urls: (string | null)[]): string[] {
  return urls.flatMap((u) => {
    if (!u) return [];
    const p = decodeURIComponent(new URL(u).password);
    return p ? [p] : [];
  });
}

/**
 * A key: the variable when set (checked by secretProblem); required with DATABASE_URL (no data folder of ours to keep a
 * generated one in); otherwise made once in DATA_DIR (`<file>.secret`, 32 random bytes, mode 0600).
 */
function secret(env: NodeJS.ProcessEnv, name: string, databaseUrl: string | null, dataDir: string, file: string, dbPasswords: string[]): string {
  const value = env[name] ?? '';
  if (value) {
    const problem = secretProblem(name, value, dbPasswords);
    if (problem) throw new ConfigError(problem);
    return value;
  }
  if (databaseUrl) throw new ConfigError(`${name} must be set when DATABASE_URL is set`);
  return persistedSecret(dataDir, file);
}

/** An http(s) address without query, fragment or trailing slash (PUBLIC_URL). */
function publicUrl(env: NodeJS.ProcessEnv, def: string): string {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return def;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL is not a valid URL');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash || u.username || u.password) {
    throw new ConfigError('PUBLIC_URL must be an http:// or https:// address without query, fragment or credentials');
  }
  return raw.replace(/\/+$/, '');
}

/** SMTP_URL and MAIL_FROM: both or neither (no e-mail). */
function mail(env: NodeJS.ProcessEnv): { smtpUrl: string | null; mailFrom: string | null } {
  const smtp = env.SMTP_URL || null;
  const from = env.MAIL_FROM || null;
  if (!smtp) {
    if (from) throw new ConfigError('MAIL_FROM is set but SMTP_URL is not: set SMTP_URL to send e-mail');
    return { smtpUrl: null, mailFrom: null };
  }
  let u: URL;
  try {
    u = new URL(smtp);
  } catch {
    throw new ConfigError('SMTP_URL is not a valid URL');
  }
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL with a host');
  if (!from) throw new ConfigError('MAIL_FROM must be set when SMTP_URL is set (e.g. "Incident Desk <alerts@example.com>")');
  // an address, bare or as "Name <address>"
  const m = /^(?:[^<>]*<\s*([^<>\s]+@[^<>\s]+)\s*>|\s*([^<>\s]+@[^<>\s]+)\s*)$/.exec(from);
  if (!m || /[\r\n]/.test(from)) throw new ConfigError('MAIL_FROM must be an e-mail address, bare or as "Name <address>"');
  return { smtpUrl: smtp, mailFrom: from };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const dataDir = dataDirOf(env, cwd);
  const databaseUrl = url(env, 'DATABASE_URL');
  const appDatabaseUrl = url(env, 'APP_DATABASE_URL');
  const reportDatabaseUrl = url(env, 'REPORT_DATABASE_URL');
  if (databaseUrl && !appDatabaseUrl) {
    throw new ConfigError('APP_DATABASE_URL must be set when DATABASE_URL is set (the role that serves requests)');
  }
  if (appDatabaseUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_URL must be set when APP_DATABASE_URL is set (the owner role that runs migrations)');
  }
  const dbPasswords = passwordsOf(databaseUrl, appDatabaseUrl);
  const jwtSecret = secret(env, 'JWT_SECRET', databaseUrl, dataDir, 'jwt', dbPasswords);
  const auditKey = secret(env, 'AUDIT_KEY', databaseUrl, dataDir, 'audit', dbPasswords);
  if (auditKey === jwtSecret) throw new ConfigError('AUDIT_KEY must differ from JWT_SECRET');
  const mfaKey = env.MFA_KEY ? secret(env, 'MFA_KEY', databaseUrl, dataDir, 'mfa', dbPasswords) : null;
  if (mfaKey !== null && (mfaKey === jwtSecret || mfaKey === auditKey)) throw new ConfigError('MFA_KEY must differ from JWT_SECRET and AUDIT_KEY');
  const logLevel = (env.LOG_LEVEL || 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of error, warn, log, debug, got "${logLevel}"`);
  }
  const logFormat = (env.LOG_FORMAT || null) as AppConfig['logFormat'];
  if (logFormat !== null && !['json', 'pretty'].includes(logFormat)) {
    throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${logFormat}"`);
  }
  const adminDist = env.ADMIN_DIST ? resolve(env.ADMIN_DIST) : resolve(projectRoot(cwd), 'admin/dist');
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    appDatabaseUrl,
    reportDatabaseUrl,
    jwtSecret,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * 86400, 60, 365 * 86400),
    // a database of our own (embedded) is a development one; a DATABASE_URL gets demo data only when asked for by name
    seedDemo: bool(env, 'SEED_DEMO', !databaseUrl),
    adminDist: existsSync(adminDist) ? adminDist : null,
    logLevel,
    logFormat,
    scryptLog2N: int(env, 'PASSWORD_SCRYPT_LOG2N', 17, 10, 20),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxAttachmentBytes: int(env, 'MAX_ATTACHMENT_BYTES', 5 * 1024 ** 3, 1024, 5 * 1024 ** 4),
    storage: storageOf(env, dataDir),
    storageLinkSeconds: int(env, 'STORAGE_LINK_TTL_SECONDS', 300, 10, 7 * 86400),
    maxJsonBodyBytes: int(env, 'MAX_JSON_BODY_BYTES', 1024 * 1024, 64 * 1024, 64 * 1024 * 1024),
    reportRollupThreshold: int(env, 'REPORT_ROLLUP_THRESHOLD', 20_000, 0, 1_000_000_000),
    auditKey,
    mfaKey,
    auditAnchorDir: env.AUDIT_ANCHOR_DIR ? resolve(projectRoot(cwd), env.AUDIT_ANCHOR_DIR) : join(dataDir, 'audit-anchors'),
    auditAnchorIntervalSeconds: int(env, 'AUDIT_ANCHOR_INTERVAL_SECONDS', 300, 1, 86400),
    hstsMaxAge: env.HSTS_MAX_AGE ? int(env, 'HSTS_MAX_AGE', 0, 0, 2 * 365 * 86400) : null,
    shutdownDrainSeconds: int(env, 'SHUTDOWN_DRAIN_SECONDS', 10, 0, 600),
    publicUrl: publicUrl(env, `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`),
    ...mail(env),
    notifyAllowPrivateHosts: bool(env, 'NOTIFY_ALLOW_PRIVATE_HOSTS', false),
    notifyRetryLimit: int(env, 'NOTIFY_RETRY_LIMIT', 5, 0, 20),
    notifyRetryDelaySeconds: int(env, 'NOTIFY_RETRY_DELAY_SECONDS', 30, 1, 3600),
  };
}

/** DATA_DIR as loadConfig reads it, without loadConfig's side effect of making a JWT secret there (restore). */
export function dataDirOf(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const raw = env.DATA_DIR || '.data';
  return isAbsolute(raw) ? raw : resolve(projectRoot(cwd), raw);
}

/** The repository root: the folder holding the workspaces' package.json. */
export function projectRoot(from = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server')) && existsSync(join(dir, 'shared'))) {
      return dir;
    }
    const parent = resolve(dir, '..');
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}
