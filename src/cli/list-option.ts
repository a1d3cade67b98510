/**
 * Commander's argument parser for a repeatable list option: `--x a --x b,c` gives
 * `['a', 'b', 'c']`, with blanks dropped.
 */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
