import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { OpenStackCredential } from '../../src/config/config.types.js';
import { OpenStackHttp } from '../../src/sources/openstack/http/openstack-http.js';
import { HttpOpenStackClient } from '../../src/sources/openstack/openstack-http.client.js';

/**
 * A tiny programmable OpenStack for adapter unit tests: Keystone tokens at
 * `/identity/v3/auth/tokens` with a catalog pointing back at this server, and every other request
 * answered by the test's handler. Counts requests and the most in flight at once.
 */
export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface StubReply {
  status?: number;
  json?: unknown;
  /** Raw body (wins over `json`). */
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Drop the connection without answering. */
  destroy?: boolean;
  /** Send the headers and part of the body, then stall (never finish). */
  stallBody?: boolean;
}

export type StubHandler = (req: StubRequest, stub: OpenStackStub) => StubReply | Promise<StubReply>;

export interface StubOptions {
  /** Accepted application credential (id → secret); default `app-1` / `s3cret-app`. */
  appCredentials?: Record<string, string>;
  /** Accepted passwords (user name → password); default `admin` / `s3cret-pw`. */
  passwords?: Record<string, string>;
  /** Project an application-credential token is scoped to. */
  appProjectId?: string;
  tokenLifetimeMs?: number;
  /** Keystone's clock (for `issued_at`/`expires_at`). */
  now?: () => number;
  tls?: { key: string; cert: string };
  /** Overrides Keystone's answer to POST /auth/tokens. */
  auth?: (req: StubRequest) => StubReply | undefined;
}

export interface OpenStackStub {
  url: string;
  authUrl: string;
  requests: StubRequest[];
  tokensIssued: string[];
  maxInFlight: number;
  /** Tokens the services accept; clear it to make them answer 401. */
  validTokens: Set<string>;
  close(): Promise<void>;
}

export const APP_PROJECT = '0123456789abcdef0123456789abcdef';

export async function startOpenStackStub(
  handler: StubHandler,
  options: StubOptions = {},
): Promise<OpenStackStub> {
  const appCredentials = options.appCredentials ?? { 'app-1': 's3cret-app' };
  const passwords = options.passwords ?? { admin: 's3cret-pw' };
  let inFlight = 0;
  const stub: OpenStackStub = {
    url: '',
    authUrl: '',
    requests: [],
    tokensIssued: [],
    maxInFlight: 0,
    validTokens: new Set(),
    close: async () => undefined,
  };

  const issueToken = (req: StubRequest): StubReply => {
    const override = options.auth?.(req);
    if (override) return override;
    const identity = (req.body as { auth: { identity: Record<string, unknown> } }).auth.identity;
    const app = identity.application_credential as { id: string; secret: string } | undefined;
    const pw = identity.password as { user: { name: string; password: string } } | undefined;
    const ok = app
      ? appCredentials[app.id] === app.secret
      : pw
        ? passwords[pw.user.name] === pw.user.password
        : false;
    if (!ok) {
      return {
        status: 401,
        json: {
          error: {
            code: 401,
            message: 'The request you have made requires authentication.',
            title: 'Unauthorized',
          },
        },
      };
    }
    const token = `tok-${stub.tokensIssued.length + 1}`;
    stub.tokensIssued.push(token);
    stub.validTokens.add(token);
    const scope = (req.body as { auth: { scope?: { system?: unknown } } }).auth.scope;
    const now = (options.now ?? Date.now)();
    const ep = (type: string, path: string) => ({
      type,
      endpoints: [
        { interface: 'public', region_id: 'RegionOne', url: `${stub.url}${path}` },
        { interface: 'internal', region_id: 'RegionOne', url: `${stub.url}/internal${path}` },
      ],
    });
    return {
      status: 201,
      headers: { 'X-Subject-Token': token },
      json: {
        token: {
          expires_at: new Date(now + (options.tokenLifetimeMs ?? 3_600_000)).toISOString(),
          issued_at: new Date(now).toISOString(),
          user: { id: 'u-admin' },
          ...(scope?.system
            ? { system: { all: true } }
            : {
                project: {
                  id: options.appProjectId ?? APP_PROJECT,
                  name: 'demo',
                  domain: { id: 'default', name: 'Default' },
                },
              }),
          catalog: [
            ep('compute', '/compute/v2.1'),
            ep('image', '/image'),
            ep('network', '/network'),
            ep('volumev3', `/volume/v3/${options.appProjectId ?? APP_PROJECT}`),
            ep('identity', '/identity'),
          ],
        },
      },
    };
  };

  const listener = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inFlight++;
    stub.maxInFlight = Math.max(stub.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stub');
    const request: StubRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: raw ? (JSON.parse(raw) as unknown) : undefined,
    };
    stub.requests.push(request);
    let reply: StubReply;
    if (request.method === 'POST' && request.path === '/identity/v3/auth/tokens') {
      reply = issueToken(request);
    } else if (!stub.validTokens.has(String(req.headers['x-auth-token']))) {
      reply = {
        status: 401,
        json: { error: { code: 401, message: 'The request you have made requires authentication.' } },
      };
    } else {
      reply = await handler(request, stub);
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers });
    if (reply.stallBody) res.write(body.slice(0, Math.floor(body.length / 2)));
    else res.end(body);
  };

  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, (q, s) => void listener(q, s))
    : createHttpServer((q, s) => void listener(q, s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stub.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  stub.authUrl = `${stub.url}/identity/v3`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

/** Requests to a path (method GET unless given), for assertions. */
export function requestsTo(stub: OpenStackStub, path: string | RegExp, method = 'GET'): StubRequest[] {
  return stub.requests.filter(
    (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
  );
}

// ---- clients against a stub -------------------------------------------------------------------

export const APP_CREDENTIAL: OpenStackCredential = {
  type: 'applicationCredential',
  id: 'app-1',
  secret: 's3cret-app',
};
export const SYSTEM_CREDENTIAL: OpenStackCredential = {
  type: 'password',
  username: 'admin',
  password: 's3cret-pw',
  userDomain: 'Default',
  scope: { system: 'all' },
};

export interface StubClientOptions {
  credential?: OpenStackCredential;
  timeoutMs?: number;
  maxAttempts?: number;
  maxConcurrency?: number;
  pageSize?: number;
  caPem?: string;
  registry?: Registry;
  now?: () => number;
  interface?: 'public' | 'internal' | 'admin';
}

/** A client of the stub with instant (recorded) backoff sleeps. Close `http` after the test. */
export function stubClient(stub: OpenStackStub, options: StubClientOptions = {}) {
  const sleeps: number[] = [];
  const http = new OpenStackHttp({
    timeoutMs: options.timeoutMs ?? 5_000,
    maxConcurrency: options.maxConcurrency ?? 8,
    caPem: options.caPem,
    retry: { maxAttempts: options.maxAttempts ?? 3, baseDelayMs: 10, maxDelayMs: 40 },
    registry: options.registry,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: options.now,
  });
  const client = new HttpOpenStackClient({
    label: 'stub',
    http,
    authUrl: stub.authUrl,
    credential: options.credential ?? SYSTEM_CREDENTIAL,
    endpoint: { interface: options.interface ?? 'public', region: null },
    pageSize: options.pageSize,
    now: options.now,
  });
  return { client, http, sleeps };
}
