import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { validateGlueDocument } from './glue-document.validator.js';
import { derivedGlueSchema } from './schema/derived-schema.js';
import {
  CONFTEST_SAMPLE,
  DERIVED_SCHEMA,
  readSharedJson,
  SHAPE_EXAMPLE,
} from './__golden__/shared-glue-files.js';

type Doc = Record<string, Record<string, unknown>[]>;
const golden = () =>
  JSON.parse(readFileSync(new URL('./__golden__/glue-document.golden.json', import.meta.url), 'utf8')) as Doc;

describe('validateGlueDocument', () => {
  it('embeds an exact copy of the derived schema in shared/glue21-schema', () => {
    expect(derivedGlueSchema).toEqual(readSharedJson(DERIVED_SCHEMA));
  });

  it('accepts both published samples', () => {
    expect(validateGlueDocument(readSharedJson(SHAPE_EXAMPLE))).toEqual({ valid: true });
    expect(validateGlueDocument(readSharedJson(CONFTEST_SAMPLE))).toEqual({ valid: true });
  });

  it('lists every error of a broken document at the JSONPath of the offending value', () => {
    const doc = golden();
    doc.CloudComputingEndpoint[0].HealthState = 'warn';
    delete doc.Share[0].ProjectID;
    doc.CloudComputingInstanceType[1].CPU = '8';
    doc.CloudComputingManager[0].Foo = 1;
    (doc.Share[1].OtherInfo as { quotas: Record<string, unknown> }).quotas['server-groups.x'] = 1.5;
    const result = validateGlueDocument(doc);
    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.errors).toEqual([
      { path: '$.CloudComputingManager[0].Foo', message: 'is not allowed in this class' },
      {
        path: '$.CloudComputingEndpoint[0].HealthState',
        message:
          'must be equal to one of the allowed values: "critical", "ok", "other", "unknown", "warning", "downtime"',
      },
      { path: '$.Share[0].ProjectID', message: 'is required' },
      { path: '$.Share[1].OtherInfo.quotas["server-groups.x"]', message: 'must be integer' },
      { path: '$.CloudComputingInstanceType[1].CPU', message: 'must be integer' },
    ]);
  });

  it('names missing classes and a document that is no object', () => {
    expect(validateGlueDocument({ Share: [] })).toEqual({
      valid: false,
      errors: [
        { path: '$.CloudComputingService', message: 'is required' },
        { path: '$.CloudComputingEndpoint', message: 'is required' },
      ],
    });
    expect(validateGlueDocument(null)).toEqual({
      valid: false,
      errors: [{ path: '$', message: 'must be object' }],
    });
  });
});
