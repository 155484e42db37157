import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../common/package-info.js';

/** The tests' copy of `shared/glue21-schema/` files (see its README); never read at run time. */
export const SHARED_GLUE_DIR = join(packageRoot, 'test', 'fixtures', 'glue21-schema');

export function readSharedJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(SHARED_GLUE_DIR, relativePath), 'utf8'));
}

export const SHAPE_EXAMPLE = 'samples/cloud-info-provider-v1.2.0-shape-example.json';
export const CONFTEST_SAMPLE = 'samples/cloud-info-api-conftest-site_info.json';
export const DERIVED_SCHEMA = 'egi-cloud-info-glue21.derived.schema.json';
