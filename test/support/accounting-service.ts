/**
 * What the accounting e2e specs share: a config file for `fedwatch serve` pointing at an
 * OpenStack simulator (API tokens, accounting settings), a REST helper, an independent gRPC client
 * of `fedwatch.v1.AccountingService`, direct reads of the service's tables, and polling.
 */
import type { Client } from '@grpc/grpc-js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import YAML from 'yaml';
import type { OpenStackSimulator } from '../simulators/openstack/index.js';
import { fedwatchClient } from './grpc-client.js';

export const ADMIN_TOKEN = 'adm-Acc7Kq2Vx9Lm4Tz';
export const READ_TOKEN = 'rd-Acc3Hs8Nw1Yp6Rb';

/** Writes `dir/fedwatch.yaml` for the simulator with API tokens and `accounting` settings. */
export async function writeServiceConfig(
  sim: OpenStackSimulator,
  dir: string,
  accounting: Record<string, unknown> = {},
): Promise<string> {
  const file = join(dir, 'fedwatch.yaml');
  await sim.writeConfig(file);
  const doc = YAML.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  doc.api = {
    tokens: [
      { name: 'ops', role: 'admin', token: ADMIN_TOKEN },
      { name: 'grafana', role: 'read', token: READ_TOKEN },
    ],
  };
  doc.accounting = accounting;
  writeFileSync(file, YAML.stringify(doc), { mode: 0o600 });
  return file;
}

export interface Rest {
  get<T = unknown>(path: string, token?: string): Promise<{ status: number; body: T }>;
  post<T = unknown>(path: string, body: unknown, token?: string): Promise<{ status: number; body: T }>;
}

export function rest(baseUrl: string): Rest {
  const call = async <T>(method: string, path: string, token: string | undefined, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    get: (path, token = READ_TOKEN) => call('GET', path, token),
    post: (path, body, token) => call('POST', path, token, body),
  };
}

/** `fedwatch.v1.AccountingService`, loaded from proto/ as a consumer would. */
export function accountingGrpcClient(port: number): Client & Record<string, never> {
  return fedwatchClient('accounting.proto', 'AccountingService', port) as unknown as Client &
    Record<string, never>;
}

/** One query on a database the service owns (a separate connection, closed afterwards). */
export async function queryDb<T = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls `probe` every 100 ms until `ok` holds; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
