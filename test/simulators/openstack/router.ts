/** Route table and dispatch: auth check, then the first route whose method and path match. */
import { htmlError, json, keystoneError, novaFault, UNAUTHORIZED, type Ctx, type Reply } from './http.js';
import type { TokenInfo } from './tokens.js';

export interface Route {
  method: string;
  /** Matched against the path; capture groups are passed to `handle` (URI-decoded). */
  pattern: RegExp;
  /** Default true: needs a valid `X-Auth-Token`. */
  auth?: boolean;
  handle(ctx: Ctx, params: string[]): Reply | Promise<Reply>;
}

export type Service = 'identity' | 'compute' | 'image' | 'network' | 'volume' | 'other';

export function serviceOf(path: string): Service {
  const first = path.split('/')[1] ?? '';
  return (['identity', 'compute', 'image', 'network', 'volume'] as const).find((s) => s === first) ?? 'other';
}

export function notFound(service: Service, path: string): Reply {
  switch (service) {
    case 'identity':
      return keystoneError(404, `Could not find resource: ${path}.`);
    case 'image':
      return htmlError(404, 'The resource could not be found.');
    case 'network':
      return json(404, {
        NeutronError: { type: 'HTTPNotFound', message: 'The resource could not be found.', detail: '' },
      });
    default:
      return novaFault(404, 'The resource could not be found.');
  }
}

/** keystonemiddleware's answer (every service) to a missing, unknown or expired token. */
export function unauthorized(authUrl: string): Reply {
  const reply = keystoneError(401, UNAUTHORIZED);
  reply.headers['WWW-Authenticate'] = `Keystone uri="${authUrl.replace(/\/v3$/, '')}"`;
  return reply;
}

export class Router {
  constructor(private readonly routes: Route[]) {}

  async dispatch(ctx: Omit<Ctx, 'token'>, validate: () => TokenInfo | null): Promise<Reply> {
    let methodMismatch = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(ctx.path);
      if (!m) continue;
      if (route.method !== ctx.method) {
        methodMismatch = true;
        continue;
      }
      const token = route.auth === false ? null : validate();
      if (route.auth !== false && !token) return unauthorized(ctx.state.authUrl);
      const params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
      return route.handle({ ...ctx, token: token! }, params);
    }
    if (methodMismatch)
      return json(405, { error: { code: 405, message: 'Method Not Allowed', title: 'Method Not Allowed' } });
    return notFound(serviceOf(ctx.path), ctx.path);
  }
}
