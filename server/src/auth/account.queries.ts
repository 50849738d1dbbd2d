/**
 * The hand-written SQL of a person's own account (AccountService): links (account_tokens), passwords, own sessions.
 * Values are always parameters.
 */

/** Revokes a user's live invitation links ($1 firm, $2 user); the ids of those revoked. */
export const REVOKE_INVITATIONS =
  `update account_tokens set revoked_at = now() where firm_id = $1 and user_id = $2 and purpose = 'invite' and used_at is null and revoked_at is null returning id`;

/** A user, locked, as an account e-mail needs them, and whether their invitation is pending ($1 firm, $2 user). */
export const PENDING_INVITEE =
  `select firm_id as "firmId", id, email, name, locale, client_id as "clientId", password_set_at is null as pending
         from users where firm_id = $1 and id = $2 for no key update`;

/** A link's token, locked (of two uses at once, one wins), and whether it is still live ($1 firm, $2 token). */
export const LOCK_TOKEN =
  `select user_id as "userId", token_hash as "tokenHash", purpose,
                  used_at is null and revoked_at is null and expires_at > now() as live
             from account_tokens where firm_id = $1 and id = $2 for update`;

/** Sets a user's password ($1 firm, $2 user, $3 the scrypt hash). */
export const SET_PASSWORD =
  'update users set password_hash = $3, password_set_at = now(), updated_at = now() where firm_id = $1 and id = $2';

/** Marks a link used ($1 firm, $2 token). */
export const USE_TOKEN =
  'update account_tokens set used_at = now() where firm_id = $1 and id = $2';

/** Revokes every live link of a user ($1 firm, $2 user). */
export const REVOKE_LINKS_OF =
  'update account_tokens set revoked_at = now() where firm_id = $1 and user_id = $2 and used_at is null and revoked_at is null';

/** The accounts of an address that may get a reset link, before any scope (SECURITY DEFINER, migration 1766700000000; $1 address). */
export const ACCOUNT_LOOKUP =
  'select firm_id as "firmId", id as "userId" from account_lookup($1) where can_reset';

/** Whether a user got a reset link that is still live in the last $3 seconds ($1 firm, $2 user). */
export const RECENT_RESET =
  `select 1 from account_tokens where firm_id = $1 and user_id = $2 and purpose = 'reset' and used_at is null and revoked_at is null
                and created_at > now() - make_interval(secs => $3)`;

/** A user, locked, for a manager's reset link: pending invitation and active too ($1 firm, $2 user). */
export const RESET_TARGET =
  `select firm_id as "firmId", id, email, name, locale, client_id as "clientId", password_set_at is null as pending, active
         from users where firm_id = $1 and id = $2 for no key update`;

/** The caller's password hash, their row locked ($1 firm, $2 user). */
export const PASSWORD_HASH_FOR_UPDATE =
  'select password_hash as hash from users where firm_id = $1 and id = $2 for no key update';

/** Revokes a user's live reset links ($1 firm, $2 user). */
export const REVOKE_RESETS_OF =
  `update account_tokens set revoked_at = now() where firm_id = $1 and user_id = $2 and purpose = 'reset' and used_at is null and revoked_at is null`;

/** A user's live sessions, the most recently used first ($1 firm, $2 user). */
export const OWN_SESSIONS =
  `select id, user_agent as device, ip, created_at as "createdAt", last_used_at as "lastUsedAt", expires_at as "expiresAt"
         from sessions where firm_id = $1 and user_id = $2 and ended_at is null and expires_at > now()
        order by last_used_at desc, id`;

/** One live session of a user, locked ($1 firm, $2 session, $3 user). */
export const LOCK_OWN_SESSION =
  'select id from sessions where firm_id = $1 and id = $2 and user_id = $3 and ended_at is null for no key update';

/** Revokes a user's live links of one purpose ($1 firm, $2 user, $3 purpose). */
export const REVOKE_PURPOSE_OF =
  'update account_tokens set revoked_at = now() where firm_id = $1 and user_id = $2 and purpose = $3 and used_at is null and revoked_at is null';

/** A new link: only the SHA-256 of its secret ($1 firm, $2 id, $3 user, $4 purpose, $5 hash, $6 lifetime in seconds, $7 who made it). */
export const INSERT_TOKEN =
  `insert into account_tokens (firm_id, id, user_id, purpose, token_hash, expires_at, created_by)
       values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6), $7)`;

/** A firm's name, for an e-mail ($1 firm). */
export const FIRM_NAME =
  'select name from firms where id = $1';
