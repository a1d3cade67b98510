/** Where a command writes: process streams in the bin, string buffers in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True on a terminal: colour is used only then. */
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** Usage errors, or problems found (e.g. `ward config validate`). */
  problems: 1,
  /** Input that cannot be read or parsed. */
  unreadable: 2,
} as const;
