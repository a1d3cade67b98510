export * from './errors';
export * from './event-types';
export * from './parse';
export * from './principal';
export * from './schemas';
export * from './trigger';
export * from './arn-event-types';
export * from './arn-schemas';
