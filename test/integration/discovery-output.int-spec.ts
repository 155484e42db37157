/**
 * The data-dir file of a discovery document on a real file system: written where the config says,
 * replaced whole (a reader sees the old or the new document, never a mix), no temporary files left.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../../src/common/errors/index.js';
import { DataDirDocumentOutput } from '../../src/discovery/document-output.js';
import { tempDir } from '../support/temp-dir.js';

describe('DataDirDocumentOutput', () => {
  it('writes <dataDir>/<outputDir>/<endpoint>.json, creating the directories, and replaces it', async () => {
    const dataDir = tempDir('fedwatch-it-discovery-out-');
    const output = new DataDirDocumentOutput(dataDir, 'discovery/glue21');
    const path = await output.write('cloud-a', '{"Share": [1]}');
    expect(path).toBe(join(dataDir, 'discovery', 'glue21', 'cloud-a.json'));
    expect(readFileSync(path, 'utf8')).toBe('{"Share": [1]}');
    await output.write('cloud-a', '{"Share": [2]}');
    expect(readFileSync(path, 'utf8')).toBe('{"Share": [2]}');
    expect(readdirSync(join(dataDir, 'discovery', 'glue21'))).toEqual(['cloud-a.json']);
  });

  it('never shows a reader half a document while replacing a large one', async () => {
    const dataDir = tempDir('fedwatch-it-discovery-out-');
    const output = new DataDirDocumentOutput(dataDir, 'out');
    const docs = ['a', 'b', 'c', 'd'].map((c) => JSON.stringify({ Share: [c.repeat(4_000_000)] }));
    await output.write('big', docs[0]);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = readFileSync(join(dataDir, 'out', 'big.json'), 'utf8');
        expect(docs).toContain(text);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (const doc of [...docs, ...docs]) await output.write('big', doc);
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
  });

  it('fails with the path when the directory cannot be made, leaving nothing behind', async () => {
    const dataDir = tempDir('fedwatch-it-discovery-out-');
    writeFileSync(join(dataDir, 'blocked'), 'a file where the directory should be');
    const output = new DataDirDocumentOutput(dataDir, 'blocked/glue21');
    await expect(output.write('cloud-a', '{}')).rejects.toMatchObject({
      code: ErrorCode.INTERNAL,
      message: expect.stringContaining(join(dataDir, 'blocked', 'glue21', 'cloud-a.json')),
    });
    expect(readdirSync(dataDir)).toEqual(['blocked']);
  });
});
