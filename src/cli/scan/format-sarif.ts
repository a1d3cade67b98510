import type { Rule, Severity } from '../../domain';
import { fingerprintOf } from '../../engine/fingerprint';
import { WARD_VERSION } from '../version';
import type { ScanReport, ScanResult } from './run-scan';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  informational: 'note',
};

/** GitHub code scanning reads `security-severity` (0–10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  informational: '1.0',
};

function pascal(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A URI for a resource: the portal's address for ARM ids, the identifier URL for a secret. */
function resourceUri(resourceId: string): string {
  return /^https:\/\//i.test(resourceId)
    ? resourceId
    : `https://portal.azure.com/#resource${encodeURI(resourceId)}`;
}

function sarifRule(rule: Rule): Record<string, unknown> {
  const { metadata } = rule;
  const helpUri = metadata.references.docs[0];
  return {
    id: metadata.id,
    name: pascal(metadata.id),
    shortDescription: { text: metadata.title },
    fullDescription: { text: metadata.rationale },
    help: { text: `Remedy: ${metadata.remedy.summary}` },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[metadata.severity] },
    properties: {
      severity: metadata.severity,
      'security-severity': SECURITY_SEVERITY[metadata.severity],
      defaultMode: metadata.defaultMode,
      remedyActionId: metadata.remedy.actionId,
      resourceTypes: [...metadata.resourceTypes],
      azurePolicy: metadata.references.azurePolicy.map((p) => p.id),
      tags: ['security', 'azure'],
    },
  };
}

function sarifResult(result: ScanResult, ruleIndex: number): Record<string, unknown> {
  return {
    ruleId: result.ruleId,
    ruleIndex,
    level: LEVEL[result.severity],
    message: { text: result.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: resourceUri(result.resourceId) } },
        logicalLocations: [
          { fullyQualifiedName: result.resourceId, kind: 'resource', name: result.resourceType },
        ],
      },
    ],
    partialFingerprints: { 'wardFinding/v1': fingerprintOf(result.ruleId, result.resourceId) },
    properties: {
      resourceType: result.resourceType,
      evidence: result.evidence,
      ...(result.wouldDo ? { wouldDo: result.wouldDo } : {}),
    },
  };
}

/** SARIF 2.1.0: one rule per catalog rule, one result per failing rule on a resource. */
export function scanSarif(report: ScanReport, rules: readonly Rule[]): Record<string, unknown> {
  const index = new Map(rules.map((rule, i) => [rule.metadata.id, i]));
  const failing = report.results.filter((result) => result.status === 'fail');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ward',
            version: WARD_VERSION,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: report.readErrors.length === 0,
            toolExecutionNotifications: report.readErrors.map((error) => ({
              level: 'error',
              message: { text: `${error.resourceId}: ${error.message}` },
            })),
          },
        ],
        results: failing.map((result) => sarifResult(result, index.get(result.ruleId) ?? -1)),
        properties: { summary: report.summary },
      },
    ],
  };
}
