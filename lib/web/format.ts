export function timeAgo(date: Date | string | null): string {
  if (!date) return '—';
  const d = typeof date === 'string' ? new Date(date) : date;
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return d.toISOString().slice(0, 10);
}

export function duration(from: Date | null, to: Date | null): string {
  if (!from) return '—';
  const ms = (to ?? new Date()).getTime() - from.getTime();
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "1 finding", "3 findings". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Dollars: four decimals below $1 (LLM calls cost fractions of a cent), two above; nothing spent is "$0". */
export function formatUsd(n: number): string {
  if (n === 0) return '$0';
  return `$${n.toFixed(n < 1 ? 4 : 2)}`;
}

export function formatTokens(n: number): string {
  return n.toLocaleString('en-US');
}
