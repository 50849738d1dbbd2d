/** Two-factor sign-in's SQL (migration 1766900000000). Values are always parameters; $1 firm, $2 user throughout. */

/** The user's secret and state, the firm's requirement and the user's role, locked (one enable, one use of a step). */
export const MFA_STATE_FOR_UPDATE = `
  select u.role, f.mfa_required as "firmRequires", m.secret_enc as "secretEnc", m.enabled_at as "enabledAt", m.last_step as "lastStep"
    from users u join firms f on f.id = u.firm_id
    left join user_mfa m on m.firm_id = u.firm_id and m.user_id = u.id
   where u.firm_id = $1 and u.id = $2
     for no key update of u`;

/** The same, read only, with the unused recovery codes counted. */
export const MFA_STATUS = `
  select u.role, f.mfa_required as "firmRequires", m.enabled_at as "enabledAt",
         (select count(*)::int from mfa_recovery_codes c where c.firm_id = u.firm_id and c.user_id = u.id and c.used_at is null) as "codesLeft"
    from users u join firms f on f.id = u.firm_id
    left join user_mfa m on m.firm_id = u.firm_id and m.user_id = u.id
   where u.firm_id = $1 and u.id = $2`;

/** A new secret set up ($3), replacing a pending one; no row back when two-factor is already enabled. */
export const MFA_SET_UP = `
  insert into user_mfa (firm_id, user_id, secret_enc) values ($1, $2, $3)
  on conflict (firm_id, user_id) do update set secret_enc = excluded.secret_enc, last_step = null, created_at = now()
   where user_mfa.enabled_at is null
  returning user_id`;

/** Enables the pending secret with the step its first code matched ($3); one winner. */
export const MFA_ENABLE = `
  update user_mfa set enabled_at = now(), last_step = $3
   where firm_id = $1 and user_id = $2 and enabled_at is null
  returning user_id`;

/** Accepts a TOTP step ($3) later than the last one accepted; one winner per step. */
export const MFA_USE_STEP = `
  update user_mfa set last_step = $3
   where firm_id = $1 and user_id = $2 and enabled_at is not null and (last_step is null or last_step < $3)
  returning user_id`;

/** Uses a recovery code ($3: its keyed hash) once; one winner. */
export const MFA_USE_RECOVERY = `
  update mfa_recovery_codes set used_at = now()
   where firm_id = $1 and user_id = $2 and code_hash = $3 and used_at is null
  returning id`;

export const MFA_DELETE_CODES = `delete from mfa_recovery_codes where firm_id = $1 and user_id = $2`;

/** A fresh set of recovery codes ($3 ids, $4 their hashes). */
export const MFA_INSERT_CODES = `
  insert into mfa_recovery_codes (firm_id, id, user_id, code_hash)
  select $1, id, $2, hash from unnest($3::uuid[], $4::text[]) as c(id, hash)`;

/** Turns two-factor sign-in off: the secret goes (the codes with MFA_DELETE_CODES). */
export const MFA_DELETE = `delete from user_mfa where firm_id = $1 and user_id = $2 and enabled_at is not null returning user_id`;
