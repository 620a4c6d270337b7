/**
 * The workflow YAML people copy from the documentation: the yaml blocks of README.md and
 * docs/*.md, the example workflows and the project's own workflows. Whole workflows go to
 * actionlint (scripts/lint-workflows.ts); every step that uses this action, in whole
 * workflows and fragments alike, is checked against action.yml's inputs by
 * __tests__/docs-snippets.test.ts (actionlint cannot read an action it is not given).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** How the documentation names this action: `./` in this repository, `OWNER/REPO@ref` in copies. */
export const THIS_ACTION = /^(?:\.\/?|OWNER\/REPO@[\w.-]+)$/;

/** The other actions the documentation may use (each pinned to a major that runs on node24). */
export const OTHER_ACTIONS: readonly string[] = ['actions/checkout@v5', 'actions/setup-node@v5', 'actions/upload-artifact@v6'];

export interface Snippet {
  /** Where it is, for messages: `README.md line 12`, `examples/release.yml`. */
  where: string;
  /** The file it comes from, relative to the repository. */
  file: string;
  /** The line its text starts on in that file (1 for a whole file). */
  line: number;
  text: string;
}

/** The yaml fenced code blocks of a Markdown text, with the line each block's text starts on. */
export function yamlBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const fence = /^```ya?ml[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, m.index).split('\n').length + 1, text: m[1] ?? '' });
  }
  return blocks;
}

function listed(dir: string, pattern: RegExp): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir))
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** README.md and every page of docs/. */
export function markdownFiles(): string[] {
  return ['README.md', ...listed('docs', /\.md$/)];
}

/** The workflow files: examples/ and the project's own. */
export function workflowFiles(): string[] {
  return [...listed('examples', /\.ya?ml$/), ...listed('.github/workflows', /\.ya?ml$/)];
}

/** Every yaml block of the Markdown files and every workflow file, as snippets. */
export function allSnippets(): Snippet[] {
  const fromMarkdown = markdownFiles().flatMap((file) =>
    yamlBlocks(readFileSync(join(ROOT, file), 'utf8')).map((block) => ({
      where: `${file} line ${block.line}`,
      file,
      line: block.line,
      text: block.text
    }))
  );
  const files = workflowFiles().map((file) => ({ where: file, file, line: 1, text: readFileSync(join(ROOT, file), 'utf8') }));
  return [...fromMarkdown, ...files];
}

/** The parsed snippet, or the first parse error. */
export function parseSnippet(text: string): { doc: Document } | { error: string } {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return { error: doc.errors[0]?.message.split('\n')[0] ?? 'not valid YAML' };
  return { doc };
}

/** A whole workflow: a mapping with `on` and `jobs` at the top. */
export function isWholeWorkflow(doc: Document): boolean {
  return isMap(doc.contents) && doc.has('on') && doc.has('jobs');
}

/**
 * What is wrong with the steps of a snippet: a `uses:` of an action the documentation
 * does not name, a `with:` outside a step that uses an action, and, on every step that
 * uses this action, an input action.yml does not declare or a value that is not a scalar.
 */
export function stepProblems(doc: Document, inputs: ReadonlySet<string>, where: string): string[] {
  const problems: string[] = [];
  visit(doc, {
    Map(_, map) {
      const uses = map.get('uses');
      const withNode = map.get('with', true);
      if (uses === undefined) {
        if (withNode !== undefined) problems.push(`${where}: a with: that belongs to no uses: cannot be checked; show the step whole`);
        return;
      }
      if (typeof uses !== 'string') {
        problems.push(`${where}: uses: is not a string`);
        return;
      }
      if (!THIS_ACTION.test(uses)) {
        if (!OTHER_ACTIONS.includes(uses))
          problems.push(`${where}: uses: ${uses} is neither this action (./ or OWNER/REPO@v1) nor one of ${OTHER_ACTIONS.join(', ')}`);
        return;
      }
      if (withNode === undefined || withNode === null) return;
      if (!isMap(withNode)) {
        problems.push(`${where}: the with: of ${uses} is not a mapping`);
        return;
      }
      for (const pair of withNode.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (!inputs.has(name)) problems.push(`${where}: ${uses} has no input '${name}' (action.yml)`);
        else if (!isScalar(pair.value)) problems.push(`${where}: input '${name}' is ${isSeq(pair.value) ? 'a list' : 'not a scalar'}`);
      }
    }
  });
  return problems;
}

/**
 * Every `run:` value that holds a `${{ … }}` expression. An expression inside `run:` is
 * pasted into the script before the shell sees it, so an output carrying API text
 * (joberror) or an event field (a commit message) could run commands on the runner.
 */
export function runBlockProblems(text: string, where: string): string[] {
  const parsed = parseSnippet(text);
  if ('error' in parsed) return [`${where}: not valid YAML (${parsed.error})`];
  const problems: string[] = [];
  visit(parsed.doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'run' || !isScalar(pair.value)) return;
      const script = String(pair.value.value);
      for (const expression of script.match(/\$\{\{[\s\S]*?\}\}/g) ?? []) {
        problems.push(`${where}: run block contains ${expression}: pass it through env: and use the variable`);
      }
    }
  });
  return problems;
}

/** The input names action.yml declares. */
export function declaredInputs(actionYmlText: string = readFileSync(join(ROOT, 'action.yml'), 'utf8')): Set<string> {
  const doc = parseDocument(actionYmlText);
  const inputs = doc.get('inputs');
  return new Set(isMap(inputs) ? inputs.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))) : []);
}
