// VEGA_CODEX_COMMAND is a command line, not a shell script: split into argv
// (single and double quotes group, backslash escapes in double quotes) and
// run without a shell.

export function splitCommand(line: string): string[] {
  const argv: string[] = [];
  let cur = '';
  let inArg = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inArg = true;
    } else if (/\s/.test(c)) {
      if (inArg) argv.push(cur);
      cur = '';
      inArg = false;
    } else {
      cur += c;
      inArg = true;
    }
  }
  if (quote) throw new Error('VEGA_CODEX_COMMAND has an unclosed quote');
  if (inArg) argv.push(cur);
  if (argv.length === 0) throw new Error('VEGA_CODEX_COMMAND is empty');
  return argv;
}

/** A TOML basic string (the -c values Codex parses): JSON's escapes are valid TOML. */
export const tomlString = (s: string) => JSON.stringify(s);

/**
 * The flags Vega adds to the command: working directory, output schema,
 * model, and a `vega` model provider pointing every model call at the LLM
 * proxy, keyed by the scan's LLM token (read from VEGA_LLM_API_KEY) and
 * tagging each call with the component it is for.
 */
export function codexArgs(o: { root: string; schemaFile: string; model?: string; baseUrl: string; component?: string }): string[] {
  const p = 'model_providers.vega';
  const headers = o.component ? `{ "X-Vega-Component" = ${tomlString(o.component)} }` : '{}';
  return [
    '-C', o.root,
    '--output-schema', o.schemaFile,
    ...(o.model ? ['-m', o.model] : []),
    '-c', 'model_provider="vega"',
    '-c', `${p}.name="Vega LLM proxy"`,
    '-c', `${p}.base_url=${tomlString(o.baseUrl)}`,
    '-c', `${p}.env_key="VEGA_LLM_API_KEY"`,
    '-c', `${p}.wire_api="responses"`,
    '-c', `${p}.http_headers=${headers}`,
    // The prompt comes on stdin.
    '-',
  ];
}
