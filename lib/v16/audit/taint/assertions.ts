// What a project function guarantees about its arguments when it returns,
// for both languages' analyzers: an assertion helper refuses a value by
// throwing (`if (name.includes('..')) throw …`, `raise` in Python), so a
// caller that goes on past `assert_safe_name(name)` holds a checked name.
// Each analyzer reads a function's body in order (js/assertions.ts,
// python/analyzer.ts) and hands this collector its aliases and the facts of
// its guards; the caller applies them to the arguments it passed.

import type { Fact } from './guards';

/** A fact on a parameter (or a member of it: `options.name`) that holds once the function returned. */
export interface Assertion {
  param: number;
  member: string;
  rules: Fact['rules'];
}

export class AssertionCollector {
  /** Local names bound to a parameter or a member of one (`name = options.name`), resolved. */
  private readonly aliases = new Map<string, string>();
  readonly assertions: Assertion[] = [];

  /** The function's parameters by name, with their positions among the call's arguments. */
  constructor(private readonly params: ReadonlyMap<string, number>) {}

  /** `name = from`: facts about `name` are then about what `from` names, if that is a parameter's. */
  alias(name: string, from: string): void {
    const resolved = this.resolve(from);
    if (this.onParam(resolved)) this.aliases.set(name, resolved);
  }

  /** The facts that hold past a guard that throws. */
  assert(facts: readonly Fact[]): void {
    for (const fact of facts) {
      const at = this.onParam(this.resolve(fact.key));
      if (at) this.assertions.push({ ...at, rules: fact.rules });
    }
  }

  private resolve(key: string): string {
    const [head, ...rest] = key.split('.');
    const alias = this.aliases.get(head);
    return alias === undefined ? key : [alias, ...rest].join('.');
  }

  private onParam(key: string): { param: number; member: string } | undefined {
    const [root, ...member] = key.split('.');
    const param = this.params.get(root);
    return param === undefined ? undefined : { param, member: member.join('.') };
  }
}

/** The caller's key an assertion speaks about, given the key of the argument it passed. */
export function assertedKey(argumentKey: string, assertion: Assertion): string {
  return assertion.member ? `${argumentKey}.${assertion.member}` : argumentKey;
}
