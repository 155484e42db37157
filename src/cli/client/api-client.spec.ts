import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { ApiClient, defaultServerUrl } from './api-client.js';

const TOKEN = 'fw_s3cr3t-token-value';
type Seen = { method?: string; url?: string; auth?: string; type?: string; body: string };

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

async function handler(req: IncomingMessage, res: ServerResponse, seen: Seen[]): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  seen.push({
    method: req.method,
    url: req.url,
    auth: req.headers.authorization,
    type: req.headers['content-type'],
    body,
  });
  const err = (status: number, code: string, message: unknown, details = {}) =>
    send(res, status, JSON.stringify({ statusCode: status, code, message, details }));
  switch (req.url) {
    case '/api/sites':
      return send(res, 200, JSON.stringify([{ id: 'a' }]));
    case '/api/jobs':
      return send(res, 201, JSON.stringify({ id: 'job-1', echo: JSON.parse(body || 'null') }));
    case '/api/empty':
      return void res.writeHead(204).end();
    case '/api/auth':
      return err(401, 'UNAUTHENTICATED', `bad token ${req.headers.authorization}`);
    case '/api/admin':
      return err(403, 'FORBIDDEN', 'admin role required');
    case '/api/sites/nope':
      return err(404, 'NOT_FOUND', 'site "nope" not found', { id: 'nope' });
    case '/api/leaky':
      return err(409, 'CONFLICT', `conflict for ${TOKEN}`, { token: TOKEN });
    case '/api/validation':
      return send(res, 400, JSON.stringify({ statusCode: 400, message: ['name must be a string', 'x'] }));
    case '/api/crash':
      return send(res, 500, '<html>Internal Server Error</html>', 'text/html');
    case '/api/garbled':
      return send(res, 200, '{not json');
    case '/api/moved':
      res.writeHead(302, { location: 'https://elsewhere.example/api' });
      return void res.end();
    default:
      return err(404, 'NOT_FOUND', `Cannot ${req.method} ${req.url}`);
  }
}

async function caught(p: Promise<unknown>): Promise<FedwatchError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FedwatchError);
  const fe = err as FedwatchError;
  expect(`${fe.message} ${JSON.stringify(fe.details)}`).not.toContain(TOKEN);
  return fe;
}

describe('ApiClient against a real HTTP server', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => void handler(req, res, seen));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (token: string | null = TOKEN) =>
    new ApiClient({ baseUrl, token: token ?? undefined, timeoutMs: 5000 });

  it('GETs JSON with the bearer token', async () => {
    await expect(client().get('/api/sites')).resolves.toEqual([{ id: 'a' }]);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/sites', auth: `Bearer ${TOKEN}` });
  });

  it('POSTs a JSON body, and sends no authorization header without a token', async () => {
    await expect(client(null).post('api/jobs', { kind: 'sync' })).resolves.toEqual({
      id: 'job-1',
      echo: { kind: 'sync' },
    });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', type: 'application/json', body: '{"kind":"sync"}' });
    expect(seen.at(-1)?.auth).toBeUndefined();
    await expect(client().post('/api/empty')).resolves.toBeUndefined();
    expect(seen.at(-1)?.type).toBeUndefined();
  });

  it('keeps a path prefix of the server URL', async () => {
    const c = new ApiClient({ baseUrl: `${baseUrl}/api`, token: TOKEN });
    await expect(c.get('/sites')).resolves.toEqual([{ id: 'a' }]);
  });

  it('maps 401 to UNAUTHENTICATED with a hint, without the token', async () => {
    const e = await caught(client().get('/api/auth'));
    expect(e.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(e.message).toBe(
      `the fedwatch service at ${baseUrl} rejected the token: pass --token or set FEDWATCH_TOKEN`,
    );
    expect((await caught(client(null).get('/api/auth'))).message).toContain('requires a token');
  });

  it('maps 403 to FORBIDDEN', async () => {
    const e = await caught(client().get('/api/admin'));
    expect(e.code).toBe(ErrorCode.FORBIDDEN);
    expect(e.message).toBe('this command needs an admin token (admin role required)');
    expect(e.details.status).toBe(403);
  });

  it("maps the service's error body back to its code, message and details", async () => {
    const e = await caught(client().get('/api/sites/nope'));
    expect(e.code).toBe(ErrorCode.NOT_FOUND);
    expect(e.message).toBe('site "nope" not found');
    expect(e.details).toEqual({ id: 'nope', status: 404 });
  });

  it('redacts the token if the server echoes it', async () => {
    const e = await caught(client().get('/api/leaky'));
    expect(e.code).toBe(ErrorCode.CONFLICT);
    expect(e.message).toBe('conflict for ***');
  });

  it('falls back to a code from the status and joins validation messages', async () => {
    const e = await caught(client().get('/api/validation'));
    expect(e.code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect(e.message).toBe('name must be a string; x');
  });

  it('maps a non-JSON error body to INTERNAL with the status', async () => {
    const e = await caught(client().get('/api/crash'));
    expect(e.code).toBe(ErrorCode.INTERNAL);
    expect(e.message).toBe(`the fedwatch service at ${baseUrl} answered HTTP 500 with a non-JSON body`);
    expect(e.details.status).toBe(500);
  });

  it('rejects invalid JSON in a success answer and does not follow redirects', async () => {
    expect((await caught(client().get('/api/garbled'))).code).toBe(ErrorCode.SOURCE_MALFORMED);
    const e = await caught(client().get('/api/moved'));
    expect(e.message).toContain('redirects to https://elsewhere.example/api');
    expect(seen.some((s) => s.url === '/api' || s.url?.startsWith('https'))).toBe(false);
  });
});

describe('ApiClient without a server', () => {
  it('reports connection refused as SOURCE_UNREACHABLE with a hint', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve)); // nothing listens on `port` any more
    const e = await caught(new ApiClient({ httpPort: port, token: TOKEN }).get('/api/sites'));
    expect(e.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
    expect(e.message).toBe(
      `cannot reach the fedwatch service at http://127.0.0.1:${port} (connection refused): ` +
        'is "fedwatch serve" running? Set --server or FEDWATCH_URL',
    );
  });

  it('reports a timeout', async () => {
    const slow = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      const e = await caught(new ApiClient({ baseUrl: url, token: TOKEN, timeoutMs: 200 }).get('/x'));
      expect(e.code).toBe(ErrorCode.SOURCE_UNREACHABLE);
      expect(e.message).toContain('(no answer within 0.2s)');
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('builds the default URL and validates options', () => {
    expect(defaultServerUrl()).toBe('http://127.0.0.1:8080');
    expect(defaultServerUrl('9090')).toBe('http://127.0.0.1:9090');
    expect(new ApiClient({}).server).toBe('http://127.0.0.1:8080');
    expect(new ApiClient({ baseUrl: 'https://u:p@fw.example.org/' }).server).toBe('https://fw.example.org');
    expect(() => defaultServerUrl('http')).toThrow(FedwatchError);
    expect(() => new ApiClient({ baseUrl: 'fw.example.org:8080' })).toThrow('invalid server URL');
  });
});
