import { bytes } from '@/lib/web/format';

export interface ArtifactItem {
  name: string;
  size_bytes: number;
  sha256: string;
  url: string;
}

export function ArtifactList({ items }: { items: ArtifactItem[] }) {
  if (items.length === 0) return <p className="px-5 py-4 text-sm text-slate-500">No artifacts yet: they are written when the scan ends.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="artifacts">
      {items.map((a) => (
        <li key={a.name} className="flex items-center gap-4 px-5 py-2.5">
          <a href={a.url} className="font-mono text-indigo-700 hover:underline" download>
            {a.name}
          </a>
          <span className="text-slate-500">{bytes(a.size_bytes)}</span>
          <span className="ml-auto truncate font-mono text-xs text-slate-400" title={`sha256 ${a.sha256}`}>
            sha256 {a.sha256.slice(0, 16)}…
          </span>
        </li>
      ))}
    </ul>
  );
}
