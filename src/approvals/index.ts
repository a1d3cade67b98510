export {
  APPROVAL_ID_PATTERN,
  createApprovalStore,
  DEFAULT_EXPIRY_HOURS,
  newApprovalId,
  type ApprovalStore,
  type ApprovalStoreOptions,
} from './approval-store';
export { CSRF_FIELD, issueCsrfToken, verifyCsrfToken } from './csrf';
export { ApprovalError, type ApprovalErrorCode } from './errors';
export {
  handleApprovalRequest,
  type ApprovalHandlerDeps,
  type ApprovalHttpRequest,
  type ApprovalHttpResponse,
} from './http-handler';
export {
  AUTHORIZATION_HEADER,
  createEntraTokenVerifier,
  DEFAULT_CLOCK_SKEW_SECONDS,
  ID_TOKEN_HEADER,
  tenantIssuers,
  tenantJwksUrl,
  tokenFromHeaders,
  type ApproverTokenVerifier,
  type EntraSignInSettings,
  type TokenCheck,
} from './entra-token';
export { planHash, canonicalJson } from './plan-hash';
export type * from './ports';
export {
  APPROVER_ROLE,
  encodeClientPrincipal,
  isApprover,
  parseClientPrincipal,
  PRINCIPAL_HEADER,
} from './principal';
export type * from './types';
export { APPROVAL_STATUSES } from './types';
