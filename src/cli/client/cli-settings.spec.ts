import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { CliSettings, resolveClientOptions } from './cli-settings.js';

describe('CliSettings', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fedwatch-cli-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('defaults to <home>/.fedwatch/settings.json', () => {
    expect(new CliSettings({ homeDir: '/home/ana' }).file).toBe('/home/ana/.fedwatch/settings.json');
    expect(new CliSettings({ dir: '/etc/fw', homeDir: '/home/ana' }).file).toBe('/etc/fw/settings.json');
  });

  it('loads {} when the file is missing', async () => {
    await expect(new CliSettings({ dir: join(root, 'none') }).load()).resolves.toEqual({});
  });

  it('saves with mode 0600 in a 0700 directory and loads it back', async () => {
    const dir = join(root, 'nested', '.fedwatch');
    const s = new CliSettings({ dir });
    await s.save({ server: 'https://fw.example.org', token: 'tok' });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(s.file)).mode & 0o777).toBe(0o600);
    expect(await readFile(s.file, 'utf8')).toBe(
      '{\n  "server": "https://fw.example.org",\n  "token": "tok"\n}\n',
    );
    await expect(s.load()).resolves.toEqual({ server: 'https://fw.example.org', token: 'tok' });
    await s.save({ server: 'http://other:8080' });
    await expect(s.load()).resolves.toEqual({ server: 'http://other:8080' });
  });

  it('tightens an existing directory and file', async () => {
    const dir = join(root, 'open');
    await mkdir(dir, { mode: 0o755 });
    await writeFile(join(dir, 'settings.json'), '{}', { mode: 0o644 });
    const s = new CliSettings({ dir });
    await s.save({ token: 't' });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(s.file)).mode & 0o777).toBe(0o600);
  });

  it.each([['not json'], ['[]'], ['{"server": 8080}'], ['null']])(
    'rejects an invalid file: %s',
    async (text) => {
      const s = new CliSettings({ dir: root });
      await writeFile(s.file, text);
      const err = await s.load().catch((e: unknown) => e);
      expect(FedwatchError.is(err, ErrorCode.CONFIG_INVALID)).toBe(true);
      expect((err as Error).message).toContain(s.file);
    },
  );
});

describe('resolveClientOptions', () => {
  const settings = { server: 'http://settings:8080', token: 'settings-token' };
  const env = { FEDWATCH_URL: 'http://env:8080', FEDWATCH_TOKEN: 'env-token', FEDWATCH_HTTP_PORT: '9000' };

  it('prefers flags, then env, then the settings file', () => {
    expect(
      resolveClientOptions({ flags: { server: 'http://flag:1', token: 'flag-token' }, env, settings }),
    ).toEqual({
      baseUrl: 'http://flag:1',
      token: 'flag-token',
      sources: { server: 'flag', token: 'flag' },
    });
    expect(resolveClientOptions({ flags: {}, env, settings })).toEqual({
      baseUrl: 'http://env:8080',
      token: 'env-token',
      sources: { server: 'env', token: 'env' },
    });
    expect(resolveClientOptions({ env: { FEDWATCH_HTTP_PORT: '9000' }, settings })).toEqual({
      baseUrl: 'http://settings:8080',
      token: 'settings-token',
      sources: { server: 'settings', token: 'settings' },
    });
  });

  it('mixes sources per value and treats empty strings as unset', () => {
    expect(resolveClientOptions({ flags: { server: '' }, env: { FEDWATCH_TOKEN: 'e' }, settings })).toEqual({
      baseUrl: 'http://settings:8080',
      token: 'e',
      sources: { server: 'settings', token: 'env' },
    });
  });

  it('defaults to 127.0.0.1 on FEDWATCH_HTTP_PORT or 8080, without a token', () => {
    expect(resolveClientOptions({})).toEqual({
      baseUrl: 'http://127.0.0.1:8080',
      sources: { server: 'default' },
    });
    expect(resolveClientOptions({ env: { FEDWATCH_HTTP_PORT: '9000' } }).baseUrl).toBe(
      'http://127.0.0.1:9000',
    );
    expect(() => resolveClientOptions({ env: { FEDWATCH_HTTP_PORT: 'abc' } })).toThrow(FedwatchError);
  });
});
