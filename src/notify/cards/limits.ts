/** How much of the variable-length content a card shows; shrunk until the message fits. */
export interface ContentLimits {
  /** Items shown from each list (evidence, changes, details). */
  maxItems: number;
  /** Characters shown from each value. */
  maxValueChars: number;
}

export const GENEROUS_LIMITS: ContentLimits = { maxItems: 40, maxValueChars: 2000 };
export const SMALLEST_LIMITS: ContentLimits = { maxItems: 1, maxValueChars: 60 };

/** The next, tighter limits, or undefined when nothing can shrink further. */
export function tighten(limits: ContentLimits): ContentLimits | undefined {
  if (limits.maxValueChars > SMALLEST_LIMITS.maxValueChars) {
    return {
      ...limits,
      maxValueChars: Math.max(SMALLEST_LIMITS.maxValueChars, Math.floor(limits.maxValueChars / 2)),
    };
  }
  if (limits.maxItems > SMALLEST_LIMITS.maxItems) {
    return {
      ...limits,
      maxItems: Math.max(SMALLEST_LIMITS.maxItems, Math.floor(limits.maxItems / 2)),
    };
  }
  return undefined;
}

/** Shortens text with a visible marker saying how much was left out. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const more = text.length - maxChars;
  return `${text.slice(0, maxChars)}… truncated (${more} more characters)`;
}

/** Takes the first items and says how many were left out. */
export function truncateList<T>(
  items: readonly T[],
  maxItems: number,
): { shown: T[]; more: number } {
  const shown = items.slice(0, maxItems);
  return { shown, more: items.length - shown.length };
}

export function moreMarker(more: number): string {
  return `… truncated (${more} more)`;
}
