/** "main @ 3f2a9c1": the branch (or tag) and short commit a scan or revision is of; what is not known yet is said so. */
export function RevisionLabel({ refName, commitSha, pending }: { refName: string | null; commitSha: string | null; pending?: boolean }) {
  if (!refName && !commitSha) return <span className="text-slate-500">{pending ? 'resolved when it runs' : '—'}</span>;
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap" data-testid="revision">
      {refName && (
        <span className="inline-flex items-center gap-1">
          <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5 fill-current text-slate-500">
            <path d="M5 3.25a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0Zm0 9.5a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0ZM4.5 5v6h-1V5h1Zm8-1.75a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0ZM11.75 5c0 2.9-2.2 4.1-4.6 4.6l-.2-1c2-.4 3.8-1.3 3.8-3.6h1Z" />
          </svg>
          <span>{refName}</span>
        </span>
      )}
      {refName && commitSha && <span className="text-slate-400">@</span>}
      {commitSha ? (
        <span className="font-mono text-xs" title={commitSha}>
          {commitSha.slice(0, 7)}
        </span>
      ) : (
        pending && <span className="text-xs text-slate-500">(commit resolved when it runs)</span>
      )}
    </span>
  );
}
