import { main } from '../../src/cli/main';
import type { MainDeps } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ward` in-process with string buffers for its output. */
export async function runCli(
  argv: string[],
  options: { tty?: boolean; deps?: Partial<MainDeps> } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    {
      stdout: {
        isTTY: options.tty ?? false,
        write: (chunk: string) => {
          stdout += chunk;
          return true;
        },
      },
      stderr: {
        write: (chunk: string) => {
          stderr += chunk;
          return true;
        },
      },
    },
    options.deps,
  );
  return { code, stdout, stderr };
}
