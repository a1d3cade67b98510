import { READER_PERMISSIONS, deriveRoleDefinition } from '../../src/actions/role';
import { createActionRegistry, type ActionRegistry } from '../../src/actions/registry';
import { ACTION_IDS, type ActionId } from '../../src/domain';

/** Markers around the generated table in docs/deployment.md. */
export const PERMISSIONS_START = '<!-- role-permissions:start (npm run infra) -->';
export const PERMISSIONS_END = '<!-- role-permissions:end -->';
export const DEPLOYMENT_DOC = 'docs/deployment.md';

/**
 * The custom role as a Markdown table: each permission and what uses it (the readers, or the
 * remediation actions that declare it, marked where only `ward undo` needs it).
 */
export function permissionsTable(
  enabled: readonly ActionId[] = ACTION_IDS,
  registry: ActionRegistry = createActionRegistry(),
): string {
  const role = deriveRoleDefinition(enabled, { registry });
  const users = (permission: string, data: boolean): string => {
    const readers = (data ? READER_PERMISSIONS.dataActions : READER_PERMISSIONS.actions).includes(
      permission,
    )
      ? ['readers (GET the resource and what its rules need)']
      : [];
    const actions = enabled.flatMap((id) => {
      const { permissions } = registry.get(id);
      const declared = data ? permissions.dataActions : permissions.actions;
      if (!declared.includes(permission)) return [];
      const undoOnly = !data && (permissions.revertOnly ?? []).includes(permission);
      return [`\`${id}\`${undoOnly ? ' (undo only)' : ''}`];
    });
    return [...readers, ...actions].join(', ');
  };
  const rows = [
    ...role.actions.map((p) => `| \`${p}\` | action | ${users(p, false)} |`),
    ...role.dataActions.map((p) => `| \`${p}\` | data action | ${users(p, true)} |`),
  ];
  return ['| permission | kind | used by |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `doc` with the text between the markers replaced by the table. */
export function withPermissionsTable(doc: string, table: string): string {
  const start = doc.indexOf(PERMISSIONS_START);
  const end = doc.indexOf(PERMISSIONS_END);
  if (start < 0 || end < start) {
    throw new Error(
      `${DEPLOYMENT_DOC} lacks the markers ${PERMISSIONS_START} … ${PERMISSIONS_END}`,
    );
  }
  return `${doc.slice(0, start + PERMISSIONS_START.length)}\n\n${table}\n\n${doc.slice(end)}`;
}
