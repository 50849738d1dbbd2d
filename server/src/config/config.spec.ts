import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, persistedSecret, projectRoot } from './config';

const SECRET = 'a-jwt-key-of-at-least-32-random-bytes-0123456789!';
const AUDIT_KEY = 'an-audit-key-of-at-least-32-random-bytes-ABCDEFGHIJ';
const OWNER_URL = 'postgres://owner:pw@db.example:5432/incident_desk';
const APP_URL = 'postgresql://app:pw@db.example:5432/incident_desk';

describe('loadConfig', () => {
  let tmp: string;
  /** an env that always has a DATA_DIR of our own, so that nothing is written into the project */
  let env: (vars?: Record<string, string>) => NodeJS.ProcessEnv;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'incident-desk-config-'));
    env = (vars = {}) => ({ DATA_DIR: join(tmp, 'data'), ...vars }) as NodeJS.ProcessEnv;
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** The ConfigError thrown for this env; its message must name the variable. */
  function error(vars: Record<string, string>): string {
    let thrown: unknown;
    try {
      loadConfig(env(vars), tmp);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    return (thrown as Error).message;
  }

  it('has working defaults: embedded database, port 3000 on localhost, OWASP scrypt cost', () => {
    const c = loadConfig(env(), tmp);
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: join(tmp, 'data'),
      databaseUrl: null,
      appDatabaseUrl: null,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 14 * 86400,
      seedDemo: true,
      logLevel: 'log',
      logFormat: null,
      scryptLog2N: 17,
      trustProxy: false,
      maxUploadBytes: 25 * 1024 * 1024,
      maxAttachmentBytes: 5 * 1024 ** 3,
      storage: { driver: 'folder', dir: join(tmp, 'data', 'files') },
      storageLinkSeconds: 300,
      maxJsonBodyBytes: 1024 * 1024,
      reportRollupThreshold: 20_000,
      auditAnchorDir: join(tmp, 'data', 'audit-anchors'),
      auditAnchorIntervalSeconds: 300,
      hstsMaxAge: null,
      shutdownDrainSeconds: 10,
      publicUrl: 'http://127.0.0.1:3000',
      smtpUrl: null,
      mailFrom: null,
      notifyAllowPrivateHosts: false,
      notifyRetryLimit: 5,
      notifyRetryDelaySeconds: 30,
    });
  });

  it('reads the notification settings: the public address for links, SMTP and its sender, retries', () => {
    const c = loadConfig(env({
      PUBLIC_URL: 'https://desk.example.com/', SMTP_URL: 'smtps://u%40x:p%40ss@mail.example.com:465', MAIL_FROM: '应急平台 <alerts@example.com>',
      NOTIFY_ALLOW_PRIVATE_HOSTS: 'true', NOTIFY_RETRY_LIMIT: '3', NOTIFY_RETRY_DELAY_SECONDS: '10',
    }), tmp);
    expect(c).toMatchObject({
      publicUrl: 'https://desk.example.com', smtpUrl: 'smtps://u%40x:p%40ss@mail.example.com:465', mailFrom: '应急平台 <alerts@example.com>',
      notifyAllowPrivateHosts: true, notifyRetryLimit: 3, notifyRetryDelaySeconds: 10,
    });
    expect(loadConfig(env({ HOST: '0.0.0.0', PORT: '8080' }), tmp).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig(env({ SMTP_URL: 'smtp://mail.test:587', MAIL_FROM: 'alerts@example.com' }), tmp).mailFrom).toBe('alerts@example.com');
  });

  it('reads STORAGE_URL: a folder, or an S3-compatible bucket with its key, prefix, region and addressing', () => {
    expect(loadConfig(env({ STORAGE_URL: 'file:///srv/evidence%20files' }), tmp).storage).toEqual({ driver: 'folder', dir: '/srv/evidence files' });
    expect(loadConfig(env({ STORAGE_URL: 's3+https://AKID:se%2Fcret@oss-cn-shanghai.aliyuncs.com/incident-evidence/prod/files?region=cn-shanghai&style=virtual' }), tmp).storage).toEqual({
      driver: 's3', endpoint: 'https://oss-cn-shanghai.aliyuncs.com', region: 'cn-shanghai', bucket: 'incident-evidence', prefix: 'prod/files/',
      accessKeyId: 'AKID', secretAccessKey: 'se/cret', forcePathStyle: false,
    });
    expect(loadConfig(env({ STORAGE_URL: 's3+http://k:s@127.0.0.1:9000/evidence' }), tmp).storage).toMatchObject({ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', prefix: '', forcePathStyle: true });
    for (const [value, says] of [
      ['not a url', 'STORAGE_URL is not a valid URL'], ['ftp://x/y', 'STORAGE_URL must be file:///FOLDER'], ['file://host/x', 'absolute folder'], ['file:///', 'absolute folder'],
      ['s3+https://k:s@host', 'must name a bucket'], ['s3+https://host/bucket', 'access key and secret'], ['s3+https://k:s@host/bucket?style=odd', 'style must be path or virtual'],
      ['s3+https://k:s@host/bucket?acl=public', 'unknown parameter acl'],
    ]) expect(error({ STORAGE_URL: value })).toContain(says);
    expect(error({ MAX_ATTACHMENT_BYTES: '5GB' })).toContain('MAX_ATTACHMENT_BYTES');
    expect(error({ STORAGE_LINK_TTL_SECONDS: '5' })).toContain('STORAGE_LINK_TTL_SECONDS');
  });

  it('without JWT_SECRET makes a random one in DATA_DIR (mode 0600) and keeps it across restarts', () => {
    const first = loadConfig(env(), tmp);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    const file = join(tmp, 'data', 'jwt.secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(env(), tmp).jwtSecret).toBe(first.jwtSecret);
    // another data folder, another secret
    expect(loadConfig(env({ DATA_DIR: join(tmp, 'other') }), tmp).jwtSecret).not.toBe(first.jwtSecret);
  });

  it('without AUDIT_KEY makes a random one in DATA_DIR (mode 0600), apart from the JWT secret, and keeps it', () => {
    const first = loadConfig(env(), tmp);
    expect(first.auditKey.length).toBeGreaterThanOrEqual(32);
    expect(first.auditKey).not.toBe(first.jwtSecret);
    const file = join(tmp, 'data', 'audit.secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.auditKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(env(), tmp).auditKey).toBe(first.auditKey);
    expect(loadConfig(env({ AUDIT_KEY }), tmp).auditKey).toBe(AUDIT_KEY);
  });

  it('uses JWT_SECRET when given, and writes no secret file', () => {
    const c = loadConfig(env({ JWT_SECRET: SECRET }), tmp);
    expect(c.jwtSecret).toBe(SECRET);
    expect(existsSync(join(tmp, 'data', 'jwt.secret'))).toBe(false);
  });

  it('reads every setting', () => {
    const admin = join(tmp, 'admin-dist');
    mkdirSync(admin);
    const c = loadConfig(
      env({
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: OWNER_URL,
        APP_DATABASE_URL: APP_URL,
        JWT_SECRET: SECRET,
        ACCESS_TOKEN_TTL_SECONDS: '300',
        REFRESH_TOKEN_TTL_SECONDS: '86400',
        SEED_DEMO: 'false',
        ADMIN_DIST: admin,
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'pretty',
        PASSWORD_SCRYPT_LOG2N: '12',
        TRUST_PROXY: 'yes',
        MAX_UPLOAD_BYTES: '2048',
        MAX_ATTACHMENT_BYTES: '1048576',
        STORAGE_URL: 'file:///srv/evidence',
        STORAGE_LINK_TTL_SECONDS: '60',
        MAX_JSON_BODY_BYTES: '131072',
        REPORT_ROLLUP_THRESHOLD: '0',
        REPORT_DATABASE_URL: 'postgres://incident_app:pw@standby:5432/incident_desk',
        AUDIT_KEY,
        AUDIT_ANCHOR_DIR: join(tmp, 'anchors'),
        AUDIT_ANCHOR_INTERVAL_SECONDS: '60',
        HSTS_MAX_AGE: '31536000',
        SHUTDOWN_DRAIN_SECONDS: '3',
        PUBLIC_URL: 'https://desk.example.com',
        SMTP_URL: 'smtp://mail.example.com:587',
        MAIL_FROM: 'alerts@example.com',
        NOTIFY_ALLOW_PRIVATE_HOSTS: 'false',
        NOTIFY_RETRY_LIMIT: '0',
        NOTIFY_RETRY_DELAY_SECONDS: '5',
      }),
      tmp,
    );
    expect(c).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: join(tmp, 'data'),
      databaseUrl: OWNER_URL,
      appDatabaseUrl: APP_URL,
      reportDatabaseUrl: 'postgres://incident_app:pw@standby:5432/incident_desk',
      jwtSecret: SECRET,
      accessTokenTtlSeconds: 300,
      refreshTokenTtlSeconds: 86400,
      seedDemo: false,
      adminDist: admin,
      logLevel: 'debug',
      logFormat: 'pretty',
      scryptLog2N: 12,
      trustProxy: true,
      maxUploadBytes: 2048,
      maxAttachmentBytes: 1048576,
      storage: { driver: 'folder', dir: '/srv/evidence' },
      storageLinkSeconds: 60,
      maxJsonBodyBytes: 131072,
      reportRollupThreshold: 0,
      auditKey: AUDIT_KEY,
      mfaKey: null,
      auditAnchorDir: join(tmp, 'anchors'),
      auditAnchorIntervalSeconds: 60,
      hstsMaxAge: 31536000,
      shutdownDrainSeconds: 3,
      publicUrl: 'https://desk.example.com',
      smtpUrl: 'smtp://mail.example.com:587',
      mailFrom: 'alerts@example.com',
      notifyAllowPrivateHosts: false,
      notifyRetryLimit: 0,
      notifyRetryDelaySeconds: 5,
    });
    expect(existsSync(join(tmp, 'data', 'audit.secret'))).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    const c = loadConfig(env({ PORT: '', DATABASE_URL: '', APP_DATABASE_URL: '', SEED_DEMO: '', LOG_LEVEL: '' }), tmp);
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, appDatabaseUrl: null, seedDemo: true, logLevel: 'log' });
  });

  it('an admin folder that does not exist is no admin (API only)', () => {
    expect(loadConfig(env({ ADMIN_DIST: join(tmp, 'nope') }), tmp).adminDist).toBeNull();
  });

  it.each([
    ['1', true], ['true', true], ['YES', true], ['On', true],
    ['0', false], ['false', false], ['No', false], ['OFF', false],
  ])('reads the boolean %s as %s', (raw, value) => {
    expect(loadConfig(env({ SEED_DEMO: raw, TRUST_PROXY: raw }), tmp)).toMatchObject({ seedDemo: value, trustProxy: value });
  });

  describe('every bad setting stops the start with a message naming it', () => {
    it.each([
      ['PORT', 'abc'],
      ['PORT', '3000x'],
      ['PORT', '-1'],
      ['PORT', '65536'],
      ['PORT', '80.5'],
      ['ACCESS_TOKEN_TTL_SECONDS', '15m'],
      ['ACCESS_TOKEN_TTL_SECONDS', '10'],
      ['REFRESH_TOKEN_TTL_SECONDS', '0'],
      ['PASSWORD_SCRYPT_LOG2N', '9'],
      ['PASSWORD_SCRYPT_LOG2N', '21'],
      ['MAX_UPLOAD_BYTES', '1k'],
      ['MAX_JSON_BODY_BYTES', '1MB'],
      ['MAX_JSON_BODY_BYTES', '1024'],
      ['REPORT_ROLLUP_THRESHOLD', '-5'],
      ['REPORT_ROLLUP_THRESHOLD', 'many'],
      ['SHUTDOWN_DRAIN_SECONDS', '601'],
      ['SHUTDOWN_DRAIN_SECONDS', '10s'],
      ['SEED_DEMO', 'maybe'],
      ['SEED_DEMO', '2'],
      ['TRUST_PROXY', 'y'],
      ['LOG_LEVEL', 'verbose'],
      ['LOG_LEVEL', 'ERROR'],
      ['LOG_FORMAT', 'text'],
      ['LOG_FORMAT', 'JSON'],
      ['AUDIT_ANCHOR_INTERVAL_SECONDS', '0'],
      ['AUDIT_ANCHOR_INTERVAL_SECONDS', '5m'],
      ['HSTS_MAX_AGE', '1y'],
      ['HSTS_MAX_AGE', '-1'],
      ['HSTS_MAX_AGE', '63072001'],
    ])('%s=%s', (name, value) => {
      const message = error({ [name]: value });
      expect(message).toContain(name);
      expect(message).toContain(value.replace(/^0+(?=\d)/, ''));
    });

    it.each([
      [{ PUBLIC_URL: 'desk.example.com' }, 'PUBLIC_URL'],
      [{ PUBLIC_URL: 'ftp://desk.example.com' }, 'PUBLIC_URL'],
      [{ PUBLIC_URL: 'https://desk.example.com/?x=1' }, 'PUBLIC_URL'],
      [{ SMTP_URL: 'http://mail.example.com', MAIL_FROM: 'a@b.c' }, 'SMTP_URL'],
      [{ SMTP_URL: 'not a url', MAIL_FROM: 'a@b.c' }, 'SMTP_URL'],
      [{ SMTP_URL: 'smtp://mail.example.com' }, 'MAIL_FROM'],
      [{ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
      [{ MAIL_FROM: 'a@b.c' }, 'MAIL_FROM'],
      [{ NOTIFY_ALLOW_PRIVATE_HOSTS: 'sure' }, 'NOTIFY_ALLOW_PRIVATE_HOSTS'],
      [{ NOTIFY_RETRY_LIMIT: '21' }, 'NOTIFY_RETRY_LIMIT'],
      [{ NOTIFY_RETRY_DELAY_SECONDS: '0' }, 'NOTIFY_RETRY_DELAY_SECONDS'],
    ])('%o names %s', (vars, name) => {
      expect(error(vars as Record<string, string>)).toContain(name);
    });

    it('JWT_SECRET shorter than 32 characters', () => {
      expect(error({ JWT_SECRET: 'x'.repeat(31) })).toMatch(/JWT_SECRET.*32/);
    });

    it.each([
      ['the compose file\'s old placeholder', 'change-me-to-a-long-random-secret-of-32-chars-or-more', /JWT_SECRET is a placeholder/],
      ['a placeholder in other words', 'replace-this-with-a-random-key-0123456789-abcdefghijklm', /JWT_SECRET is a placeholder/],
      ['32 characters, not 32 random bytes', 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4f', /JWT_SECRET must hold at least 32 random bytes/],
      ['40 hex digits (20 bytes)', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', /JWT_SECRET must hold at least 32 random bytes/],
      ['one character many times', 'x'.repeat(64), /JWT_SECRET must hold at least 32 random bytes/],
    ])('JWT_SECRET: %s', (_what, value, pattern) => {
      const message = error({ JWT_SECRET: value });
      expect(message).toMatch(pattern);
      expect(message).not.toContain(value);
    });

    it('takes 32 random bytes as base64 (openssl rand -base64 32) or hex (-hex 32)', () => {
      for (const value of [randomBytes(32).toString('base64'), randomBytes(32).toString('base64url'), randomBytes(32).toString('hex')]) {
        expect(loadConfig(env({ JWT_SECRET: value }), tmp).jwtSecret).toBe(value);
      }
    });

    it('JWT_SECRET or AUDIT_KEY equal to a database password', () => {
      const pw = randomBytes(32).toString('base64url');
      const owner = `postgres://owner:${encodeURIComponent(pw)}@db.example:5432/incident_desk`;
      expect(error({ DATABASE_URL: owner, APP_DATABASE_URL: APP_URL, JWT_SECRET: pw, AUDIT_KEY })).toMatch(/^JWT_SECRET must not be a database password/);
      const app = `postgres://app:${encodeURIComponent(pw)}@db.example:5432/incident_desk`;
      expect(error({ DATABASE_URL: OWNER_URL, APP_DATABASE_URL: app, JWT_SECRET: SECRET, AUDIT_KEY: pw })).toMatch(/^AUDIT_KEY must not be a database password/);
    });

    it('seeds demo data into a DATABASE_URL only when SEED_DEMO=true is given', () => {
      const real = { DATABASE_URL: OWNER_URL, APP_DATABASE_URL: APP_URL, JWT_SECRET: SECRET, AUDIT_KEY };
      expect(loadConfig(env(real), tmp).seedDemo).toBe(false);
      expect(loadConfig(env({ ...real, SEED_DEMO: '' }), tmp).seedDemo).toBe(false);
      expect(loadConfig(env({ ...real, SEED_DEMO: 'true' }), tmp).seedDemo).toBe(true);
      // the embedded (development) database keeps its demo by default
      expect(loadConfig(env(), tmp).seedDemo).toBe(true);
    });

    it('AUDIT_KEY shorter than 32 characters, or the same as JWT_SECRET', () => {
      expect(error({ AUDIT_KEY: 'x'.repeat(31) })).toMatch(/AUDIT_KEY.*32/);
      expect(error({ AUDIT_KEY: SECRET, JWT_SECRET: SECRET })).toMatch(/AUDIT_KEY must differ from JWT_SECRET/);
    });

    it('MFA_KEY: optional (derived from AUDIT_KEY when unset), held to the same rules, and not equal to the other keys', () => {
      expect(loadConfig(env(), tmp).mfaKey).toBeNull();
      const own = randomBytes(32).toString('base64url');
      expect(loadConfig(env({ MFA_KEY: own }), tmp).mfaKey).toBe(own);
      expect(error({ MFA_KEY: 'change-me-please-change-me-please-change-me' })).toMatch(/^MFA_KEY is a placeholder/);
      expect(error({ MFA_KEY: 'x'.repeat(31) })).toMatch(/MFA_KEY.*32/);
      expect(error({ MFA_KEY: SECRET, JWT_SECRET: SECRET })).toMatch(/MFA_KEY must differ from JWT_SECRET and AUDIT_KEY/);
    });

    it('AUDIT_KEY missing when DATABASE_URL is set (kept outside the database, like the JWT secret)', () => {
      expect(error({ DATABASE_URL: OWNER_URL, APP_DATABASE_URL: APP_URL, JWT_SECRET: SECRET })).toMatch(/^AUDIT_KEY must be set when DATABASE_URL is set/);
      expect(existsSync(join(tmp, 'data', 'audit.secret'))).toBe(false);
    });

    it('DATABASE_URL without APP_DATABASE_URL', () => {
      const message = error({ DATABASE_URL: OWNER_URL, JWT_SECRET: SECRET });
      expect(message).toMatch(/^APP_DATABASE_URL/);
      expect(message).toContain('DATABASE_URL');
    });

    it('REPORT_DATABASE_URL: optional (reports on the primary), a postgres URL when set', () => {
      expect(loadConfig(env({}), tmp).reportDatabaseUrl).toBeNull();
      const replica = 'postgres://incident_app:pw@standby:5432/incident_desk';
      expect(loadConfig(env({ REPORT_DATABASE_URL: replica }), tmp).reportDatabaseUrl).toBe(replica);
    });

    it('APP_DATABASE_URL without DATABASE_URL', () => {
      expect(error({ APP_DATABASE_URL: APP_URL, JWT_SECRET: SECRET })).toMatch(/^DATABASE_URL must be set/);
    });

    it('JWT_SECRET missing when DATABASE_URL is set (no data folder to keep a generated one in)', () => {
      expect(error({ DATABASE_URL: OWNER_URL, APP_DATABASE_URL: APP_URL })).toMatch(/^JWT_SECRET must be set/);
      expect(existsSync(join(tmp, 'data', 'jwt.secret'))).toBe(false);
    });

    it.each([
      ['DATABASE_URL', 'not a url', /DATABASE_URL is not a valid URL/],
      ['DATABASE_URL', 'mysql://u:p@h/db', /DATABASE_URL must be a postgres/],
      ['APP_DATABASE_URL', 'http://h/db', /APP_DATABASE_URL must be a postgres/],
      ['REPORT_DATABASE_URL', 'https://replica/db', /REPORT_DATABASE_URL must be a postgres/],
      ['REPORT_DATABASE_URL', 'replica:5432', /REPORT_DATABASE_URL must be a postgres/],
    ])('%s=%s', (name, value, pattern) => {
      const other: Record<string, string> =
        name === 'DATABASE_URL' ? { APP_DATABASE_URL: APP_URL } : name === 'APP_DATABASE_URL' ? { DATABASE_URL: OWNER_URL } : { DATABASE_URL: OWNER_URL, APP_DATABASE_URL: APP_URL };
      const message = error({ [name]: value, ...other, JWT_SECRET: SECRET });
      expect(message).toMatch(pattern);
      // the URL may carry a password: it is not echoed
      expect(message).not.toContain(value);
    });
  });

  describe('DATA_DIR', () => {
    let project: string;
    beforeEach(() => {
      // a project folder like ours: package.json, server/, shared/
      project = join(tmp, 'project');
      mkdirSync(join(project, 'server', 'src'), { recursive: true });
      mkdirSync(join(project, 'shared'));
      writeFileSync(join(project, 'package.json'), '{}');
    });

    it('defaults to .data in the project root, found from a subfolder', () => {
      const c = loadConfig({} as NodeJS.ProcessEnv, join(project, 'server', 'src'));
      expect(c.dataDir).toBe(join(project, '.data'));
      expect(existsSync(join(project, '.data', 'jwt.secret'))).toBe(true);
    });

    it('resolves a relative DATA_DIR against the project root, not the working folder', () => {
      const c = loadConfig({ DATA_DIR: 'var/pg' } as NodeJS.ProcessEnv, join(project, 'server'));
      expect(c.dataDir).toBe(join(project, 'var', 'pg'));
    });

    it('keeps an absolute DATA_DIR as it is', () => {
      const abs = join(tmp, 'elsewhere');
      expect(loadConfig({ DATA_DIR: abs } as NodeJS.ProcessEnv, join(project, 'server')).dataDir).toBe(abs);
    });

    it('projectRoot falls back to the folder itself outside a project', () => {
      const lonely = join(tmp, 'lonely');
      mkdirSync(lonely);
      expect(projectRoot(lonely)).toBe(lonely);
      expect(projectRoot(join(project, 'server', 'src'))).toBe(project);
    });
  });

  it('persistedSecret creates the folder, and reads an existing secret back trimmed', () => {
    const dir = join(tmp, 'nested', 'dir');
    const s = persistedSecret(dir, 'thing');
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    writeFileSync(join(dir, 'given.secret'), '  my-secret  \n');
    expect(persistedSecret(dir, 'given')).toBe('my-secret');
  });
});
