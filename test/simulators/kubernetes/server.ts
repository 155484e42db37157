/**
 * The HTTP(S) request handler: request log, latency, injected faults, bearer-token auth (wrong
 * token → 401; none → anonymous, which may read only /version and the health paths), then the
 * first matching route. Only GET is served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import type { RequestLog } from '../openstack/request-log.js';
import { status, type Reply } from './http.js';
import type { Route, SimContext } from './sim.context.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const INJECTED: Record<number, string> = {
  429: 'Too many requests, please try again later.',
  500: 'Internal error occurred: simulated fault',
  503: 'the server is currently unable to handle the request',
  504: 'Timeout: request did not complete within the allotted timeout',
};

/** `pods is forbidden: User "system:anonymous" cannot list resource "pods" …` */
function forbidden(path: string): Reply {
  const m = /^\/apis?\/(?:[^/]+\/)?v1(?:beta1)?\/(?:namespaces\/([^/]+)\/)?([^/]+)/.exec(path);
  const resource = m?.[2] ?? '';
  const where = m?.[1] ? `in the namespace "${m[1]}"` : 'at the cluster scope';
  const message = resource
    ? `${resource} is forbidden: User "system:anonymous" cannot list resource "${resource}" in API group "" ${where}`
    : `forbidden: User "system:anonymous" cannot get path "${path}"`;
  return status(403, message, { details: { kind: resource } });
}

/** Sends the reply, gzipped (level 1, as kube-apiserver does) when large and the client accepts it. */
async function send(res: ServerResponse, reply: Reply, gzip: boolean): Promise<void> {
  if (res.destroyed) return;
  if ('stream' in reply) {
    if (!gzip || !reply.compressible) {
      res.writeHead(reply.status, reply.headers);
      await reply.stream(res, res);
      return;
    }
    res.writeHead(reply.status, { ...reply.headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    const zip = createGzip({ level: 1 });
    const piped = pipeline(zip, res).catch(() => undefined);
    await reply.stream(zip, res);
    await piped;
    return;
  }
  if (gzip && reply.body.length >= 128 * 1024) {
    const body = gzipSync(reply.body, { level: 1 });
    res.writeHead(reply.status, {
      ...reply.headers,
      'Content-Encoding': 'gzip',
      Vary: 'Accept-Encoding',
      'Content-Length': body.length,
    });
    res.end(body);
    return;
  }
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

export function createHandler(sim: SimContext, routes: Route[], log: RequestLog) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator');
    let path = url.pathname;
    // The deprecated watch paths (`/api/v1/watch/pods`) are the collection with watch=true.
    const legacy = /^(\/api\/v1|\/apis\/[^/]+\/[^/]+)\/watch(\/.*)$/.exec(path);
    if (legacy) {
      path = legacy[1]! + legacy[2]!;
      url.searchParams.set('watch', 'true');
    }
    const method = req.method ?? 'GET';
    const query = url.search.slice(1);
    const target = query ? `${path}?${query}` : path;
    const entry = log.start(method, path, query, 'public');
    let reply: Reply;
    try {
      const delay = sim.options.latencyMs + sim.faults.requests.extraLatency(target);
      if (delay > 0) await sleep(delay);
      const decision = sim.faults.requests.decide(method, target);
      if (decision?.kind === 'wait') await decision.until;
      const header = req.headers.authorization ?? '';
      const bearer = /^bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
      const route = routes.find((r) => r.pattern.test(path));
      if (decision?.kind === 'error')
        reply = status(decision.status, INJECTED[decision.status] ?? `simulated fault ${decision.status}`);
      else if (decision?.kind === 'unauthorized' || (header && bearer !== sim.token))
        reply = status(401, 'Unauthorized');
      else if (!header && !route?.public) reply = forbidden(path);
      else if (method !== 'GET' && method !== 'HEAD')
        reply = status(405, 'the server does not allow this method on the requested resource');
      else if (!route)
        reply = status(404, 'the server could not find the requested resource', { details: {} });
      else {
        const m = route.pattern.exec(path)!;
        reply = route.handle(
          sim,
          m.slice(1).map((p) => decodeURIComponent(p ?? '')),
          url.searchParams,
        );
      }
    } catch (err) {
      if ((err as Error).message === 'closed') {
        res.destroy(); // a "timeout" fault: never answered
        return;
      }
      reply = status(500, `Internal error occurred: ${(err as Error).stack ?? String(err)}`);
    }
    log.finish(entry, reply.status, performance.now() - started);
    const gzip = sim.options.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    try {
      await send(res, reply, gzip);
    } catch {
      res.destroy();
    }
  };
}
