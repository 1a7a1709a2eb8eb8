export const AUDIT_ACTIONS = [
  'login.succeeded',
  'login.failed',
  'token.refreshed',
  'refresh.reuse_detected',
  'logout',
  'password.changed',
  'session.revoked',
  'api_key.created',
  'api_key.rotated',
  'api_key.revoked',
  'user.created',
  'user.changed',
  'user.deactivated',
  'image.uploaded',
  'image.deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
