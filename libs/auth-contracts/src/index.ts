// Plain values (codes, scopes, limits) live in files without zod, and the package is free of side
// effects: the SPA imports them and its bundle carries none of the schemas or the validator.
export * from './lib/access';
export * from './lib/album-rules';
export * from './lib/albums';
export * from './lib/api-keys';
export * from './lib/audit';
export * from './lib/audit-actions';
export * from './lib/auth';
export * from './lib/error-codes';
export * from './lib/headers';
export * from './lib/images';
export * from './lib/joining';
export * from './lib/joining-rules';
export * from './lib/mfa';
export * from './lib/mfa-rules';
export * from './lib/image-rules';
export * from './lib/health';
export * from './lib/password';
export * from './lib/password-rules';
export * from './lib/problem';
export * from './lib/scopes';
export * from './lib/share-links';
export * from './lib/users';
