import { SeedError } from '../seed/load';
import type { SeedRoleAssignment, SeedRoleDefinition } from './seed-schema';
import { grants, scopeCovers } from './match';
import { BUILT_IN_ROLES, findRole, roleFromSeed, type RoleDefinition } from './roles';

export interface ResolvedAssignment {
  principalId: string;
  role: RoleDefinition;
  scope: string;
}

/** A permission check: `action` is an ARM action or, with `data`, a data action. */
export interface PermissionCheck {
  action: string;
  scope: string;
  data?: boolean;
}

/** What one principal holds at one scope, as ARM's permissions API lists it. */
export interface EffectivePermissions {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/**
 * Role-based access: definitions (built-in, the extra ones given, and the seed's) and
 * assignments inherited by everything below their scope. No deny assignments, no conditions.
 */
export class Authorizer {
  readonly roles: readonly RoleDefinition[];
  private readonly assignments: ResolvedAssignment[] = [];
  /** Per principal (lower case), the operations it was allowed, as asked (lower case). */
  private readonly used = new Map<string, Set<string>>();

  constructor(
    options: {
      roles?: readonly RoleDefinition[];
      seedRoles?: readonly SeedRoleDefinition[];
      assignments?: readonly SeedRoleAssignment[];
    } = {},
  ) {
    this.roles = [
      ...BUILT_IN_ROLES,
      ...(options.roles ?? []),
      ...(options.seedRoles ?? []).map(roleFromSeed),
    ];
    for (const [index, assignment] of (options.assignments ?? []).entries()) {
      const role = findRole(this.roles, assignment.role);
      if (!role) {
        throw new SeedError(
          'SEED_INVALID',
          `roleAssignments[${index}].role: no role definition named '${assignment.role}' (known: ${this.roles.map((r) => r.roleName).join(', ')})`,
        );
      }
      this.assign(assignment.principalId, role, assignment.scope);
    }
  }

  assign(principalId: string, role: RoleDefinition, scope: string): void {
    this.assignments.push({ principalId, role, scope });
  }

  /** Removes every assignment of `principalId`; returns how many there were. */
  revokeAll(principalId: string): number {
    const before = this.assignments.length;
    const kept = this.assignments.filter(
      (a) => a.principalId.toLowerCase() !== principalId.toLowerCase(),
    );
    this.assignments.splice(0, this.assignments.length, ...kept);
    return before - kept.length;
  }

  /** The assignments that apply to `principalId` at `scope` (inherited ones included). */
  assignmentsAt(principalId: string, scope: string): ResolvedAssignment[] {
    const id = principalId.toLowerCase();
    return this.assignments.filter(
      (a) => a.principalId.toLowerCase() === id && scopeCovers(a.scope, scope),
    );
  }

  can(principalId: string, check: PermissionCheck): boolean {
    const allowed = this.assignmentsAt(principalId, check.scope).some(({ role }) =>
      check.data
        ? grants(role.dataActions, role.notDataActions, check.action)
        : grants(role.actions, role.notActions, check.action),
    );
    if (allowed) {
      const key = principalId.toLowerCase();
      const used = this.used.get(key) ?? new Set<string>();
      used.add(check.action.toLowerCase());
      this.used.set(key, used);
    }
    return allowed;
  }

  /**
   * The operations `principalId` was allowed since start (lower case): with a role without
   * wildcards, a permission of the role missing here was never needed.
   */
  usedBy(principalId: string): ReadonlySet<string> {
    return this.used.get(principalId.toLowerCase()) ?? new Set();
  }

  /** The first check `principalId` fails, if any. */
  firstMissing(
    principalId: string,
    checks: readonly PermissionCheck[],
  ): PermissionCheck | undefined {
    return checks.find((check) => !this.can(principalId, check));
  }

  /** One entry per role that applies at `scope`, as `GET {scope}/providers/Microsoft.Authorization/permissions` lists them. */
  permissionsAt(principalId: string, scope: string): EffectivePermissions[] {
    return this.assignmentsAt(principalId, scope).map(({ role }) => ({
      actions: [...role.actions],
      notActions: [...role.notActions],
      dataActions: [...role.dataActions],
      notDataActions: [...role.notDataActions],
    }));
  }
}
