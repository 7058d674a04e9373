import { Octokit } from '@octokit/rest';

export const octokit = new Octokit({ auth: 'ghp_4Tk9Qm2ZxL7vB1nR8cW3yH6jD0fS5gP2aE9u' });
