export * from './api-process';
export * from './fresh-database';
export * from './openapi-responses';
export * from './redis';
export * from './software-authenticator';
