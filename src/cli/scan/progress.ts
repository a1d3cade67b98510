import { SingleBar } from 'cli-progress';
import type { OutputStream } from '../io';
import type { ScanProgress } from './run-scan';

type TerminalStream = OutputStream & NodeJS.WritableStream & { isTTY: true };

function isTerminal(stream: OutputStream): stream is TerminalStream {
  const candidate = stream as Partial<NodeJS.WriteStream>;
  return stream.isTTY === true && typeof candidate.cursorTo === 'function';
}

/** A progress bar on stderr when it is a terminal; nothing otherwise (pipes, files, tests). */
export function terminalProgress(stream: OutputStream): ScanProgress | undefined {
  if (!isTerminal(stream)) return undefined;
  const bar = new SingleBar({
    stream,
    format: 'scanning {bar} {value}/{total} resources',
    hideCursor: true,
    clearOnComplete: true,
  });
  return {
    start: (total) => {
      bar.start(total, 0);
    },
    tick: () => {
      bar.increment();
    },
    stop: () => {
      bar.stop();
    },
  };
}
