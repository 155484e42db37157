/**
 * What the demo takes from its environment: fedwatch's own port and data-directory variables
 * (the same names `fedwatch serve` reads, with the same defaults) and AMQP_URL. The one file of
 * the demo that reads `process.env`.
 */
import { join, resolve } from 'node:path';

export interface DemoSettings {
  httpPort: number;
  grpcPort: number;
  /** Absolute; fedwatch's `dataDir` (embedded database, discovery documents). */
  dataDir: string;
  /** `<dataDir>/demo`: the generated config, its secrets and kubeconfig, the message directory. */
  demoDir: string;
  configFile: string;
  /** `federation.directoryQueue.path`. */
  messageDir: string;
  /** Set: fedwatch also publishes to this broker (it reads AMQP_URL itself). */
  amqpUrl: string | null;
  /** The environment fedwatch runs with. */
  childEnv: NodeJS.ProcessEnv;
}

/**
 * The demo always runs on the embedded database and with the API open on loopback (so the CLI
 * needs no token), whatever the shell has set for a real deployment.
 */
const DROPPED = [
  'DATABASE_URL',
  'DATABASE_URL_FILE',
  'FEDWATCH_DATABASE__URL',
  'FEDWATCH_CONFIG',
  'FEDWATCH_API__AUTH',
  'FEDWATCH_API__TOKENS',
  'FEDWATCH_API__TOKENS_FILE',
];

function port(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}: not a TCP port: ${text}`);
  return n;
}

export function readSettings(cwd = process.cwd()): DemoSettings {
  const httpPort = port('FEDWATCH_HTTP_PORT', 8080);
  const grpcPort = port('FEDWATCH_GRPC_PORT', 9090);
  const dataDir = resolve(cwd, process.env.FEDWATCH_DATA_DIR || 'demo-data');
  const demoDir = join(dataDir, 'demo');
  const configFile = join(demoDir, 'fedwatch.yaml');
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DROPPED) delete childEnv[name];
  Object.assign(childEnv, {
    FEDWATCH_CONFIG: configFile,
    FEDWATCH_DATA_DIR: dataDir,
    FEDWATCH_HTTP_PORT: String(httpPort),
    FEDWATCH_GRPC_PORT: String(grpcPort),
    FEDWATCH_HTTP_HOST: '127.0.0.1',
  });
  return {
    httpPort,
    grpcPort,
    dataDir,
    demoDir,
    configFile,
    messageDir: join(demoDir, 'outgoing'),
    amqpUrl: process.env.AMQP_URL || null,
    childEnv,
  };
}
