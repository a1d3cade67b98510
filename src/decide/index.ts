export { decide, DecideError } from './decide';
export type { BudgetState, DecideInput, ExemptionLike } from './decide';
export { effectiveMode, resolveMode, describeModeSource } from './mode';
export type { ModeResolution, ModeSource } from './mode';
export { scopeContains, scopeDepth } from './scope';
export { parseExpiry, isActiveAt } from './expiry';
export { tagExemption, EXEMPT_TAG, EXEMPT_UNTIL_TAG } from './exempt-tag';
export type { TagExemption } from './exempt-tag';
