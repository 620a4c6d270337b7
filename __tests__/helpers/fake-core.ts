import type { ActionsCore, SummaryBuilder } from '../../src/runner/core.ts';

export interface LogLine {
  kind: 'info' | 'notice' | 'warning' | 'error' | 'debug' | 'group' | 'endgroup' | 'failed' | 'secret';
  message: string;
}

/** Records everything the action says to the runner. */
export class FakeCore implements ActionsCore {
  readonly inputs: Record<string, string>;
  readonly outputs = new Map<string, string>();
  /** Every value set per output name, in order (outputs are set more than once). */
  readonly outputHistory: [string, string][] = [];
  readonly secrets: string[] = [];
  readonly log: LogLine[] = [];
  readonly summary: FakeSummary = new FakeSummary();
  failed: string | undefined;

  constructor(inputs: Record<string, string> = {}) {
    this.inputs = inputs;
  }
  getInput(name: string): string {
    return (this.inputs[name] ?? '').trim();
  }
  setOutput(name: string, value: unknown): void {
    this.outputs.set(name, String(value));
    this.outputHistory.push([name, String(value)]);
  }
  setSecret(secret: string): void {
    this.secrets.push(secret);
  }
  info(message: string): void {
    this.log.push({ kind: 'info', message });
  }
  notice(message: string | Error): void {
    this.log.push({ kind: 'notice', message: String(message) });
  }
  warning(message: string | Error): void {
    this.log.push({ kind: 'warning', message: String(message) });
  }
  error(message: string | Error): void {
    this.log.push({ kind: 'error', message: String(message) });
  }
  debug(message: string): void {
    this.log.push({ kind: 'debug', message });
  }
  isDebug(): boolean {
    return true;
  }
  startGroup(name: string): void {
    this.log.push({ kind: 'group', message: name });
  }
  endGroup(): void {
    this.log.push({ kind: 'endgroup', message: '' });
  }
  setFailed(message: string | Error): void {
    this.failed = String(message);
    this.log.push({ kind: 'failed', message: String(message) });
  }
  /** All text that leaves the action, except the masking commands themselves. */
  everything(): string {
    return [...this.log.map((l) => l.message), ...[...this.outputHistory].map(([k, v]) => `${k}=${v}`), this.summary.text].join('\n');
  }
  messages(kind: LogLine['kind']): string[] {
    return this.log.filter((l) => l.kind === kind).map((l) => l.message);
  }
}

export class FakeSummary implements SummaryBuilder {
  text = '';
  written = 0;
  addHeading(text: string): SummaryBuilder {
    this.text += `# ${text}\n`;
    return this;
  }
  addRaw(text: string): SummaryBuilder {
    this.text += `${text}\n`;
    return this;
  }
  async write(): Promise<unknown> {
    this.written++;
    return this;
  }
  emptyBuffer(): SummaryBuilder {
    return this;
  }
}
