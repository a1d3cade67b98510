import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { redactingPinoOptions } from '../../src/notify/redact';

/** A real pino logger with ward's redaction, writing into memory so tests can read every line. */
export function memoryLogger(secrets: string[] = []): { logger: Logger; output: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level: 'trace', ...redactingPinoOptions(secrets) }, stream);
  return { logger, output: () => chunks.join('') };
}
