import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** The repository root, found upwards (this file also runs compiled from dist-bench/ for benchmarks). */
export const repoRoot = (() => {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.bench.json')) === false) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
})();
const launcher = join(repoRoot, 'bin', 'fedwatch.js');

export interface ServiceProcess {
  httpPort: number;
  grpcPort: number;
  baseUrl: string;
  dataDir: string;
  /** Everything the process wrote so far (stdout + stderr). */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  env?: Record<string, string>;
  args?: string[];
  /** Keep the data directory (to reopen it); default: a new temp dir removed on stop. */
  dataDir?: string;
  node?: string;
  cwd?: string;
  waitForHealth?: boolean;
}

/** Starts the built service (`fedwatch serve`) as a real process on free ports. */
export async function startServiceProcess(opts: StartOptions = {}): Promise<ServiceProcess> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'fedwatch-e2e-'));
  const child = spawn(opts.node ?? process.execPath, [launcher, 'serve', ...(opts.args ?? [])], {
    cwd: opts.cwd ?? dataDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FEDWATCH_HTTP_PORT: String(httpPort),
      FEDWATCH_GRPC_PORT: String(grpcPort),
      FEDWATCH_DATA_DIR: dataDir,
      FEDWATCH_LOGGING__FORMAT: 'json',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const service: ServiceProcess = {
    httpPort,
    grpcPort,
    baseUrl,
    dataDir,
    output: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
  if (opts.waitForHealth !== false) await waitForHealth(service, child, exited);
  return service;
}

async function waitForHealth(service: ServiceProcess, child: ChildProcess, exited: Promise<number | null>) {
  const deadline = Date.now() + 60_000;
  let done = false;
  void exited.then(() => (done = true));
  while (Date.now() < deadline) {
    if (done)
      throw new Error(`fedwatch exited with ${child.exitCode} before it was healthy:\n${service.output()}`);
    try {
      const res = await fetch(`${service.baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await service.stop('SIGKILL');
  throw new Error(`fedwatch did not become healthy within 60 s:\n${service.output()}`);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would, with a clean environment plus `env`. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd = repoRoot,
): Promise<CliResult> {
  const child = spawn(process.execPath, [launcher, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
  return { code, stdout, stderr };
}
