export * from './deps';
export * from './errors';
export * from './registry';
export * from './role';
export type * from './types';
