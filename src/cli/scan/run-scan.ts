import type { AzureClients } from '../../azure/clients';
import type { Policy } from '../../config/policy';
import { ruleSettingsFrom } from '../../config/rule-settings';
import { decide } from '../../decide';
import type { DecisionReason, DecisionVerb, Mode, RuleResult, Snapshot } from '../../domain';
import { evaluateSnapshot } from '../../engine/evaluate';
import { toFinding } from '../../engine/fingerprint';
import { readSnapshot } from '../../readers';
import type { RuleRegistry } from '../../rules/registry';
import { listScanTargets, type ScanTarget } from './inventory';

/** What ward would do about a failing result (the decision in dry run). */
export interface WouldDo {
  verb: DecisionVerb;
  mode: Mode;
  actionId?: string;
  reasons: DecisionReason[];
}

export interface ScanResult extends RuleResult {
  /** Present for `fail` results. */
  wouldDo?: WouldDo;
  /** For a secret: its vault's ARM id. */
  vaultId?: string;
}

/** A resource that could not be read: its rules were not evaluated. */
export interface ScanReadError {
  resourceId: string;
  message: string;
}

export interface ScanSummary {
  subscriptions: string[];
  resources: number;
  gone: number;
  results: number;
  pass: number;
  fail: number;
  skip: number;
  error: number;
  readErrors: number;
  /** Failing results by what ward would do about them. */
  wouldDo: Record<DecisionVerb, number>;
  bySeverity: Record<string, number>;
  scannedAt: string;
}

export interface ScanReport {
  summary: ScanSummary;
  results: ScanResult[];
  readErrors: ScanReadError[];
}

export interface ScanProgress {
  start(total: number): void;
  tick(resourceId: string): void;
  stop(): void;
}

export interface ScanDeps {
  clients: Pick<AzureClients, 'resourceGraph' | 'secrets' | 'resources'>;
  registry: RuleRegistry;
  policy: Policy;
  subscriptions: readonly string[];
  now: () => Date;
  progress?: ScanProgress;
  /** Reads in flight at once. */
  concurrency?: number;
}

/** A secret id or vault URL, reduced to its vault's origin and path, case-insensitively. */
function vaultKey(url: string): string {
  return url
    .replace(/\/secrets\/.*$/i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** The resource's tags; Azure sends `"tags": null` as often as it leaves them out. */
function tagsOf(snapshot: Snapshot): Record<string, string> | undefined {
  const tags =
    snapshot.subject.kind === 'arm' ? snapshot.subject.resource.tags : snapshot.subject.secret.tags;
  return tags ?? undefined;
}

/**
 * A dry run over subscriptions: Resource Graph listing → read → evaluate → decide with dry run
 * forced on. Only reads are ever sent; the decision says what ward would do.
 */
export async function runScan(deps: ScanDeps): Promise<ScanReport> {
  const policy: Policy = { ...deps.policy, dryRun: true };
  const types = [...new Set(deps.registry.rules.flatMap((rule) => rule.metadata.resourceTypes))];
  const { targets, unlisted } = await listScanTargets(deps.clients, deps.subscriptions, types);
  const results: ScanResult[] = [];
  const readErrors: ScanReadError[] = [...unlisted];
  let gone = 0;
  deps.progress?.start(targets.length);

  // Secrets are read through ARM: each secret's vault is the one the listing found it in.
  const vaultIds = new Map<string, string>();
  for (const target of targets) {
    if (target.vaultId) vaultIds.set(vaultKey(target.id), target.vaultId);
  }
  const vaults = { resolve: (url: string) => Promise.resolve(vaultIds.get(vaultKey(url))) };

  const scanOne = async (target: ScanTarget): Promise<void> => {
    const now = deps.now();
    let read;
    try {
      read = await readSnapshot(target.id, { clients: deps.clients, now: deps.now, vaults });
    } catch (cause) {
      readErrors.push({
        resourceId: target.id,
        message: cause instanceof Error ? cause.message : String(cause),
      });
      return;
    }
    if (read.kind === 'gone') {
      gone += 1;
      return;
    }
    const snapshot = read.snapshot;
    const evaluated = evaluateSnapshot(deps.registry, snapshot, {
      now,
      settings: ruleSettingsFrom(policy),
    });
    const tags = tagsOf(snapshot);
    for (const result of evaluated) {
      const placed = target.vaultId ? { ...result, vaultId: target.vaultId } : result;
      if (result.status !== 'fail') {
        results.push(placed);
        continue;
      }
      const rule = deps.registry.get(result.ruleId);
      const decision = decide({
        finding: toFinding(result, now),
        rule: rule.metadata,
        policy,
        ...(tags ? { resourceTags: tags } : {}),
        activeExemptions: [],
        now,
        // A scan reads the budget of no deployment: it shows what the rule's mode asks for.
        budget: { allowed: true, used: 0, limit: policy.guardrails.budget.maxChanges },
        fixesInWindow: 0,
        ...(target.vaultId ? { scopeId: target.vaultId } : {}),
      });
      results.push({
        ...placed,
        wouldDo: {
          verb: decision.verb,
          mode: decision.mode,
          ...(decision.actionId ? { actionId: decision.actionId } : {}),
          reasons: decision.reasons.filter((reason) => reason.code !== 'dry-run'),
        },
      });
    }
  };

  const queue = [...targets];
  const workers = Array.from({ length: Math.max(1, deps.concurrency ?? 8) }, async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      await scanOne(target);
      deps.progress?.tick(target.id);
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    deps.progress?.stop();
  }
  results.sort(
    (a, b) => a.resourceId.localeCompare(b.resourceId) || a.ruleId.localeCompare(b.ruleId),
  );
  readErrors.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  return {
    summary: summarise(results, readErrors, targets.length, gone, deps),
    results,
    readErrors,
  };
}

function summarise(
  results: readonly ScanResult[],
  readErrors: readonly ScanReadError[],
  resources: number,
  gone: number,
  deps: ScanDeps,
): ScanSummary {
  const count = (status: RuleResult['status']): number =>
    results.filter((r) => r.status === status).length;
  const wouldDo: Record<DecisionVerb, number> = {
    remediate: 0,
    'request-approval': 0,
    'open-ticket': 0,
    record: 0,
    none: 0,
  };
  const bySeverity: Record<string, number> = {};
  for (const result of results) {
    if (result.status !== 'fail') continue;
    if (result.wouldDo) wouldDo[result.wouldDo.verb] += 1;
    bySeverity[result.severity] = (bySeverity[result.severity] ?? 0) + 1;
  }
  return {
    subscriptions: [...deps.subscriptions],
    resources,
    gone,
    results: results.length,
    pass: count('pass'),
    fail: count('fail'),
    skip: count('skip'),
    error: count('error'),
    readErrors: readErrors.length,
    wouldDo,
    bySeverity,
    scannedAt: deps.now().toISOString(),
  };
}
