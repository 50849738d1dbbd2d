import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ACCOUNT_LINK_PATH, ACCOUNT_LINK_TTL_SECONDS } from '@incident-desk/shared';
import { issueAccountLink } from '../auth/account.service';
import { ConfigError, loadConfig } from '../config/config';
import { withAppDatabase } from './app-database';
import { PLATFORM_FIRM_ID } from '../firms/firm.entity';
import { inFirmScope } from '../tenancy/tenant-db.service';
import { canonicalEmail } from '../users/email';

const USAGE = 'usage: npm run operator:create -- --email ADDRESS [--name NAME] [--locale zh-CN|en]';

/**
 * Makes an operator (or a new link for one who has not set a password yet), as the app role in the platform's scope:
 * the user (role `operator`, no password), the login directory's line, and a one-time set-password link through the
 * account-link mechanism of AccountService (issueAccountLink: 72 h, only its hash stored). Prints the link and the
 * token on a line of its own (`token: …`). The only way an operator comes to exist; there is no default password.
 */
export async function createOperator(
  appUrl: string,
  opts: { email: string; name?: string; locale?: string; publicUrl: string },
): Promise<{ userId: string; token: string; link: string; created: boolean }> {
  const email = canonicalEmail(opts.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 200) throw new UsageError('--email: must be an e-mail address');
  const locale = opts.locale ?? 'en';
  if (locale !== 'en' && locale !== 'zh-CN') throw new UsageError('--locale: must be one of: zh-CN, en');
  const name = (opts.name ?? email.split('@')[0]).trim();
  if (!name || name.length > 100) throw new UsageError('--name: must be 1 to 100 characters');
  const c = new Client({ connectionString: appUrl, application_name: 'incident-desk-operator-create' });
  await c.connect();
  try {
    return await inFirmScope(c, PLATFORM_FIRM_ID, async () => {
      const found = await c.query<{ id: string; pending: boolean }>(
        `select id, password_hash is null as pending from users where firm_id = $1 and email = $2 for update`,
        [PLATFORM_FIRM_ID, email],
      );
      let userId = found.rows[0]?.id;
      if (found.rows[0] && !found.rows[0].pending) {
        throw new UsageError(`${email} is an operator with a password already: they use "forgot password" at sign-in`);
      }
      if (!userId) {
        const made = await c.query<{ id: string }>(
          `insert into users (firm_id, id, email, name, role, locale, password_hash, password_set_at)
           values ($1, gen_random_uuid(), $2, $3, 'operator', $4, null, null) returning id`,
          [PLATFORM_FIRM_ID, email, name, locale],
        );
        userId = made.rows[0].id;
        await c.query('select login_directory_sync($1, $2)', [PLATFORM_FIRM_ID, userId]);
      }
      const token = await issueAccountLink((text, values) => c.query(text, values), { firmId: PLATFORM_FIRM_ID, id: userId }, 'invite', null);
      const link = `${opts.publicUrl}${ACCOUNT_LINK_PATH.account_invite}?token=${encodeURIComponent(token)}`;
      return { userId, token, link, created: found.rows.length === 0 };
    });
  } finally {
    await c.end();
  }
}

class UsageError extends Error {}

export async function runOperatorCreate(argv: string[], env: NodeJS.ProcessEnv = process.env, print: (text: string) => void = console.log): Promise<number> {
  let args: { email?: string; name?: string; locale?: string };
  try {
    args = parseArgs({ args: argv, options: { email: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' } }, strict: true }).values;
  } catch (e) {
    print(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!args.email) {
    print(USAGE);
    return 2;
  }
  const config = loadConfig(env);
  const code = await withAppDatabase(config, print, async (appUrl) => {
    try {
      const r = await createOperator(appUrl, { email: args.email!, name: args.name, locale: args.locale, publicUrl: config.publicUrl });
      const hours = ACCOUNT_LINK_TTL_SECONDS.invite / 3600;
      print(`${r.created ? 'Operator created' : 'Operator exists without a password: a new link (the earlier one no longer works)'}: ${canonicalEmail(args.email!)}`);
      print(`Open this link within ${hours} hours to set the password (it works once):`);
      print(r.link);
      print(`token: ${r.token}`);
      return 0;
    } catch (e) {
      if (e instanceof UsageError) {
        print(e.message);
        return 1;
      }
      throw e;
    }
  });
  return code ?? 2;
}

if (require.main === module) {
  runOperatorCreate(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e) => {
      console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : e);
      process.exit(2);
    });
}
