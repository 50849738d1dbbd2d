/**
 * The auth domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** A refresh: the session was used ($1 firm, $2 session, $3 now, $4 new expiry, $5 address). */
export const TOUCH_SESSION = 'update sessions set last_used_at = $3, expires_at = $4, ip = coalesce($5, ip) where firm_id = $1 and id = $2';

/** Ends one live session ($1 firm, $2 session, $3 reason). */
export const END_SESSION = 'update sessions set ended_at = now(), ended_reason = $3 where firm_id = $1 and id = $2 and ended_at is null';

/** Revokes the refresh tokens of one session ($1 firm, $2 session: the token family). */
export const REVOKE_FAMILY = 'update refresh_tokens set revoked_at = now() where firm_id = $1 and family_id = $2 and revoked_at is null';

/** Ends every live session of a user but one ($1 firm, $2 user, $3 reason, $4 the session that goes on, or the nil id). */
export const END_SESSIONS_OF = 'update sessions set ended_at = now(), ended_reason = $3 where firm_id = $1 and user_id = $2 and ended_at is null and id <> $4';

/** Revokes every refresh token of a user but one session's ($1 firm, $2 user, $3 that session, or the nil id). */
export const REVOKE_TOKENS_OF = 'update refresh_tokens set revoked_at = now() where firm_id = $1 and user_id = $2 and revoked_at is null and family_id <> $3';

/** The firms and users an address is listed for in the login directory, before any scope (SECURITY DEFINER; $1 address). */
export const LOGIN_DIRECTORY = 'select * from auth_login_directory($1)';

/** One listed account's password hash and state, read within its firm ($1 firm, $2 user, $3 address). */
export const LOGIN_ACCOUNT = 'select * from auth_login_account($1, $2, $3)';

/** A refresh token used once: the row comes back only to the first ($1 firm, $2 token). */
export const USE_REFRESH_TOKEN = 'update refresh_tokens set used_at = now() where firm_id = $1 and id = $2 and used_at is null returning id';
