/** The HTTP(S) server: request log, latency and faults, then the route table. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { htmlError, json, keystoneError, novaFault, raw, TITLES, type Reply } from './http.js';
import type { RequestLog } from './request-log.js';
import { Router, serviceOf, unauthorized, type Route, type Service } from './router.js';
import type { SimState } from './state.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 500 in the service's own error shape; 502–504 as the HTML page of the load balancer in front. */
function injectedError(service: Service, status: number): Reply {
  if (status !== 500) {
    const title = `${status} ${TITLES[status] ?? 'Error'}`;
    const page = `<html><body><h1>${title}</h1>\nNo server is available to handle this request.\n</body></html>\n`;
    return raw(status, page, 'text/html');
  }
  switch (service) {
    case 'identity':
      return keystoneError(500, 'An unexpected error prevented the server from fulfilling your request.');
    case 'image':
      return htmlError(
        500,
        'The server has either erred or is incapable of performing the requested operation.',
      );
    case 'network':
      return json(500, {
        NeutronError: {
          type: 'HTTPInternalServerError',
          message: 'Request Failed: internal server error while processing your request.',
          detail: '',
        },
      });
    default:
      return novaFault(
        500,
        'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.',
      );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply, service: Service): void {
  if (res.destroyed) return;
  const requestId = `req-${randomUUID()}`;
  const headers: Record<string, string | number> = {
    ...reply.headers,
    'Content-Length': Buffer.byteLength(reply.body),
    'x-openstack-request-id': requestId,
  };
  if (service === 'compute') headers['x-compute-request-id'] = requestId;
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

export interface HandlerDeps {
  state: SimState;
  log: RequestLog;
  latencyMs: number;
  routes: Route[];
}

export function createHandler({ state, log, latencyMs, routes }: HandlerDeps) {
  const router = new Router(routes);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator');
    const prefixed = /^\/(internal|admin)(\/.*)$/.exec(url.pathname);
    const iface = (prefixed?.[1] ?? 'public') as 'public' | 'internal' | 'admin';
    const path = prefixed?.[2] ?? url.pathname;
    const query = url.search.slice(1);
    const target = query ? `${path}?${query}` : path;
    const method = req.method ?? 'GET';
    const service = serviceOf(path);
    const entry = log.start(method, path, query, iface);
    const header = req.headers['x-auth-token'];
    const tokenText = Array.isArray(header) ? header[0] : header;
    const token = state.tokens.validate(tokenText);
    entry.projectId = token?.projectId ?? null;
    entry.system = token?.system ?? false;
    let reply: Reply | null = null;
    try {
      const delay = latencyMs + state.faults.extraLatency(target);
      if (delay > 0) await sleep(delay);
      const decision = state.faults.decide(method, target);
      if (decision?.kind === 'wait') await decision.until;
      else if (decision?.kind === 'error') reply = injectedError(service, decision.status);
      else if (decision?.kind === 'unauthorized') reply = unauthorized(state.authUrl);
      if (!reply) {
        const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? await readBody(req) : '';
        const origin = iface === 'public' ? state.baseUrl : `${state.baseUrl}/${iface}`;
        const ctx = { req, method, path, query: url.searchParams, origin, state, body };
        reply = await router.dispatch(ctx, () => state.tokens.validate(tokenText));
      }
    } catch (err) {
      if ((err as Error).message === 'closed') {
        res.destroy(); // a "timeout" fault: never answered
        return;
      }
      reply = novaFault(500, `Simulator error: ${(err as Error).stack ?? String(err)}`);
    }
    send(res, reply, service);
    log.finish(entry, reply.status, performance.now() - started);
  };
}
