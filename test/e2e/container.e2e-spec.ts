/**
 * The container image, checked without a Docker engine:
 *  1. the Dockerfile and .dockerignore are parsed and checked statically;
 *  2. the runtime stage is simulated: the files it copies go into a temp dir, the production
 *     dependencies are installed there as the `deps` stage does, and the service is started
 *     under Node 24 (the image's major) with a temp data dir, probed, and stopped with SIGTERM.
 * Needs a built tree (dist/); the test scripts build first.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Dockerfile parsing (enough for the checks below: no heredocs, no escape directive).

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  index: number;
  name?: string;
  base: string;
  instructions: Instruction[];
}

function parseInstructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let buffer = '';
  let startLine = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    // Blank lines and comment lines are dropped, also inside a continued instruction.
    if (line === '' || line.startsWith('#')) return;
    if (buffer === '') startLine = i + 1;
    if (line.endsWith('\\')) {
      buffer += line.slice(0, -1) + ' ';
      return;
    }
    buffer += line;
    const match = /^(\S+)\s*([\s\S]*)$/.exec(buffer);
    if (match) result.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: startLine });
    buffer = '';
  });
  return result;
}

function substitute(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?[-+][^}]*)?\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    if (vars.has(name)) return vars.get(name) ?? '';
    const fallback = /^\$\{\w+:?-([^}]*)\}$/.exec(whole);
    return fallback ? fallback[1] : whole;
  });
}

function parseDockerfile(text: string): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const tokens = instruction.args.split(/\s+/).filter((t) => !t.startsWith('--'));
      const name = tokens[1]?.toLowerCase() === 'as' ? tokens[2] : undefined;
      stages.push({
        index: stages.length,
        name,
        base: substitute(tokens[0] ?? '', globalArgs),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [key, ...rest] = instruction.args.split('=');
        globalArgs.set(key.trim(), rest.join('=').replace(/^["']|["']$/g, ''));
      }
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** The image a stage is ultimately built on (following `FROM <earlier stage>`). */
function baseImage(stages: Stage[], stage: Stage): string {
  const parent = stages.find(
    (s) => s.index < stage.index && s.name?.toLowerCase() === stage.base.toLowerCase(),
  );
  return parent ? baseImage(stages, parent) : stage.base;
}

interface Copy {
  from?: string;
  sources: string[];
  instruction: Instruction;
}

function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((instruction) => {
      const words = instruction.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const rest = words.filter((w) => !w.startsWith('--')).join(' ');
      const paths = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: paths.slice(0, -1), instruction };
    });
}

/** Last path segment, without `./` and trailing slashes: `/src/dist/` -> `dist`, `.` -> `.`. */
function lastSegment(source: string): string {
  const trimmed = source.replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.' || trimmed === './') return '.';
  return trimmed.split('/').pop() ?? trimmed;
}

function dockerignoreEntries(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
    .map((l) =>
      l
        .replace(/^\.\//, '')
        .replace(/^\//, '')
        .replace(/^\*\*\//, '')
        .replace(/\/+$/, ''),
    );
}

// ---------------------------------------------------------------------------------------------
// Process and network helpers.

/** `count` distinct free TCP ports: listen on port 0 (all at once), note the ports, close. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

interface HttpResponse {
  status: number;
  body: string;
}

function httpGet(url: string, timeoutMs = 5_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: no answer in ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

// ---------------------------------------------------------------------------------------------

describe('container image (Dockerfile, static)', () => {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const stages = parseDockerfile(dockerfile);
  const final = stages[stages.length - 1];
  const stageByRef = (ref: string) =>
    stages.find((s) => s.name?.toLowerCase() === ref.toLowerCase() || String(s.index) === ref);

  it('is a multi-stage build with named stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.name).toBeTruthy();
  });

  it('bases the final stage on Node 24', () => {
    expect(baseImage(stages, final)).toMatch(/^(?:(?:docker\.io\/)?library\/)?node:24(?:[.-]|@|$)/);
  });

  it('runs the final stage as a non-root user', () => {
    const users = final.instructions.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args.split(':')[0].trim();
    expect(user).not.toBe('');
    expect(['root', '0']).not.toContain(user);
  });

  it('ships production dependencies only (--omit=dev)', () => {
    const npmInstall = /\bnpm\s+(?:ci|install|i)\b/;
    // Any install in the final stage itself must omit dev dependencies.
    for (const run of final.instructions.filter((i) => i.keyword === 'RUN' && npmInstall.test(i.args))) {
      expect(run.args).toContain('--omit=dev');
    }
    const nodeModules = copies(final).find((c) => c.sources.some((s) => lastSegment(s) === 'node_modules'));
    const source = nodeModules?.from === undefined ? final : stageByRef(nodeModules.from);
    expect(source).toBeDefined();
    const installs = (source?.instructions ?? []).filter(
      (i) => i.keyword === 'RUN' && npmInstall.test(i.args),
    );
    expect(installs.length).toBeGreaterThan(0);
    for (const run of installs) expect(run.args).toContain('--omit=dev');
  });

  it('copies only runtime files into the final stage (no tests, no TypeScript sources)', () => {
    const allowed = ['package.json', 'package-lock.json', 'bin', 'dist', 'proto', 'node_modules', 'config'];
    const sources = copies(final).flatMap((c) => c.sources.map(lastSegment));
    expect(sources.length).toBeGreaterThan(0);
    for (const forbidden of ['.', '*', 'test', 'src', 'migrations', 'tsconfig.json']) {
      expect(sources).not.toContain(forbidden);
    }
    for (const source of sources) expect(allowed).toContain(source);
    expect(sources).toEqual(expect.arrayContaining(['dist', 'bin', 'proto', 'package.json', 'node_modules']));
  });

  it('declares the runtime contract (entrypoint, ports, data volume)', () => {
    const all = (keyword: string) =>
      final.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
    expect(all('ENTRYPOINT').pop()).toMatch(/^\[\s*"node"\s*,\s*"bin\/fedwatch\.js"\s*\]$/);
    expect(all('CMD').pop()).toMatch(/^\[\s*"serve"\s*\]$/);
    const exposed = all('EXPOSE').join(' ').split(/\s+/);
    expect(exposed).toEqual(expect.arrayContaining(['8080', '9090']));
    const env = all('ENV').join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bFEDWATCH_HTTP_HOST=0\.0\.0\.0\b/);
    const dataDir = /\bFEDWATCH_DATA_DIR=(\S+)/.exec(env)?.[1];
    expect(dataDir).toBeTruthy();
    expect(all('VOLUME').join(' ')).toContain(String(dataDir));
    expect(all('WORKDIR').pop()).toBe('/app');
  });

  it('excludes local state from the build context (.dockerignore)', () => {
    const entries = dockerignoreEntries(readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8'));
    expect(entries).toEqual(expect.arrayContaining(['node_modules', 'data', '.git']));
    // Nothing the Dockerfile copies from the build context may be ignored.
    const fromContext = stages
      .flatMap((s) => copies(s))
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources);
    for (const source of fromContext)
      expect(entries).not.toContain(source.replace(/^\.\//, '').replace(/\/+$/, ''));
  });
});

describe('container runtime stage (simulated on Node 24, no Docker engine)', () => {
  let tmp = '';
  let node24 = '';
  let base = '';
  let child: ChildProcess | undefined;
  let exited: Promise<Exit> | undefined;
  let exit: Exit | undefined;
  let serverLog = '';

  const withLog = (message: string) => new Error(`${message}\n----- server log -----\n${serverLog}`);

  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, 'dist/src/cli/main.js'))) {
      throw new Error('dist/src/cli/main.js is missing: build first (npm run build)');
    }
    node24 = (
      await execFileAsync('bash', [path.join(repoRoot, 'scripts/ensure-node24.sh')], { cwd: repoRoot })
    ).stdout.trim();

    tmp = await mkdtemp(path.join(os.tmpdir(), 'fedwatch-container-'));
    const app = path.join(tmp, 'app');
    const dataDir = path.join(tmp, 'data');
    await mkdir(app);
    await mkdir(dataDir);
    // What the runtime stage copies (its node_modules come from `npm ci --omit=dev` below).
    for (const entry of ['package.json', 'package-lock.json', 'bin', 'dist', 'proto']) {
      await cp(path.join(repoRoot, entry), path.join(app, entry), { recursive: true });
    }
    // The `deps` stage.
    try {
      await execFileAsync(
        'npm',
        ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
        { cwd: app, maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`npm ci --omit=dev failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, {
        cause: error,
      });
    }

    const [httpPort, grpcPort] = await freePorts(2);
    base = `http://127.0.0.1:${httpPort}`;
    // Only the image's settings: nothing FEDWATCH_* or DATABASE_URL leaks in from this process.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('FEDWATCH_') && key !== 'DATABASE_URL'),
    );
    Object.assign(env, {
      PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ''}`,
      NODE_ENV: 'production',
      FEDWATCH_HTTP_HOST: '127.0.0.1',
      FEDWATCH_HTTP_PORT: String(httpPort),
      FEDWATCH_GRPC_PORT: String(grpcPort),
      FEDWATCH_DATA_DIR: dataDir,
    });
    const server = spawn(node24, ['bin/fedwatch.js', 'serve'], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = server;
    server.stdout?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    exited = new Promise<Exit>((resolve) =>
      server.once('exit', (code, signal) => {
        exit = { code, signal };
        resolve(exit);
      }),
    );
    server.once('error', (error) => (serverLog += `spawn error: ${error.message}\n`));

    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exit)
        throw withLog(
          `the service exited (code ${exit.code}, signal ${exit.signal}) before /healthz answered`,
        );
      const status = await httpGet(`${base}/healthz`, 2_000).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      if (Date.now() > deadline)
        throw withLog(`/healthz did not answer 200 within 60 s (last status ${status})`);
      await sleep(500);
    }
  }, 300_000);

  afterAll(async () => {
    if (child && !exit) {
      child.kill('SIGKILL');
      await exited;
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('runs on a Node 24 binary', async () => {
    const { stdout } = await execFileAsync(node24, ['--version']);
    expect(stdout.trim()).toMatch(/^v24\./);
  });

  it('has no development dependencies installed', () => {
    const app = path.join(tmp, 'app');
    expect(existsSync(path.join(app, 'node_modules', '@nestjs', 'core'))).toBe(true);
    // Packages the lockfile marks dev-only (typescript is not one: @nestjs/swagger peers on it).
    const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages)
      .filter(([key, info]) => key.startsWith('node_modules/') && info.dev === true)
      .map(([key]) => key);
    expect(devOnly).toEqual(expect.arrayContaining(['node_modules/jest', 'node_modules/eslint']));
    expect(devOnly.filter((key) => existsSync(path.join(app, key)))).toEqual([]);
  });

  it('answers /healthz with 200', async () => {
    expect((await httpGet(`${base}/healthz`)).status).toBe(200);
  });

  it('becomes ready (/readyz 200)', async () => {
    const deadline = Date.now() + 60_000;
    let last: HttpResponse | undefined;
    while (Date.now() < deadline) {
      last = await httpGet(`${base}/readyz`).catch(() => undefined);
      if (last?.status === 200) break;
      await sleep(500);
    }
    if (last?.status !== 200) throw withLog(`/readyz: ${last?.status ?? 'no answer'} ${last?.body ?? ''}`);
  }, 90_000);

  it('exposes fedwatch_build_info on /metrics', async () => {
    const metrics = await httpGet(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^fedwatch_build_info\b/m);
  });

  it('exits 0 on SIGTERM', async () => {
    expect(child?.kill('SIGTERM')).toBe(true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), 30_000)),
    );
    const result = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    if (!result) throw withLog('the service did not exit within 30 s of SIGTERM');
    if (result.code !== 0) throw withLog(`SIGTERM: exit code ${result.code}, signal ${result.signal}`);
    expect(result).toEqual({ code: 0, signal: null });
  }, 60_000);
});
