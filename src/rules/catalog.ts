/**
 * The one explicit list of rules. The export name is the camelCase of the rule id and the
 * folder is the id: the registry checks both when it loads.
 */
export { storageMinTls12 } from './storage-min-tls-1-2';
