// Input that reaches a program through its process rather than a request:
// the command line and the environment. Most of it is the operator's own
// choice (flags, deployment configuration) and reporting it everywhere would
// bury real findings, so only these count (docs/engine.md, "Sources"):
//
// - command-line arguments (process.argv, sys.argv, argparse), for shell
//   commands, and for file paths once the code places them under a
//   directory of its own (`path.join(ROOT, argv[2])`): a CLI that opens the
//   file it is given does what it is asked, one that builds a path inside
//   its own tree expects to stay there;
// - environment variables a web server fills from the request (CGI:
//   QUERY_STRING, PATH_INFO, HTTP_*): request input for every rule;
// - environment variables CI fills with text a pull request's author chose
//   (GITHUB_HEAD_REF, CI_MERGE_REQUEST_TITLE, PR_TITLE, …), for shell
//   commands and evaluated code: the classic CI script injection.
//
// Every other variable (DATABASE_URL, CONFIG_DIR, API keys) is configuration
// set by whoever deploys the code, and is not a source.

import { TAINT_RULES, type TaintRuleId } from '../../rules';

/** Request data a web server passes to a CGI program in its environment (HTTP_PROXY is the proxy setting everywhere else). */
const CGI_REQUEST = /^(?:QUERY_STRING|PATH_INFO|PATH_TRANSLATED|REQUEST_URI|HTTP_(?!PROXY$)[A-Z0-9_]+)$/;

/** CI variables holding branch names, titles and messages that whoever opens a pull request or pushes a branch writes. */
const CI_UNTRUSTED =
  /^(?:GITHUB_HEAD_REF|CI_COMMIT_(?:BRANCH|REF_NAME|MESSAGE|TITLE|DESCRIPTION|TAG_MESSAGE)|CI_MERGE_REQUEST_(?:TITLE|DESCRIPTION|SOURCE_BRANCH_NAME)|CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME|BITBUCKET_BRANCH|SYSTEM_PULLREQUEST_SOURCEBRANCH|BUILD_SOURCEBRANCHNAME|CIRCLE_BRANCH|CHANGE_(?:TITLE|BRANCH)|TRAVIS_(?:BRANCH|PULL_REQUEST_BRANCH|COMMIT_MESSAGE)|(?:PR|PULL_REQUEST|ISSUE|COMMENT|REVIEW|DISCUSSION)_(?:TITLE|BODY)|HEAD_REF|BRANCH_NAME|GIT_BRANCH|COMMIT_MESSAGE)$/;

/** The words a file must contain for one of these sources to be in it (the analyzers' pre-filters). */
export const PROCESS_INPUT_MARKERS =
  /\b(?:argv|parse_(?:known_)?args|QUERY_STRING|PATH_INFO|PATH_TRANSLATED|REQUEST_URI|HTTP_[A-Z0-9_]+|GITHUB_HEAD_REF|CI_COMMIT_[A-Z_]+|CI_MERGE_REQUEST_[A-Z_]+|CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME|BITBUCKET_BRANCH|SYSTEM_PULLREQUEST_SOURCEBRANCH|BUILD_SOURCEBRANCHNAME|CIRCLE_BRANCH|CHANGE_(?:TITLE|BRANCH)|TRAVIS_[A-Z_]+|(?:PR|PULL_REQUEST|ISSUE|COMMENT|REVIEW|DISCUSSION)_(?:TITLE|BODY)|HEAD_REF|BRANCH_NAME|GIT_BRANCH|COMMIT_MESSAGE)\b/;

export type EnvVariableKind = 'request' | 'ci';

/** What an environment variable holds, when it is input at all. */
export function envVariableKind(name: string): EnvVariableKind | undefined {
  if (CGI_REQUEST.test(name)) return 'request';
  if (CI_UNTRUSTED.test(name)) return 'ci';
  return undefined;
}

const except = (...kept: TaintRuleId[]): ReadonlySet<TaintRuleId> => new Set(TAINT_RULES.filter((r) => !kept.includes(r)));

/** A command-line argument matters for shell commands; path traversal wakes when it is put under a directory. */
export const ARGV_DORMANT = except('injection.command');
/** CI text matters for shell commands and evaluated code. */
export const CI_DORMANT = except('injection.command', 'injection.code');
/** What putting a value under a directory (`path.join(base, x)`, `base + '/' + x`) wakes. */
export const PLACED_UNDER_DIRECTORY: readonly TaintRuleId[] = ['path.traversal'];
