// Offsets ↔ lines for one file, shared by every parser so traces and
// snippets agree on line numbers (1-based, like editors and SARIF).

const MAX_SNIPPET_LINES = 6;
const MAX_SNIPPET_LINE_CHARS = 200;

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
  }

  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return this.text[next - 1] === '\r' ? next - 1 : next;
  }

  /**
   * The whole lines covering [start, end), trimmed to a readable size.
   * `redact` rewrites the raw text before it is cut, so a multi-line secret
   * can never leak through truncation.
   */
  snippet(start: number, end: number, redact: (raw: string) => string = (raw) => raw): string {
    const first = this.lineOf(start);
    const last = this.lineOf(Math.max(start, end - 1));
    const raw = redact(this.text.slice(this.lineStart(first), this.lineEnd(last)));
    const lines = raw.split(/\r?\n/);
    const shown = lines.slice(0, MAX_SNIPPET_LINES).map((l) =>
      l.length > MAX_SNIPPET_LINE_CHARS ? `${l.slice(0, MAX_SNIPPET_LINE_CHARS)}…` : l,
    );
    if (lines.length > MAX_SNIPPET_LINES) shown.push('…');
    return dedent(shown).join('\n');
  }
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut));
}

/** Source text shortened for a trace note ("req.query.name"). */
export function shorten(code: string, max = 60): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
