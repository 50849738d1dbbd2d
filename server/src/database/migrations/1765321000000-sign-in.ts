import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in, hardened.
 *
 * 1. The sign-in throttle's counters in PostgreSQL, so that every app server sees the same counts (they lived in each
 *    process's memory: two servers gave an attacker twice the tries). `login_throttle` is the table of
 *    rate-limiter-flexible's PostgreSQL store, in the layout that store creates itself (it is told the table exists):
 *    a counter per key until `expire` (milliseconds since the epoch). Keys are hashes of the canonical e-mail address
 *    and the client address, never the address itself. Global, not firm-owned: a throttle comes before any firm is
 *    known. The app role may read, count, and forget (clearing expired rows).
 *
 * 2. An e-mail address is unique within a firm only. Before, it was unique across firms (auth_email_in_use), and
 *    creating a user with an address that another firm uses answered 409: that told a manager of one firm that the
 *    address holds an account at another. Now the same person may hold accounts in two firms; sign-in tries the password
 *    against each account of the address and asks which firm when more than one matches. Addresses are stored in one
 *    canonical form (trimmed, lower case, Unicode NFKC; server/src/users/email.ts), so the (firm_id, email) unique
 *    constraint is the uniqueness rule and sign-in looks addresses up as they are. Addresses stored before were already
 *    trimmed and lower-cased by the app; they are brought to NFKC here.
 */
export class SignIn1765321000000 implements MigrationInterface {
  name = 'SignIn1765321000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table login_throttle (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      );
      grant select, insert, update, delete on login_throttle to incident_app;
    `);

    await q.query(`alter table users no force row level security`);
    await q.query(`update users set email = normalize(email, NFKC) where email is not nfkc normalized`);
    await q.query(`alter table users force row level security`);
    await q.query(`
      drop index if exists users_email_lower;
      create index users_email on users (email);

      drop function auth_email_in_use(text, uuid);
      drop function auth_login_lookup(text);
      -- every account of a canonical address, with its firm (sign-in picks the firm when the password fits several)
      create function auth_login_lookup(p_email text)
        returns table (firm_id uuid, id uuid, password_hash text, active boolean, firm_slug text, firm_name text)
        language sql stable security definer set search_path = public
        as $$ select u.firm_id, u.id, u.password_hash, u.active, f.slug, f.name
                from users u join firms f on f.id = u.firm_id
               where u.email = p_email
               order by f.slug $$;
      alter function auth_login_lookup(text) owner to incident_auth;
      revoke all on function auth_login_lookup(text) from public;
      grant execute on function auth_login_lookup(text) to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop function auth_login_lookup(text);
      create function auth_login_lookup(p_email text)
        returns table (firm_id uuid, id uuid, password_hash text, active boolean)
        language sql stable security definer set search_path = public
        as $$ select u.firm_id, u.id, u.password_hash, u.active from users u where lower(u.email) = lower(p_email) $$;
      create function auth_email_in_use(p_email text, p_except uuid) returns boolean
        language sql stable security definer set search_path = public
        as $$ select exists (select 1 from users u where lower(u.email) = lower(p_email)
                             and (p_except is null or u.id <> p_except)) $$;
      alter function auth_login_lookup(text) owner to incident_auth;
      alter function auth_email_in_use(text, uuid) owner to incident_auth;
      revoke all on function auth_login_lookup(text), auth_email_in_use(text, uuid) from public;
      grant execute on function auth_login_lookup(text), auth_email_in_use(text, uuid) to incident_app;
      drop index if exists users_email;
      create index users_email_lower on users (lower(email));
      drop table if exists login_throttle;
    `);
  }
}
