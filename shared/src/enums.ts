/** Enumerations shared by the server, the admin and the reports. Values are API values (snake_case). */

/** The roles of a firm's people (what a manager may give a user). */
export const ROLES = ['manager', 'consultant', 'client_admin'] as const;
/**
 * The SaaS operator (issue 20): outside every customer firm, made only from the command line (`operator:create`),
 * sees firms and their usage, never their records.
 */
export const OPERATOR_ROLE = 'operator' as const;
export type Role = (typeof ROLES)[number] | typeof OPERATOR_ROLE;

export const OPERATOR_TYPES = ['cii', 'state_organ', 'other'] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];

export const CLIENT_STATUSES = ['active', 'offboarded'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'transition', 'login', 'logout', 'password_reset'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
