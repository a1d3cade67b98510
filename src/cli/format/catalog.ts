import type { Rule } from '../../domain';

/** The `ward rules --format json` shape: a contract other tools read. */
export interface CatalogEntry {
  id: string;
  title: string;
  severity: string;
  defaultMode: string;
  remedy: { actionId: string; summary: string };
  resourceTypes: string[];
  references: Rule['metadata']['references'];
}

export function catalogEntries(rules: readonly Rule[]): CatalogEntry[] {
  return rules.map(({ metadata }) => ({
    id: metadata.id,
    title: metadata.title,
    severity: metadata.severity,
    defaultMode: metadata.defaultMode,
    remedy: { actionId: metadata.remedy.actionId, summary: metadata.remedy.summary },
    resourceTypes: [...metadata.resourceTypes],
    references: metadata.references,
  }));
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The README's catalog table (between the catalog markers), generated from the registry. */
export function catalogMarkdown(rules: readonly Rule[]): string {
  const lines = [
    '| rule id | severity | default mode | remedy | resource types | title |',
    '|---|---|---|---|---|---|',
    ...rules.map(({ metadata }) => {
      const action =
        metadata.remedy.actionId === 'none' ? '' : ` (\`${metadata.remedy.actionId}\`)`;
      const cells = [
        `\`${metadata.id}\``,
        metadata.severity,
        `\`${metadata.defaultMode}\``,
        `${escapeCell(metadata.remedy.summary)}${action}`,
        metadata.resourceTypes.map((t) => `\`${t}\``).join(', '),
        escapeCell(metadata.title),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
  ];
  return lines.join('\n');
}

export const CATALOG_START = '<!-- catalog:start -->';
export const CATALOG_END = '<!-- catalog:end -->';

/** Replaces the text between the catalog markers; throws when the markers are missing. */
export function replaceCatalog(readme: string, table: string): string {
  const start = readme.indexOf(CATALOG_START);
  const end = readme.indexOf(CATALOG_END);
  if (start < 0 || end < start) {
    throw new Error(`README lacks ${CATALOG_START} ... ${CATALOG_END} markers.`);
  }
  return `${readme.slice(0, start + CATALOG_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

/** The text between the markers, trimmed. */
export function currentCatalog(readme: string): string | undefined {
  const start = readme.indexOf(CATALOG_START);
  const end = readme.indexOf(CATALOG_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + CATALOG_START.length, end).trim();
}
