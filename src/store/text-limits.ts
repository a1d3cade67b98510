/**
 * Azure Tables limits: a string property holds at most 64 KiB (UTF-16, so 32 Ki code units) and
 * an entity at most 1 MiB. ward keeps below both with a margin for names and system properties.
 */
export const MAX_PROPERTY_CHARS = 32_000;

/** Cuts `text` to at most `max` UTF-16 code units without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** A short text property: truncated with a visible marker when it would not fit. */
export function boundedText(text: string, max = MAX_PROPERTY_CHARS): string {
  if (text.length <= max) return text;
  const marker = `…[truncated ${text.length} chars]`;
  return cutText(text, max - marker.length) + marker;
}

export interface Chunked {
  chunks: string[];
  truncated: boolean;
}

/** Splits long text over several properties; text beyond `maxChunks` is dropped and flagged. */
export function chunkText(text: string, maxChunks: number): Chunked {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > 0 && chunks.length < maxChunks) {
    const chunk = cutText(rest, MAX_PROPERTY_CHARS);
    chunks.push(chunk);
    rest = rest.slice(chunk.length);
  }
  return { chunks, truncated: rest.length > 0 };
}

/**
 * Texts from events are bounded before any use: an id longer than this is refused as
 * malformed (cutting it would name something else), a name or label is cut with a marker.
 * A 100 KB display name in an event's claims must not make a card or a ledger entry fail
 * after the change it reports has been made.
 */
export const MAX_EVENT_ID_CHARS = 2048;
export const MAX_EVENT_LABEL_CHARS = 256;
