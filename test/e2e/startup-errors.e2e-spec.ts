/**
 * Bad input at start: each problem gets one clear message naming the key or endpoint and a
 * non-zero exit, and nothing is half-created.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../support/free-port.js';
import { repoRoot, runCli } from '../support/service-process.js';

describe('start-up with bad input', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fedwatch-bad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fedwatch --help lists the commands', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'config', 'db', 'login', 'status', 'jobs']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('reports every problem of a config file at once, with key, line and masked value', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'httpPort: eighty', // wrong type
        'colour: blue', // unknown key
        'database:',
        '  url: mysql://root:Pw9xYz7Qk@db/fedwatch', // wrong scheme, secret in it
        'rancher:',
        '  servers:',
        '    - { name: r1, url: "https://rancher.example.org" }', // no token
      ].join('\n'),
    );
    const check = await runCli(['config', 'check', file]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/httpPort.*bad\.yaml:1/);
    expect(check.stderr).toMatch(/colour.*bad\.yaml:2/);
    expect(check.stderr).toMatch(/database\.url.*bad\.yaml:4/);
    expect(check.stderr).toMatch(/rancher\.servers\[0\]/);
    expect(check.stderr).not.toContain('Pw9xYz7Qk');

    // `serve` validates the same way before it touches anything.
    const dataDir = join(dir, 'data-never-created');
    const serve = await runCli(['serve', '--config', file], { FEDWATCH_DATA_DIR: dataDir });
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('httpPort');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('names a missing config file and unknown FEDWATCH_ variables', async () => {
    const missing = await runCli(['config', 'check', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
    const unknown = await runCli(['config', 'check'], { FEDWATCH_HTTP_PROT: '8080' }, dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('FEDWATCH_HTTP_PROT');
  });

  it('accepts the documented example configuration once its secret files exist', async () => {
    const source = readFileSync(join(repoRoot, 'config', 'fedwatch.example.yaml'), 'utf8');
    const example = join(dir, 'example.yaml');
    writeFileSync(example, source);
    const secretFiles = [...source.matchAll(/^\s*\w+File:\s*(\S+)/gm)].map((m) => m[1]);
    expect(secretFiles.length).toBeGreaterThanOrEqual(3);
    secretFiles.forEach((f, i) => {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), `token-abc${i}:${'x'.repeat(20)}\n`);
    });
    const check = await runCli(['config', 'check', example]);
    expect(check.stderr).not.toMatch(/problem|invalid/i);
    expect(check.stdout).toContain('configuration is valid');
    expect(check.code).toBe(0);
  });

  it('refuses to listen on a non-loopback address without API tokens', async () => {
    const res = await runCli(['serve'], {
      FEDWATCH_HTTP_HOST: '0.0.0.0',
      FEDWATCH_DATA_DIR: join(dir, 'd1'),
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/httpHost.*tokens/s);
  });

  it('names an unreachable database without its password, and exits non-zero', async () => {
    const port = await freePort();
    const res = await runCli(['serve'], {
      DATABASE_URL: `postgres://fedwatch:Db7Secret3@127.0.0.1:${port}/fedwatch`,
      FEDWATCH_DATABASE__CONNECT_TIMEOUT_SECONDS: '3',
      FEDWATCH_DATA_DIR: join(dir, 'd2'),
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`127.0.0.1:${port}`);
    expect(res.stderr).toContain('DATABASE_UNAVAILABLE');
    expect(res.stderr).not.toContain('Db7Secret3');
  });
});
