import { describe, expect, it } from 'vitest';
import { ciPullRequest } from './ci-source';

describe('ciPullRequest', () => {
  it('reads GitHub and GitLab pull-request pipelines, and nothing else', () => {
    expect(ciPullRequest({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/42/merge' })).toEqual({ number: '42', headRef: 'refs/pull/42/head' });
    expect(ciPullRequest({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/pull/7/merge' })?.number).toBe('7');
    expect(ciPullRequest({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' })).toBeNull();
    expect(ciPullRequest({ CI_MERGE_REQUEST_IID: '9' })).toEqual({ number: '9', headRef: 'refs/merge-requests/9/head' });
    expect(ciPullRequest({})).toBeNull();
  });
});
