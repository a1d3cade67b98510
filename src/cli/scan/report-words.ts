import { escapeHtml } from '../../approvals/html';

// How the HTML report writes ids and text so that no column is narrower than its longest word:
// every part that must stay whole is a `white-space: nowrap` span (`.id > span`), with a `<wbr>`
// where a line may break. Every part is escaped.

/**
 * Text in spans kept whole, which may wrap only after the characters `breakAfter` matches:
 * browsers would otherwise break an id or a date at its hyphens.
 */
function wholeParts(text: string, breakAfter: RegExp): string {
  const parts = text.split(breakAfter).filter((part) => part.length > 0);
  return `<span class="id">${parts.map((part) => `<span>${escapeHtml(part)}</span>`).join('<wbr>')}</span>`;
}

/** An id kept whole between its `/`s: it may wrap after a `/`, never inside a name. */
export function idHtml(id: string): string {
  return wholeParts(id, /(?<=\/)/);
}

/** A value (JSON) that may also wrap after `,` and spaces. */
export function valueHtml(text: string): string {
  return wholeParts(text, /(?<=[/,\s])/);
}

/** A property path, which may wrap after each `.` between property names. */
export function pathHtml(path: string): string {
  return wholeParts(path, /(?<=\.)/);
}

/**
 * Prose that wraps between words only: a word with a hyphen or symbol in it is kept whole, or
 * wraps after a `/` as an id does (`.../computes/{name}/updateIdleShutdownSetting`).
 */
export function proseHtml(text: string): string {
  return text
    .split(/(\s+)/)
    .map((token) =>
      /^[\p{L}\p{N}.,:;!?'"()]*$/u.test(token)
        ? escapeHtml(token)
        : /^\s+$/.test(token)
          ? token
          : wholeParts(token, /(?<=\/)/),
    )
    .join('');
}
