/** `POST /v3/auth/tokens`: password (unscoped, project or system scope) and application credentials. */
import { json, keystoneError, UNAUTHORIZED, type Ctx, type Reply } from './http.js';
import { tokenBody } from './keystone.token.js';
import type { Json } from './model.js';
import type { SimState } from './state.js';
import type { TokenInfo } from './tokens.js';

type Grant = Omit<TokenInfo, 'token' | 'issuedMs' | 'expiresMs'>;

const denied = (): Reply => keystoneError(401, UNAUTHORIZED);
const domainMatches = (ref: Json | undefined, domainId: unknown) =>
  !!ref && (ref.id === domainId || (domainId === 'default' && ref.name === 'Default'));

function applicationCredential(state: SimState, cred: Json, scope: unknown): Grant | Reply {
  if (scope !== undefined) return keystoneError(401, 'Application credentials cannot request a scope.');
  for (const [projectId, c] of Object.entries(state.credentials.perProject)) {
    const project = state.index.projects.get(projectId)!;
    const byId = cred.id === c.id;
    const byName =
      cred.name === `fedwatch-${project.name}` && (cred.user as Json | undefined)?.id === c.userId;
    if (!byId && !byName) continue;
    if (cred.secret !== c.secret) return denied();
    return {
      methods: ['application_credential'],
      userId: c.userId,
      userName: state.index.users.get(c.userId)!.name as string,
      projectId,
      system: false,
      roles: ['reader', 'member'],
      applicationCredential: { id: c.id, name: `fedwatch-${project.name}` },
    };
  }
  return denied();
}

function password(state: SimState, auth: Json, scope: Json | undefined): Grant | Reply {
  const u = ((auth.password as Json | undefined)?.user ?? {}) as Json;
  const sys = state.credentials.system;
  const isSystemUser =
    u.id === sys.userId ||
    (u.name === sys.username && domainMatches(u.domain as Json | undefined, 'default'));
  if (!isSystemUser || u.password !== sys.password) return denied();
  const grant: Grant = {
    methods: ['password'],
    userId: sys.userId,
    userName: sys.username,
    projectId: null,
    system: false,
    roles: [],
    applicationCredential: null,
  };
  if (scope === undefined) return grant;
  if ((scope.system as Json | undefined)?.all === true) return { ...grant, system: true, roles: ['reader'] };
  const ref = scope.project as Json | undefined;
  if (!ref) return denied();
  const project = [...state.index.projects.values()].find((p) =>
    ref.id
      ? p.id === ref.id
      : p.name === ref.name && domainMatches(ref.domain as Json | undefined, 'default'),
  );
  const member = project && state.index.memberships.get(sys.userId)?.includes(project.id);
  if (!project || !member || project.api.enabled === false) return denied();
  return { ...grant, projectId: project.id, roles: ['reader'] };
}

export function issueToken(ctx: Ctx): Reply {
  let body: Json;
  try {
    body = JSON.parse(ctx.body) as Json;
  } catch {
    body = {};
  }
  const auth = body.auth as Json | undefined;
  const identity = auth?.identity as Json | undefined;
  const methods = identity?.methods;
  if (!auth || !identity || !Array.isArray(methods)) {
    return keystoneError(
      400,
      'Expecting to find auth in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
    );
  }
  const scope = auth.scope as Json | undefined;
  const grant = methods.includes('application_credential')
    ? applicationCredential(ctx.state, (identity.application_credential ?? {}) as Json, scope)
    : methods.includes('password')
      ? password(ctx.state, identity, scope)
      : denied();
  if ('status' in grant) return grant;
  const info = ctx.state.tokens.issue(grant);
  const withCatalog = !ctx.query.has('nocatalog');
  return json(201, tokenBody(ctx.state, info, withCatalog), { 'X-Subject-Token': info.token });
}

/** `GET /v3/auth/tokens` validates the `X-Subject-Token` header. */
export function validateToken(ctx: Ctx): Reply {
  const subject = ctx.req.headers['x-subject-token'];
  const info = ctx.state.tokens.validate(Array.isArray(subject) ? subject[0] : subject);
  if (!info) return keystoneError(404, `Could not find token: ${String(subject ?? '')}.`);
  return json(200, tokenBody(ctx.state, info, !ctx.query.has('nocatalog')), {
    'X-Subject-Token': info.token,
  });
}
