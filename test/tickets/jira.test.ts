import { describe, expect, it } from 'vitest';
import { jiraPolicySchema } from '../../src/config/ticket-jira';
import { adfText, startJiraStandIn } from '../../src/demo/ticket-standins/jira';
import { ticketContent } from '../../src/tickets/content';
import { httpsFetch } from '../../src/tickets/https-fetch';
import { createJiraSystem } from '../../src/tickets/systems/jira';
import { adapterSuite, finding } from './adapter-harness';

/** A stored ADF document (description or comment) as text to search. */
const bodyText = (body: string): string => adfText(JSON.parse(body) as unknown);

describe('Jira Cloud adapter against the Jira stand-in (API token)', () => {
  adapterSuite('jira', async () => {
    const standIn = await startJiraStandIn({
      projectKey: 'SEC',
      email: 'ward@contoso.com',
      apiToken: 'api-token-value',
    });
    const policy = jiraPolicySchema.parse({
      siteUrl: standIn.origin,
      auth: {
        type: 'api-token',
        email: 'ward@contoso.com',
        apiTokenSecret: 'https://ward-kv.vault.azure.net/secrets/jira-api-token',
      },
      projectKey: 'SEC',
      labels: ['security', 'platform'],
    });
    return {
      standIn,
      system: () =>
        Promise.resolve(
          createJiraSystem({
            policy,
            secret: 'api-token-value',
            fetch: httpsFetch({ ca: standIn.ca }),
          }),
        ),
      bodyText,
      createRequest: /^POST \/rest\/api\/3\/issue$/,
      close: () => standIn.close(),
    };
  });
});

describe('Jira Cloud adapter: OAuth 2.0, fields and workflow settings', () => {
  it('files with a bearer token, the mapped priority and labels, and transitions by name', async () => {
    const standIn = await startJiraStandIn({ projectKey: 'OPS', accessToken: 'oauth-access' });
    try {
      const policy = jiraPolicySchema.parse({
        siteUrl: 'https://contoso.atlassian.net',
        apiUrl: standIn.origin,
        auth: {
          type: 'oauth2',
          cloudId: '11223344-a1b2-3b33-c444-def123456789',
          accessTokenSecret: 'https://ward-kv.vault.azure.net/secrets/jira-oauth-token',
        },
        projectKey: 'OPS',
        issueType: 'Bug',
        priority: { medium: 'High' },
        doneTransition: 'done',
        reopenTransition: '21',
      });
      const system = createJiraSystem({
        policy,
        secret: 'oauth-access',
        fetch: httpsFetch({ ca: standIn.ca }),
      });
      const content = ticketContent({
        finding: finding('st9'),
        ruleTitle: 'Storage accounts disallow shared key access',
        remedy: 'Set allowSharedKeyAccess to false.',
      });
      const ticket = await system.create(content);
      expect(ticket).toEqual({ id: 'OPS-1', url: 'https://contoso.atlassian.net/browse/OPS-1' });
      expect(await system.find(content.marker)).toEqual(ticket);
      expect(await system.find('ward-0000000000000000')).toBeUndefined();
      const [filed] = standIn.tickets();
      expect(filed?.fields).toMatchObject({
        issuetype: { name: 'Bug' },
        priority: { name: 'High' },
      });
      expect(filed?.labels).toEqual(['security', 'ward', content.marker, 'severity-medium']);
      // "done" names the target status; "21" is a transition id (to In Progress).
      await system.resolve(ticket, 'resolved');
      expect(standIn.tickets()[0]?.state).toBe('closed');
      await system.resolve(ticket, 'resolved again');
      expect(standIn.counts()).toMatchObject({ resolved: 1, commented: 2 });
      await system.reopen(ticket, 'back');
      expect(standIn.tickets()[0]?.fields.status).toBe('In Progress');
      expect(standIn.rejected()).toEqual([]);
    } finally {
      await standIn.close();
    }
  });

  it('a workflow without the named transition is refused with what it offers', async () => {
    const standIn = await startJiraStandIn({ projectKey: 'SEC', accessToken: 't' });
    try {
      const policy = jiraPolicySchema.parse({
        siteUrl: standIn.origin,
        auth: {
          type: 'oauth2',
          cloudId: 'c',
          accessTokenSecret: 'https://ward-kv.vault.azure.net/secrets/jira-oauth-token',
        },
        apiUrl: standIn.origin,
        projectKey: 'SEC',
        doneTransition: 'Closed',
      });
      const system = createJiraSystem({
        policy,
        secret: 't',
        fetch: httpsFetch({ ca: standIn.ca }),
      });
      const ticket = await system.create(
        ticketContent({ finding: finding(), ruleTitle: 'r', remedy: 'x' }),
      );
      await expect(system.resolve(ticket, 'done')).rejects.toMatchObject({
        kind: 'refused',
        message: expect.stringContaining('31 Done') as unknown,
      });
      expect(standIn.tickets()[0]?.state).toBe('open');
    } finally {
      await standIn.close();
    }
  });

  it('the stand-in refuses a Markdown description and a label with spaces, as Jira does', async () => {
    const standIn = await startJiraStandIn({ projectKey: 'SEC', accessToken: 't' });
    try {
      const post = (fields: Record<string, unknown>) =>
        httpsFetch({ ca: standIn.ca })(`${standIn.origin}/rest/api/3/issue`, {
          method: 'POST',
          headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
          body: JSON.stringify({
            fields: {
              project: { key: 'SEC' },
              issuetype: { name: 'Task' },
              summary: 's',
              ...fields,
            },
          }),
        });
      const markdown = await post({ description: '**Rule**: x' });
      expect(markdown.status).toBe(400);
      expect(await markdown.json()).toMatchObject({
        errors: { description: expect.stringContaining('Atlassian Document') as unknown },
      });
      const spaced = await post({ labels: ['needs triage'] });
      expect(spaced.status).toBe(400);
      expect(await spaced.json()).toMatchObject({
        errors: { labels: "The label 'needs triage' contains spaces which is invalid." },
      });
      expect(standIn.tickets()).toHaveLength(0);
    } finally {
      await standIn.close();
    }
  });

  it('the policy refuses labels with spaces, a lowercase project key and a missing secret', () => {
    const base = {
      siteUrl: 'https://contoso.atlassian.net',
      auth: {
        type: 'api-token',
        email: 'ward@contoso.com',
        apiTokenSecret: 'https://ward-kv.vault.azure.net/secrets/jira-api-token',
      },
      projectKey: 'SEC',
    };
    expect(jiraPolicySchema.safeParse(base).success).toBe(true);
    expect(jiraPolicySchema.safeParse({ ...base, labels: ['needs triage'] }).success).toBe(false);
    expect(jiraPolicySchema.safeParse({ ...base, projectKey: 'sec' }).success).toBe(false);
    expect(
      jiraPolicySchema.safeParse({
        ...base,
        auth: { type: 'api-token', email: 'ward@contoso.com' },
      }).success,
    ).toBe(false);
  });
});
