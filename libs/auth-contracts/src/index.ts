export * from './lib/error-codes';
export * from './lib/headers';
export * from './lib/health';
export * from './lib/password';
export * from './lib/problem';
export * from './lib/scopes';
