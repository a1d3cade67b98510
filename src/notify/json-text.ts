/** JSON.stringify answers undefined for undefined and functions, whatever its typing says. */
const stringify: (value: unknown, indent?: number) => string | undefined = (value, indent) =>
  JSON.stringify(value, null, indent);

/** Any value as text for people: strings as they are, everything else as JSON. */
export function jsonText(value: unknown, indent?: number): string {
  if (typeof value === 'string') return value;
  return stringify(value, indent) ?? 'undefined';
}
