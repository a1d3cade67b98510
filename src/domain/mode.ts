/** What ward does with a failing rule on a resource. */
export const MODES = ['auto', 'approve', 'ticket', 'audit', 'off'] as const;
export type Mode = (typeof MODES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];
