export * from './api-versions';
export * from './clients';
export * from './credential';
export * from './errors';
export * from './resource-id';
export * from './retry';
export * from './throttle';
export * from './permission-match';
