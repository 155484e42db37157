/** Microversion negotiation and the caller's view, shared by every Nova handler. */
import { privileged, type Ctx, type Reply } from './http.js';
import { NOVA, negotiate, versionHeaders } from './microversion.js';
import type { NovaView } from './nova.render.js';
import type { Route } from './router.js';

export type NovaHandler = (ctx: Ctx, params: string[], view: NovaView) => Reply | Promise<Reply>;

/** The caller's view. Extra specs follow Zed's default policy: admin or a project reader. */
export function novaView(ctx: Ctx, minor: number): NovaView {
  const admin = privileged(ctx.token);
  return { minor, admin, specs: admin || ctx.token.projectId !== null };
}

export function novaRoute(pattern: RegExp, handler: NovaHandler): Route {
  return {
    method: 'GET',
    pattern,
    async handle(ctx, params) {
      const negotiated = negotiate(ctx.req, NOVA);
      if ('reply' in negotiated) return negotiated.reply;
      const reply = await handler(ctx, params, novaView(ctx, negotiated.minor));
      Object.assign(reply.headers, versionHeaders(NOVA, negotiated.minor));
      return reply;
    },
  };
}
