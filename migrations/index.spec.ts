/**
 * migrations/index.ts lists the migrations by hand (ESM cannot glob-load them everywhere): every
 * `<epoch>-<Name>.ts` file in this folder must be in it, once, oldest first, with an up and a down.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MigrationInterface } from 'typeorm';
import { migrations } from './index.js';

type MigrationClass = new () => MigrationInterface;

const folder = fileURLToPath(new URL('.', import.meta.url));
const FILE = /^(\d{13})-([A-Z][A-Za-z0-9]*)\.ts$/;

const tsFiles = readdirSync(folder).filter(
  (f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'),
);
const files = tsFiles
  .map((file) => FILE.exec(file))
  .filter((m): m is RegExpExecArray => m !== null)
  .map(([file, epoch, name]) => ({ file, epoch: Number(epoch), name }))
  .sort((a, b) => a.epoch - b.epoch);

/** What TypeORM records and orders by: the instance's `name`, else the class name (ending in the epoch). */
const nameOf = (M: MigrationClass): string => new M().name ?? M.name;

describe('migrations/index.ts', () => {
  it('has migration files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('has no other TypeScript files than <13-digit epoch>-<Name>.ts migrations, index.ts and specs', () => {
    expect(tsFiles.filter((f) => !FILE.test(f))).toEqual([]);
  });

  it('has one migration per epoch', () => {
    expect(new Set(files.map((f) => f.epoch)).size).toBe(files.length);
  });

  it.each(files)('lists $file, whose only export is its migration class', async (f) => {
    const mod = (await import(`./${f.file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
    const exported = Object.values(mod);
    expect(exported).toHaveLength(1);
    const M = exported[0] as MigrationClass;
    expect(typeof M).toBe('function');
    expect(migrations).toContain(M);
    expect(M.name).toBe(`${f.name}${f.epoch}`);
    expect(nameOf(M)).toBe(M.name);
  });

  it('lists nothing else, each migration once, in epoch order', () => {
    const listed = migrations.map((M) => nameOf(M as MigrationClass));
    expect(listed).toEqual(files.map((f) => `${f.name}${f.epoch}`));
  });

  it.each(migrations.map((M) => [M.name, M] as const))('%s has an up and a down', (_name, M) => {
    const m = new (M as MigrationClass)();
    expect(typeof m.up).toBe('function');
    expect(typeof m.down).toBe('function');
  });
});
