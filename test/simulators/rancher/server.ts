/** The HTTP(S) handler: request log, latency and faults, authentication, then the routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentedToken } from './auth.js';
import type { BodyMalformation } from './fault-injector.js';
import { injectedError, MUST_AUTHENTICATE, normanError, raw, type Reply } from './http.js';
import type { RequestLog } from './request-log.js';
import { dispatch, type SimState } from './routes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function malformed(reply: Reply, how: BodyMalformation): Reply {
  switch (how) {
    case 'non-json':
      return { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    case 'no-data': {
      const body = JSON.parse(reply.body) as Record<string, unknown>;
      delete body.data;
      return { ...reply, body: JSON.stringify(body) };
    }
    case 'html':
      return raw(
        200,
        '<!DOCTYPE html><html><head><title>Rancher</title></head><body></body></html>',
        'text/html',
      );
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

export interface HandlerDeps {
  state: SimState;
  log: RequestLog;
  latencyMs: number;
  /** The API key accepted right now (changes with `setToken`). */
  token: () => string;
}

export function createHandler({ state, log, latencyMs, token }: HandlerDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', state.baseUrl);
    const query = url.search.slice(1);
    const target = query ? `${url.pathname}?${query}` : url.pathname;
    const method = req.method ?? 'GET';
    const presented = presentedToken(req.headers);
    const entry = log.start(method, url.pathname, query, presented.scheme);
    let reply: Reply;
    try {
      const delay = latencyMs + state.faults.extraLatency(target);
      if (delay > 0) await sleep(delay);
      const decision = state.faults.decide(target);
      if (decision?.kind === 'timeout') {
        await state.faults.stall();
        res.destroy(); // never answered: the client's timeout fires first
        return;
      }
      if (decision?.kind === 'error') reply = injectedError(decision.status, decision.retryAfterSeconds);
      else if (url.pathname === '/ping' || url.pathname === '/healthz')
        reply = raw(200, url.pathname === '/ping' ? 'pong' : 'ok', 'text/plain');
      else if (presented.token !== token()) reply = normanError(401, MUST_AUTHENTICATE);
      else if (method !== 'GET') reply = normanError(405, `method ${method} not allowed in the simulator`);
      else reply = dispatch({ url, state }, url.pathname);
      if (decision?.kind === 'malform' && reply.status === 200) reply = malformed(reply, decision.how);
    } catch (err) {
      reply = normanError(500, `simulator error: ${(err as Error).stack ?? String(err)}`);
    }
    send(res, reply);
    log.finish(entry, reply.status, performance.now() - started);
  };
}
