// Reads --help back into its flag entries, for the tests that hold it equal to action.yml.

/** The help's flag entries: `  --flag …` lines, each with the indented description lines under it, joined. */
export function helpEntries(help: string): Map<string, { head: string; description: string }> {
  const entries = new Map<string, { head: string; description: string }>();
  let current: { head: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (current) entries.set(current.head.split(' ')[0] ?? '', { head: current.head, description: current.lines.join(' ') });
  };
  for (const line of help.split('\n')) {
    const head = /^ {2}(--\S.*)$/.exec(line);
    if (head?.[1] !== undefined) {
      flush();
      current = { head: head[1], lines: [] };
    } else if (current && line.startsWith('      ')) current.lines.push(line.trim());
    else {
      flush();
      current = undefined;
    }
  }
  flush();
  return entries;
}
