import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export const ASCII_BODY_POLICY = 'wardAsciiJsonBody';

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * The same JSON with every non-ASCII UTF-16 unit written as a `\uXXXX` escape. JSON allows
 * characters above U+007F only inside strings, where the escape means the same character, so the
 * parsed value is unchanged; surrogate pairs become two escapes, which JSON also allows.
 */
export function escapeNonAscii(json: string): string {
  return json.replace(
    NON_ASCII,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Sends every Table request body as pure ASCII. Azurite (3.35) joins the pieces of a request
 * body as strings, so a multi-byte UTF-8 sequence split across two network reads becomes U+FFFD:
 * a large ledger state or card with one non-ASCII character was stored damaged, depending on
 * timing. With one byte per character no sequence can be split. Azure Storage parses the
 * escapes the same way, so the policy stays on in Azure too. Batch bodies are multipart with
 * JSON parts; their other lines are ASCII already.
 */
export function asciiBodyPolicy(): PipelinePolicy {
  return {
    name: ASCII_BODY_POLICY,
    sendRequest(request, next) {
      if (typeof request.body === 'string') request.body = escapeNonAscii(request.body);
      return next(request);
    },
  };
}
