/** Firm settings' SQL. Values are always parameters; $1 is the firm. */

/** The firm's settings, its row locked when changed (two managers' changes one after the other). */
export const FIRM_SETTINGS = `
  select f.name, f.locale, f.time_zone as "timeZone", f.sla_policy as "slaPolicy", f.mfa_required as "mfaRequired"
    from firms f where f.id = $1`;
export const FIRM_SETTINGS_FOR_UPDATE = `${FIRM_SETTINGS} for no key update`;

export const SET_NAME = `update firms set name = $2 where id = $1`;
export const SET_LOCALE = `update firms set locale = $2 where id = $1`;
export const SET_MFA_REQUIRED = `update firms set mfa_required = $2 where id = $1`;
export const SET_DEFAULT_CLIENT_SLA = `update firms set sla_policy = jsonb_set(coalesce(sla_policy, '{}'::jsonb), '{defaultClientSla}', $2::jsonb) where id = $1`;

/** The firm's own days of the working-day calendar (the `working-days` resource). */
export const FIRM_WORKING_DAYS = `select count(*)::int as n from working_days where firm_id = $1`;

/** The logo's description (not its bytes). */
export const LOGO_META = `select content_type as "contentType", octet_length(content) as size, sha256, updated_at as "updatedAt" from firm_logos where firm_id = $1`;
export const LOGO = `select content_type as "contentType", content, sha256 from firm_logos where firm_id = $1`;
export const PUT_LOGO = `
  insert into firm_logos (firm_id, content_type, content, sha256, updated_at) values ($1, $2, $3, $4, now())
  on conflict (firm_id) do update set content_type = excluded.content_type, content = excluded.content, sha256 = excluded.sha256, updated_at = now()`;
export const DELETE_LOGO = `delete from firm_logos where firm_id = $1 returning sha256`;

/** Whether the user ($2) has two-factor sign-in enabled. */
export const HAS_MFA = `select exists (select 1 from user_mfa where firm_id = $1 and user_id = $2 and enabled_at is not null) as has`;

/**
 * A firm now requires two-factor sign-in: every live session of its staff (managers, consultants) without it ends, and
 * their refresh tokens with it; they are led to set it up at their next sign-in.
 */
export const END_SESSIONS_WITHOUT_MFA = `
  with ended as (
    update sessions s set ended_at = now(), ended_reason = 'revoked'
     where s.firm_id = $1 and s.ended_at is null
       and s.user_id in (select u.id from users u where u.firm_id = $1 and u.role in ('manager', 'consultant')
                           and not exists (select 1 from user_mfa m where m.firm_id = u.firm_id and m.user_id = u.id and m.enabled_at is not null))
    returning s.id)
  update refresh_tokens r set revoked_at = now() from ended where r.firm_id = $1 and r.family_id = ended.id and r.revoked_at is null`;
