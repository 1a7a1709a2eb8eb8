export * from './api-process';
export * from './fresh-database';
export * from './redis';
