/** A labelled <select> for GET filter forms, with an "any" choice first. */
export function FilterSelect(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly (string | { value: string; label: string })[];
  width: string;
}) {
  return (
    <label className="block">
      <span className="text-xs font-medium text-slate-600">{props.label}</span>
      <select name={props.name} defaultValue={props.value ?? ''} className={`input mt-1 ${props.width}`}>
        <option value="">any</option>
        {props.options.map((o) => {
          const { value, label } = typeof o === 'string' ? { value: o, label: o.replace('_', ' ') } : o;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </label>
  );
}
