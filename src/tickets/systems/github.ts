import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import type { GitHubPolicy } from '../../config/ticket-systems';
import { classifyFailure, networkCode, type TicketSystem } from '../system';

export interface GitHubSystemOptions {
  policy: GitHubPolicy;
  /** The GitHub App's private key (PEM), read from Key Vault for this run. */
  privateKey: string;
  fetch: typeof fetch;
  now?: () => Date;
}

function failure(what: string, error: unknown, now: Date) {
  const e = error as {
    status?: unknown;
    response?: { headers?: Record<string, unknown> };
    message?: unknown;
  };
  const status =
    typeof e.status === 'number' && networkCode(error) === undefined ? e.status : undefined;
  const retryAfter = e.response?.headers?.['retry-after'];
  return classifyFailure(
    'github',
    what,
    status,
    typeof retryAfter === 'string' ? retryAfter : undefined,
    typeof e.message === 'string' ? e.message.slice(0, 300) : '',
    now,
  );
}

/**
 * GitHub Issues through @octokit/rest as a GitHub App installation: the App's JWT is exchanged
 * for an installation token by @octokit/auth-app. The marker is a label, so an issue filed
 * before an answer was lost is found again instead of filed twice.
 */
export function createGitHubSystem(options: GitHubSystemOptions): TicketSystem {
  const { policy } = options;
  const now = options.now ?? (() => new Date());
  const octokit = new Octokit({
    authStrategy: createAppAuth,
    auth: {
      appId: policy.appId,
      privateKey: options.privateKey,
      installationId: policy.installationId,
    },
    baseUrl: policy.apiUrl.replace(/\/$/, ''),
    request: { fetch: options.fetch, retries: 0 },
    userAgent: 'ward',
  });
  const repo = { owner: policy.owner, repo: policy.repo };
  const call = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw failure(what, error, now());
    }
  };

  return {
    name: 'github',
    async find(marker) {
      const { data } = await call('listing issues by marker', () =>
        octokit.rest.issues.listForRepo({ ...repo, labels: marker, state: 'all', per_page: 10 }),
      );
      const issue = data.find((i) => i.pull_request === undefined);
      return issue ? { id: String(issue.number), url: issue.html_url } : undefined;
    },
    async create(content) {
      const { data } = await call('creating an issue', () =>
        octokit.rest.issues.create({
          ...repo,
          title: content.title,
          body: content.body,
          labels: [...new Set([...policy.labels, content.marker, `severity:${content.severity}`])],
          ...(policy.assignees.length > 0 ? { assignees: policy.assignees } : {}),
        }),
      );
      return { id: String(data.number), url: data.html_url };
    },
    async comment(ticket, text) {
      await call('commenting', () =>
        octokit.rest.issues.createComment({ ...repo, issue_number: Number(ticket.id), body: text }),
      );
    },
    async resolve(ticket, text) {
      // The state first: repeating it is harmless, so a retry after a lost answer comments once.
      await call('closing the issue', () =>
        octokit.rest.issues.update({
          ...repo,
          issue_number: Number(ticket.id),
          state: 'closed',
          state_reason: 'completed',
        }),
      );
      await this.comment(ticket, text);
    },
    async reopen(ticket, text) {
      await call('reopening the issue', () =>
        octokit.rest.issues.update({ ...repo, issue_number: Number(ticket.id), state: 'open' }),
      );
      await this.comment(ticket, text);
    },
  };
}
