import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { protoDir } from '../common/package-info.js';

const loaderOptions = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/** Every fedwatch proto under `proto/fedwatch/v1`, loaded once, for serving and for reflection. */
export function loadFedwatchProtos(): PackageDefinition {
  const dir = join(protoDir, 'fedwatch', 'v1');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .map((f) => join('fedwatch', 'v1', f));
  return loadSync(files, { ...loaderOptions, includeDirs: [protoDir] });
}

/** The health proto as shipped by grpc-health-check, so reflection can describe it too. */
export function loadHealthProto(): PackageDefinition {
  return loadSync(healthProtoPath, loaderOptions);
}
