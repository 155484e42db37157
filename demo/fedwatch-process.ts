/**
 * fedwatch as the demo's child process: `bin/fedwatch.js serve` in the demo's process group, its
 * output straight to the terminal (pretty there, JSON lines otherwise, as fedwatch decides).
 *
 * Stopping has to cope with both ways a stop reaches the demo. Ctrl-C (or a signal to the process
 * group) reaches fedwatch too, and fedwatch takes a second signal as "exit now, without waiting";
 * a SIGTERM to the demo alone does not reach it. So the demo asks `/readyz` whether fedwatch is
 * already shutting down, and sends SIGTERM only when it is still serving.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The repository root: the nearest directory up from here with package.json and bin/fedwatch.js. */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'fedwatch.js'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
})();

type Probe = 'serving' | 'stopping' | 'unknown';

export class FedwatchProcess {
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;
  /** Has answered /healthz: from then on, nothing listening means it is shutting down. */
  private healthy = false;
  private stopping: Promise<Exit> | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    this.exited = new Promise((res) =>
      child.once('exit', (code, signal) => res((this.exit = { code, signal }))),
    );
  }

  static start(env: NodeJS.ProcessEnv, httpPort: number): FedwatchProcess {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'fedwatch.js'), 'serve'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return new FedwatchProcess(child, `http://127.0.0.1:${httpPort}`);
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Resolves once `/healthz` answers 200; rejects if fedwatch exits first or takes too long. */
  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`fedwatch exited during start (${describeExit(this.exit)})`);
      if (await this.answersHealthz()) return;
      await Promise.race([sleep(250), this.exited]);
    }
    throw new Error(`fedwatch did not answer /healthz within ${timeoutMs / 1000} s`);
  }

  /**
   * Stops fedwatch and resolves with how it exited. `afterSignal`: the demo itself got a signal,
   * which fedwatch may have got too. SIGKILL if it is still there after `killAfterMs`.
   */
  stop(afterSignal: boolean, killAfterMs: number): Promise<Exit> {
    this.stopping ??= this.shutDown(afterSignal, killAfterMs);
    return this.stopping;
  }

  private async shutDown(afterSignal: boolean, killAfterMs: number): Promise<Exit> {
    if (this.exit) return this.exit;
    const killer = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs);
    try {
      if (afterSignal) await this.terminateUnlessStopping();
      else this.child.kill('SIGTERM');
      return await this.exited;
    } finally {
      clearTimeout(killer);
    }
  }

  private async terminateUnlessStopping(): Promise<void> {
    // Let a signal sent to the whole group land in fedwatch before asking it.
    await Promise.race([sleep(300), this.exited]);
    // Still starting, it has no handler yet: a signal it got has ended it, and ours would too.
    if (this.running && !this.healthy && !(await this.answersHealthz()))
      return void this.child.kill('SIGTERM');
    for (let waited = 0; this.running && waited < 5000; waited += 500) {
      const probe = await this.probe();
      if (probe === 'stopping') return;
      if (probe === 'serving') break;
      await Promise.race([sleep(500), this.exited]);
    }
    if (this.running) this.child.kill('SIGTERM');
  }

  /** `/healthz` answers 200 from this child (not from another process on the port, an earlier demo's say). */
  private async answersHealthz(): Promise<boolean> {
    const res = await this.get('/healthz', 1000);
    this.healthy ||= typeof res === 'object' && res?.status === 200 && pidOf(res.body) === this.child.pid;
    return this.healthy;
  }

  /** `/readyz` says "shutting down" (or nothing listens any more): the stop is under way. */
  private async probe(): Promise<Probe> {
    const res = await this.get('/readyz', 1000);
    if (res === 'refused') return 'stopping';
    if (res === null) return 'unknown';
    const details = (res.body as { details?: { shutdown?: { status?: string } } } | null)?.details;
    return details?.shutdown?.status === 'down' ? 'stopping' : 'serving';
  }

  private async get(
    path: string,
    timeoutMs: number,
  ): Promise<{ status: number; body: unknown } | 'refused' | null> {
    try {
      const res = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: only the status counts
      }
      return { status: res.status, body };
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      return code === 'ECONNREFUSED' || code === 'ECONNRESET' ? 'refused' : null;
    }
  }
}

function pidOf(body: unknown): number | undefined {
  return (body as { info?: { process?: { pid?: number } } } | null)?.info?.process?.pid;
}

export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}
