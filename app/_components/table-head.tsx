/** A table's header row; `compact` for dense admin tables. */
export function TableHead({ columns, compact = false }: { columns: (string | { label: string; align: 'right' })[]; compact?: boolean }) {
  const pad = compact ? 'px-4 py-2' : 'px-5 py-2';
  return (
    <thead className="table-head">
      <tr>
        {columns.map((c, i) =>
          typeof c === 'string' ? (
            <th key={i} className={pad}>
              {c}
            </th>
          ) : (
            <th key={i} className={`${pad} text-right`}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
