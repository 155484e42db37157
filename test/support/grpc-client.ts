import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { join } from 'node:path';
import { repoRoot } from './service-process.js';

/**
 * An independent gRPC client for tests: loads the protos the way a consumer would (from proto/,
 * the health proto and the reflection proto) rather than using the server's own loader.
 */
const options = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };

type Unary = (req: unknown, md: Metadata, cb: (err: ServiceError | null, res: unknown) => void) => void;
type AnyClient = Client & Record<string, Unary>;

function clientFor(pkg: Record<string, unknown>, path: string, address: string): AnyClient {
  const Ctor = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], pkg) as new (
    address: string,
    creds: ReturnType<typeof credentials.createInsecure>,
  ) => AnyClient;
  return new Ctor(address, credentials.createInsecure());
}

/** A client of one fedwatch service, loaded from `proto/fedwatch/v1/<file>` as a consumer would. */
export function fedwatchClient(file: string, service: string, port: number): AnyClient {
  const def = loadSync(join('fedwatch', 'v1', file), { ...options, includeDirs: [join(repoRoot, 'proto')] });
  return clientFor(loadPackageDefinition(def), `fedwatch.v1.${service}`, `127.0.0.1:${port}`);
}

export function systemClient(port: number): AnyClient {
  return fedwatchClient('system.proto', 'SystemService', port);
}

export function healthClient(port: number): AnyClient {
  return clientFor(
    loadPackageDefinition(loadSync(healthProtoPath, options)),
    'grpc.health.v1.Health',
    `127.0.0.1:${port}`,
  );
}

export function reflectionClient(port: number): Client {
  const path = join(
    repoRoot,
    'node_modules',
    '@grpc',
    'reflection',
    'build',
    'proto',
    'grpc',
    'reflection',
    'v1',
    'reflection.proto',
  );
  return clientFor(
    loadPackageDefinition(loadSync(path, options)),
    'grpc.reflection.v1.ServerReflection',
    `127.0.0.1:${port}`,
  );
}

export function unary(client: AnyClient, method: string, request: unknown, token?: string): Promise<unknown> {
  const md = new Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  return new Promise((resolve, reject) =>
    client[method](request, md, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

/** Names of the services the server lists through reflection. */
export function listServices(client: Client): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const call = (client as unknown as Record<string, () => NodeJS.ReadWriteStream>).ServerReflectionInfo();
    call.on('data', (res: { listServicesResponse?: { service: { name: string }[] } }) => {
      resolve((res.listServicesResponse?.service ?? []).map((s) => s.name));
      call.end();
    });
    call.on('error', reject);
    call.write({ listServices: '' } as unknown as string);
  });
}
