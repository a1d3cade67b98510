export * from './arm-get';
export * from './arm-readers';
export * from './arm-resource';
export * from './read-snapshot';
export * from './related';
export * from './secret-reader';
export * from './types';
export * from './resource-graph-pages';
