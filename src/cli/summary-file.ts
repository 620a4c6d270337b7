/**
 * The job summary as a file (--summary FILE): the same Markdown with HTML the action
 * writes to the runner's summary file, built the way @actions/core's summary builds it
 * (a heading is `<hN>…</hN>` and a line end, raw pieces as given). The first write of a
 * run replaces the file; a later one adds to it, as the runner's per-step file would.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import type { SummaryBuilder } from '../runner/core.ts';

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export class SummaryFile implements SummaryBuilder {
  #buffer = '';
  #written = false;
  readonly #path: string | undefined;

  /** path: undefined writes nothing (no --summary). */
  constructor(path: string | undefined) {
    this.#path = path;
  }

  addHeading(text: string, level: number | string = 1): this {
    const tag = HEADINGS.has(`h${level}`) ? `h${level}` : 'h1';
    return this.addRaw(`<${tag}>${text}</${tag}>`, true);
  }

  addRaw(text: string, addEOL = false): this {
    this.#buffer += addEOL ? `${text}${EOL}` : text;
    return this;
  }

  async write(options?: { overwrite?: boolean }): Promise<this> {
    if (this.#path !== undefined) {
      const replace = options?.overwrite === true || !this.#written;
      await (replace ? writeFile : appendFile)(this.#path, this.#buffer, { encoding: 'utf8' });
      this.#written = true;
    }
    return this.emptyBuffer();
  }

  emptyBuffer(): this {
    this.#buffer = '';
    return this;
  }
}
