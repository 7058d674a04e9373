// The sinks of one language, indexed by the names they declare, for the
// analyzers' matchers (audit/js/sinks.ts, audit/python/sinks.ts).

import type { TaintRuleId } from './types';

/** What every language's sink declaration has (lang/js/sink-spec.ts, lang/python/sink-spec.ts). */
interface Declared<Site, Shape> {
  calls?: readonly string[];
  names?: readonly string[];
  when?: (site: Site) => boolean;
  form?: (site: Site) => Shape | undefined;
  checkAs?: TaintRuleId;
}

type Entry<S> = { order: number; rule: TaintRuleId; sink: S };

export class SinkIndex<Site, Shape extends object, S extends Declared<Site, Shape>> {
  private readonly byCall = new Map<string, Entry<S>[]>();
  private readonly byName = new Map<string, Entry<S>[]>();

  constructor(sinks: readonly { rule: TaintRuleId; sink: S }[]) {
    sinks.forEach(({ rule, sink }, order) => {
      const entry = { order, rule, sink };
      for (const name of sink.calls ?? []) this.byCall.set(name, [...(this.byCall.get(name) ?? []), entry]);
      for (const name of sink.names ?? []) this.byName.set(name, [...(this.byName.get(name) ?? []), entry]);
    });
  }

  /** Whether any sink declares this resolved name or callee name (most calls are no sink's). */
  has(qualified: string, name: string): boolean {
    return this.byCall.has(qualified) || this.byName.has(name);
  }

  /**
   * The sinks, in registry order, that declare the call's resolved name or
   * callee name, whose `when` holds and whose `form` (or, without one,
   * `pick`, the language's reading of its declared arguments) finds a value;
   * one per rule (its first). A call may be two rules' sink: `re.sub(p, r, s)`
   * takes a pattern (regex.injection) and the text it scans (regex.redos).
   */
  matches(qualified: string, name: string, site: Site, pick: (sink: S, site: Site) => Shape | undefined): (Shape & { rule: TaintRuleId; checkAs?: TaintRuleId })[] {
    const byCall = this.byCall.get(qualified) ?? [];
    const byName = this.byName.get(name) ?? [];
    const candidates = byName.length === 0 ? byCall : byCall.length === 0 ? byName : [...byCall, ...byName].sort((a, b) => a.order - b.order);
    const out: (Shape & { rule: TaintRuleId; checkAs?: TaintRuleId })[] = [];
    for (const { rule, sink } of candidates) {
      if (out.some((m) => m.rule === rule)) continue;
      if (sink.when && !sink.when(site)) continue;
      const shaped = sink.form ? sink.form(site) : pick(sink, site);
      if (shaped) out.push({ checkAs: sink.checkAs, ...shaped, rule });
    }
    return out;
  }
}
