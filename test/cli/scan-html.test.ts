import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reportCsp, scanHtml, subscriptionOf } from '../../src/cli/scan/format-html';
import { idHtml, proseHtml } from '../../src/cli/scan/report-words';
import { scanText } from '../../src/cli/scan/format-text';
import { REPORT_SCRIPT } from '../../src/cli/scan/report-script';
import { REPORT_STYLE } from '../../src/cli/scan/report-style';
import type { ScanReport, ScanResult } from '../../src/cli/scan/run-scan';
import { WOULD_DO_TEXT } from '../../src/cli/scan/table-order';
import type { DecisionVerb, RuleId, Severity } from '../../src/domain';
import { createRegistry } from '../../src/rules/registry';

const SUB_A = '11111111-1111-4111-8111-111111111111';
const SUB_B = '22222222-2222-4222-8222-222222222222';
const rules = createRegistry().rules;

function armId(sub: string, type: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/rg-ml/providers/${type}/${name}`;
}

function failing(
  ruleId: RuleId,
  resourceId: string,
  severity: Severity,
  verb: DecisionVerb,
  extra: Partial<ScanResult> = {},
): ScanResult {
  return {
    resourceId,
    resourceType: 'Microsoft.Storage/storageAccounts',
    ruleId,
    severity,
    status: 'fail',
    message: `${ruleId} fails`,
    evidence: [{ path: 'properties.minimumTlsVersion', actual: 'TLS1_0', expected: 'TLS1_2' }],
    wouldDo: { verb, mode: 'auto', reasons: [{ code: 'mode', text: 'mode auto is the default' }] },
    ...extra,
  };
}

/** Results in an order unlike either table's: the formatters must sort them. */
const RESULTS: ScanResult[] = [
  failing(
    'storage-min-tls-1-2',
    armId(SUB_B, 'Microsoft.Storage/storageAccounts', 'stb'),
    'medium',
    'remediate',
  ),
  failing(
    'ml-compute-idle-shutdown',
    armId(SUB_A, 'Microsoft.MachineLearningServices/workspaces', 'mlw/computes/ci-1'),
    'low',
    'remediate',
  ),
  failing(
    'storage-blob-public-access-disabled',
    armId(SUB_A, 'Microsoft.Storage/storageAccounts', 'sta'),
    'high',
    'request-approval',
  ),
  failing(
    'storage-shared-key-disabled',
    armId(SUB_A, 'Microsoft.Storage/storageAccounts', 'sta'),
    'medium',
    'open-ticket',
  ),
  failing(
    'storage-min-tls-1-2',
    armId(SUB_A, 'Microsoft.Storage/storageAccounts', 'sta'),
    'medium',
    'none',
  ),
  failing(
    'keyvault-secret-expiry-set',
    'https://kv-a.vault.azure.net/secrets/token/0123',
    'medium',
    'record',
    {
      vaultId: armId(SUB_B, 'Microsoft.KeyVault/vaults', 'kv-a'),
    },
  ),
  {
    ...failing(
      'storage-min-tls-1-2',
      armId(SUB_A, 'Microsoft.Storage/storageAccounts', 'ok'),
      'medium',
      'none',
    ),
    status: 'pass',
  },
];

function report(results: ScanResult[], subscriptions = [SUB_A, SUB_B]): ScanReport {
  return {
    summary: {
      subscriptions,
      resources: 5,
      gone: 0,
      results: results.length,
      pass: results.filter((r) => r.status === 'pass').length,
      fail: results.filter((r) => r.status === 'fail').length,
      skip: 0,
      error: 0,
      readErrors: 0,
      wouldDo: { remediate: 0, 'request-approval': 0, 'open-ticket': 0, record: 0, none: 0 },
      bySeverity: {},
      scannedAt: '2026-11-23T10:00:00.000Z',
    },
    results,
    readErrors: [],
  };
}

/** The rows of the findings table, read back from the markup: rule, resource label, action. */
function htmlRows(html: string): string[][] {
  const body =
    /<tbody>([\s\S]*?)<\/tbody>/.exec(html.slice(html.indexOf('id="findings"')))?.[1] ?? '';
  return [
    ...body.matchAll(/<tr data-order="\d+" data-severity="([^"]*)"[^>]*>([\s\S]*?)<\/tr>/g),
  ].map(([, severity = '', cells = '']) => {
    const text = [...cells.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell = '']) =>
      cell
        .replace(/<details>[\s\S]*<\/details>/, '')
        .replace(/<[^>]+>/g, '')
        .trim(),
    );
    return [severity, text[1] ?? '', text[2] ?? '', text[4] ?? ''];
  });
}

function textRows(scanned: ScanReport): string[][] {
  const [, ...lines] = scanText(scanned, { color: false }).split('\n\n')[0]?.split('\n') ?? [];
  return lines.filter((line) => line.trim()).map((line) => line.split(/ {2,}/));
}

describe('scanHtml', () => {
  it("lists the failing results in the terminal table's order with its words for actions", () => {
    const scanned = report(RESULTS);
    const rows = htmlRows(scanHtml(scanned, rules));
    expect(rows).toHaveLength(6);
    expect(rows).toEqual(textRows(scanned));
    expect(rows.map(([severity]) => severity)).toEqual([
      'high',
      'medium',
      'medium',
      'medium',
      'medium',
      'low',
    ]);
    expect(new Set(rows.map((row) => row[3]))).toEqual(new Set(Object.values(WOULD_DO_TEXT)));
  });

  it('summarises by severity and by what ward would do, in the same words', () => {
    const html = scanHtml(report(RESULTS), rules);
    const count = (label: string): string | undefined =>
      new RegExp(`<th scope="row">${label.replace(/[()]/g, '\\$&')}</th><td>(\\d+)</td>`).exec(
        html,
      )?.[1];
    expect(count('fix (auto)')).toBe('2');
    expect(count('ask approval')).toBe('1');
    expect(count('open ticket')).toBe('1');
    expect(count('record')).toBe('1');
    expect(count('nothing (off)')).toBe('1');
    expect(count('<span class="badge sev-medium">medium</span>')).toBe('4');
    expect(count('<span class="badge sev-critical">critical</span>')).toBe('0');
  });

  it('draws both charts as inline SVG: by rule and severity, and every scanned subscription', () => {
    const html = scanHtml(
      report(RESULTS, [SUB_A, SUB_B, '33333333-3333-4333-8333-333333333333']),
      rules,
    );
    const charts = [...html.matchAll(/<svg class="chart"[^>]*aria-label="([^"]*)"/g)].map(
      ([, label]) => label,
    );
    expect(charts).toEqual([
      'Findings by rule and severity: storage-min-tls-1-2 2, keyvault-secret-expiry-set 1, ml-compute-idle-shutdown 1, storage-blob-public-access-disabled 1, storage-shared-key-disabled 1',
      `Findings by subscription: ${SUB_A} 4, ${SUB_B} 2, 33333333-3333-4333-8333-333333333333 0`,
    ]);
    expect(html).toContain(`<title>${SUB_B}: 2 medium findings</title>`);
  });

  it("puts each finding's evidence, remedy and reasons behind a disclosure", () => {
    const html = scanHtml(report(RESULTS), rules);
    const tls = rules.find((rule) => rule.metadata.id === 'storage-min-tls-1-2');
    const start = html.indexOf(
      `<details><summary>${proseHtml('storage-min-tls-1-2 fails')}</summary>`,
    );
    expect(start).toBeGreaterThan(0);
    const first = html.slice(start, html.indexOf('</details>', start));
    expect(first).toContain('<h3>Evidence</h3>');
    expect(first).toContain('TLS1_0');
    expect(first).toContain(
      `<h3>Remedy</h3><p>${proseHtml(tls?.metadata.remedy.summary ?? 'missing')}</p>`,
    );
    expect(first).toContain('<h3>Why ward would');
  });

  it('keeps ids and hyphenated words whole, breakable only after a slash', () => {
    expect(idHtml('vaults/kv-a/secrets/token')).toBe(
      '<span class="id"><span>vaults/</span><wbr><span>kv-a/</span><wbr><span>secrets/</span><wbr><span>token</span></span>',
    );
    expect(proseHtml('expired 2026-11-18T10:00:00.000Z, 5 days ago')).toBe(
      'expired <span class="id"><span>2026-11-18T10:00:00.000Z,</span></span> 5 days ago',
    );
    expect(scanHtml(report(RESULTS), rules)).not.toMatch(
      /overflow-wrap:\s*anywhere|word-break:\s*break-all/,
    );
  });

  it('names the subscription of a secret by its vault', () => {
    expect(subscriptionOf(RESULTS[5] ?? RESULTS[0]!)).toBe(SUB_B);
    expect(subscriptionOf({ resourceId: 'https://kv.vault.azure.net/secrets/x' })).toBe('unknown');
  });

  it('escapes markup in names, tags, evidence and reasons, in text and in attributes', () => {
    const evil = `"><x-evil onclick='1'>&amp;</x-evil><script>`;
    const hostile: ScanResult = failing(
      'storage-min-tls-1-2',
      armId(evil, 'Microsoft.Storage/storageAccounts', evil),
      'medium',
      'remediate',
      {
        message: evil,
        vaultId: armId(evil, 'Microsoft.KeyVault/vaults', evil),
        evidence: [{ path: evil, actual: { tags: { owner: evil } }, expected: evil, note: evil }],
        wouldDo: {
          verb: 'remediate',
          mode: 'auto',
          reasons: [{ code: 'exempt-tag-invalid', text: `not exempt: ward-exempt-until ${evil}` }],
        },
      },
    );
    const html = scanHtml(report([hostile], [evil]), rules);
    expect(html).not.toContain('<x-evil');
    expect(html).not.toContain(`'1'>`);
    // The only script is the report's own; the only raw quote runs are its own attributes.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(
      '&quot;&gt;&lt;x-evil onclick=&#39;1&#39;&gt;&amp;amp;&lt;/x-evil&gt;&lt;script&gt;',
    );
    for (const [, value = ''] of html.matchAll(/ data-[a-z]+="([^"]*)"/g)) {
      expect(value).not.toMatch(/[<>]/);
    }
  });

  it('is self-contained: a policy that forbids every load, allowing its own style and script by hash', () => {
    const html = scanHtml(report(RESULTS), rules);
    const hash = (text: string): string => createHash('sha256').update(text).digest('base64');
    expect(reportCsp()).toContain("default-src 'none'");
    expect(reportCsp()).toContain(`script-src 'sha256-${hash(REPORT_SCRIPT)}'`);
    expect(reportCsp()).toContain(`style-src 'sha256-${hash(REPORT_STYLE)}'`);
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
    expect(html).toContain(`<style>${REPORT_STYLE}</style>`);
    expect(html).not.toMatch(/<link|\ssrc=|\shref=|url\(|@import/i);
  });

  it('says when no rule fails, without a table or a script', () => {
    const html = scanHtml(report([]), rules);
    expect(html).toContain('<p>No rule fails.</p>');
    expect(html).not.toContain('<table class="findings"');
    expect(html).not.toContain('<script');
  });
});
