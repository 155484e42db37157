/** The part of a stream (normally `process.stderr`) the reporter uses. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  stream?: ProgressStream;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
  /** Without a TTY: at most one progress line per interval (start and finish lines are extra). */
  logIntervalMs?: number;
  /** On a TTY: at most one redraw per interval (the last item always redraws). */
  redrawIntervalMs?: number;
}

const SPINNER = ['|', '/', '-', '\\'];
const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[2K';

export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const total = Math.floor(s);
  const [h, m, sec] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}h${pad(m)}m` : `${m}m${pad(sec)}s`;
}

/**
 * Progress of a long operation. On a TTY, one line redrawn in place (`\r` + clear line) with a
 * spinner, a bar when the total is known, done/total and the elapsed time; otherwise plain log lines:
 * a start line, at most one progress line every `logIntervalMs`, and a finish line.
 */
export class ProgressReporter {
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly tty: boolean;
  private total?: number;
  private done = 0;
  private startedAt?: number;
  private lastWrite = -Infinity;
  private frame = 0;
  private ended = false;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? Date.now;
    this.tty = this.stream.isTTY === true;
    this.total = options.total;
  }

  start(): void {
    if (this.startedAt !== undefined || this.ended) return;
    this.startedAt = this.now();
    if (this.tty) this.redraw();
    else this.log(`started${this.total === undefined ? '' : ` (${this.total} to do)`}`);
  }

  update(done: number, total?: number): void {
    if (this.ended) return;
    this.start();
    this.done = done;
    if (total !== undefined) this.total = total;
    const now = this.now();
    const complete = this.total !== undefined && done >= this.total;
    if (this.tty) {
      if (complete || now - this.lastWrite >= (this.options.redrawIntervalMs ?? 100)) this.redraw();
    } else if (now - this.lastWrite >= (this.options.logIntervalMs ?? 5000)) {
      this.log(`${this.counts()} ${this.elapsed()} elapsed`);
    }
  }

  finish(summary?: string): void {
    this.end(`finished ${this.counts()} in ${this.elapsed()}${summary ? `: ${summary}` : ''}`);
  }

  fail(message: string): void {
    this.end(`failed after ${this.elapsed()} (${this.counts()}): ${message}`);
  }

  private end(text: string): void {
    if (this.ended) return;
    this.start();
    this.ended = true;
    if (this.tty) this.stream.write(CLEAR_LINE);
    this.log(text);
  }

  private counts(): string {
    if (this.total === undefined) return `${this.done} done`;
    const pct = this.total > 0 ? Math.floor((Math.min(this.done, this.total) / this.total) * 100) : 100;
    return `${this.done}/${this.total} (${pct}%)`;
  }

  private elapsed(): string {
    return formatElapsed(this.now() - (this.startedAt ?? this.now()));
  }

  private log(text: string): void {
    this.lastWrite = this.now();
    this.stream.write(`${this.options.label}: ${text}\n`);
  }

  private redraw(): void {
    this.lastWrite = this.now();
    const spin = SPINNER[this.frame++ % SPINNER.length];
    let bar = '';
    if (this.total !== undefined) {
      const ratio = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
      const filled = Math.round(ratio * BAR_WIDTH);
      bar = ` [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
    }
    let line = `${spin} ${this.options.label}${bar} ${this.counts()} ${this.elapsed()}`;
    const max = (this.stream.columns ?? 0) - 1;
    if (max > 0 && [...line].length > max) line = [...line].slice(0, max).join('');
    this.stream.write(`${CLEAR_LINE}${line}`);
  }
}
