import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildGlueDocument } from './glue-document.builder.js';
import { validateGlueDocument } from './glue-document.validator.js';
import { glueInput } from './__golden__/glue-input.fixture.js';

/** Reviewed by hand against glue-cloud-info.md §2; JSON.parse keeps key order (no integer-like keys). */
const golden = JSON.parse(
  readFileSync(new URL('./__golden__/glue-document.golden.json', import.meta.url), 'utf8'),
) as unknown;

describe('GLUE document (golden)', () => {
  it('pins the whole document for three VOs, a GPU flavor, marketplace images and one failing share', () => {
    const { document } = buildGlueDocument(glueInput());
    // Stringified, so that attribute and class order count too.
    expect(JSON.stringify(document, null, 1)).toBe(JSON.stringify(golden, null, 1));
  });

  it('reports only the share that could not be read', () => {
    expect(buildGlueDocument(glueInput()).problems).toEqual([
      {
        objectType: 'share',
        id: 'vo.broken.example.org',
        field: 'project',
        message:
          'project 0a1b2c3d4e5f40718293a4b5c6d7e8f9 not read (Keystone 401: could not scope to the project): no share',
        skipped: true,
      },
    ]);
  });

  it('the golden document validates against the derived GLUE 2.1 schema', () => {
    expect(validateGlueDocument(golden)).toEqual({ valid: true });
  });

  it('writes no null anywhere (attributes are omitted instead)', () => {
    expect(JSON.stringify(buildGlueDocument(glueInput()).document)).not.toContain('null');
  });

  it('is the same whatever the host time zone (CreationTime from the UTC fields)', () => {
    const { document } = buildGlueDocument(glueInput());
    expect(document.CloudComputingService[0].CreationTime).toBe('2026-11-26T13:48:06.090000+00:00');
  });
});
