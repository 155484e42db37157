/**
 * The GitLab pipeline (.gitlab-ci.yml), checked statically (files only, no GitLab, no runner):
 *  - the stages are exactly test, build, chart, deploy, and every job is in one of them;
 *  - every scripts/... or .ci/... path a job runs exists and is executable (and so does every one
 *    those scripts run), and every `npm run X` names a script of package.json;
 *  - every job runs in an image pinned to a version (no `latest`, no bare name), services too;
 *  - jobs use `rules`, never only/except;
 *  - production is deployed by hand and from tags only, staging automatically from the default
 *    branch, each with the image tag the build job pushes and the chart's image keys;
 *  - the build job tags the image with the commit and, in tag pipelines, the tag;
 *  - the chart archive is handed from chart-package to chart-upload where both expect it;
 *  - secrets come from CI/CD variables only: no literal password, token or URL credential.
 * Each check is a function returning the problems it finds; each runs against the real file (no
 * problems) and against a copy broken on purpose (the problem is found), so none passes vacuously.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseDocument } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PIPELINE_FILE = '.gitlab-ci.yml';
const EXPECTED_STAGES = ['test', 'build', 'chart', 'deploy'];

// ---------------------------------------------------------------------------------------------
// The pipeline model: jobs with `extends` and `default` applied as GitLab applies them.

type Json = Record<string, unknown>;
type Job = Json & { name: string };

interface Pipeline {
  raw: Json;
  stages: string[];
  globalVariables: Json;
  jobs: Job[];
}

/** Top-level keys that are not jobs. */
const GLOBAL_KEYWORDS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);
/** Keys a job takes from `default:` when it does not set them itself. */
const DEFAULT_KEYS = [
  'after_script',
  'artifacts',
  'before_script',
  'cache',
  'hooks',
  'id_tokens',
  'image',
  'interruptible',
  'retry',
  'services',
  'tags',
  'timeout',
];

function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** GitLab's `extends` merge: maps are merged key by key, everything else (lists too) replaced. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

function resolveJob(raw: Json, name: string, chain: string[] = []): Json {
  if (chain.includes(name)) throw new Error(`extends loop: ${[...chain, name].join(' -> ')}`);
  const definition = raw[name];
  if (!isMap(definition))
    throw new Error(`${chain.at(-1) ?? name} extends '${name}', which is not a job or template`);
  const parents = definition.extends === undefined ? [] : [definition.extends].flat();
  let merged: unknown = {};
  for (const parent of parents) merged = deepMerge(merged, resolveJob(raw, String(parent), [...chain, name]));
  const own = { ...definition };
  delete own.extends;
  return deepMerge(merged, own) as Json;
}

function buildPipeline(raw: Json): Pipeline {
  const defaults = isMap(raw.default) ? raw.default : {};
  const jobs: Job[] = [];
  for (const name of Object.keys(raw)) {
    if (GLOBAL_KEYWORDS.has(name) || name.startsWith('.')) continue;
    const job = resolveJob(raw, name);
    for (const key of DEFAULT_KEYS) {
      if (job[key] === undefined && defaults[key] !== undefined) job[key] = defaults[key];
    }
    jobs.push({ ...job, name });
  }
  return {
    raw,
    stages: Array.isArray(raw.stages) ? raw.stages.map(String) : [],
    globalVariables: isMap(raw.variables) ? raw.variables : {},
    jobs,
  };
}

function parsePipelineText(text: string): Json {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  const messages = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (messages.length > 0)
    throw new Error(`${PIPELINE_FILE} does not parse cleanly:\n${messages.join('\n')}`);
  const raw = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!isMap(raw)) throw new Error(`${PIPELINE_FILE} is not a map`);
  return raw;
}

function stageOf(job: Job): string {
  return typeof job.stage === 'string' ? job.stage : 'test'; // GitLab's default stage
}

/** The shell lines of a job: before_script, script and after_script, nested lists flattened. */
function scriptLines(job: Json): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(...value.split('\n'));
    else if (Array.isArray(value)) value.forEach(walk);
  };
  for (const key of ['before_script', 'script', 'after_script']) walk(job[key]);
  return out.map((line) => line.trim()).filter((line) => line !== '');
}

/** `${VAR}` -> `$VAR`, so that both spellings compare equal. */
function normalizeVars(text: string): string {
  return text.replace(/\$\{(\w+)\}/g, '$$$1');
}

function environmentOf(job: Json): { name?: string; tier?: string } {
  const env = job.environment;
  if (typeof env === 'string') return { name: env };
  if (isMap(env))
    return { name: env.name as string | undefined, tier: env.deployment_tier as string | undefined };
  return {};
}

function jobsForEnvironment(p: Pipeline, env: string): Job[] {
  return p.jobs.filter((job) => {
    const { name, tier } = environmentOf(job);
    return name === env || tier === env;
  });
}

function rulesOf(job: Json): Json[] {
  return Array.isArray(job.rules) ? job.rules.filter(isMap) : [];
}

/** Rules that can add the job to a pipeline (those that are not `when: never`). */
function enablingRules(job: Json): Json[] {
  return rulesOf(job).filter((rule) => rule.when !== 'never');
}

/** True if an `if:` expression can only be true in a tag pipeline. */
function requiresTag(expression: unknown): boolean {
  if (typeof expression !== 'string') return false;
  const expr = normalizeVars(expression.trim());
  if (expr.includes('||') || /[()]/.test(expr)) return false;
  return expr
    .split('&&')
    .map((clause) => clause.trim())
    .some((clause) => /^\$CI_COMMIT_TAG(\s*=~\s*\/.+\/[a-z]*|\s*!=\s*(null|""|''))?$/.test(clause));
}

function isDefaultBranchCondition(expression: unknown): boolean {
  if (typeof expression !== 'string') return false;
  const expr = normalizeVars(expression).replace(/\s+/g, ' ').trim();
  return (
    expr === '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' || expr === '$CI_DEFAULT_BRANCH == $CI_COMMIT_BRANCH'
  );
}

function variablesOf(p: Pipeline, job: Json): Json {
  return { ...p.globalVariables, ...(isMap(job.variables) ? job.variables : {}) };
}

// ---------------------------------------------------------------------------------------------
// The checks. Each returns a list of problems; an empty list means the pipeline passes.

function checkStages(p: Pipeline): string[] {
  return JSON.stringify(p.stages) === JSON.stringify(EXPECTED_STAGES)
    ? []
    : [`stages are ${JSON.stringify(p.stages)}, expected ${JSON.stringify(EXPECTED_STAGES)}`];
}

function checkJobs(p: Pipeline): string[] {
  const problems: string[] = [];
  if (p.raw.include !== undefined) problems.push('include: is used; these checks only see this file');
  if (p.jobs.length === 0) problems.push('no jobs');
  for (const job of p.jobs) {
    if (!p.stages.includes(stageOf(job)))
      problems.push(`${job.name}: stage '${stageOf(job)}' is not in stages`);
    if (scriptLines({ script: job.script }).length === 0) problems.push(`${job.name}: no script`);
  }
  for (const stage of p.stages) {
    if (!p.jobs.some((job) => stageOf(job) === stage)) problems.push(`stage '${stage}' has no job`);
  }
  return problems;
}

function checkRulesNotOnlyExcept(p: Pipeline): string[] {
  return p.jobs
    .filter((job) => job.only !== undefined || job.except !== undefined)
    .map((job) => `${job.name}: uses only/except; use rules`);
}

interface Repo {
  root: string;
  npmScripts: Set<string>;
}

function loadRepo(root: string): Repo {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Json };
  return { root, npmScripts: new Set(Object.keys(pkg.scripts ?? {})) };
}

/** scripts/... and .ci/... paths run on a line (not inside a longer path such as $DIR/scripts/...). */
function repoPathsIn(line: string): string[] {
  return [...line.matchAll(/(?<![\w$./-])(?:\.\/)?((?:scripts|\.ci)\/[\w./-]*[\w-])/g)].map((m) => m[1]);
}

/** npm scripts a line runs: `npm run X`, `npm run-script X`, and npm's own test/start shortcuts. */
function npmScriptsIn(line: string): string[] {
  const names: string[] = [];
  for (const m of line.matchAll(/\bnpm\s+(?:run|run-script)\s+(?:--?[\w-]+(?:=\S+)?\s+)*([\w:.-]+)/g))
    names.push(m[1]);
  for (const m of line.matchAll(/\bnpm\s+(test|t|start|stop|restart)\b/g))
    names.push(m[1] === 't' ? 'test' : m[1]);
  return names;
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function checkReferences(where: string, lines: string[], repo: Repo, seen: Set<string>): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    for (const rel of repoPathsIn(line)) {
      const file = path.join(repo.root, rel);
      const stat = statOrUndefined(file);
      if (!stat) {
        problems.push(`${where}: ${rel} does not exist`);
        continue;
      }
      if (!stat.isFile()) {
        problems.push(`${where}: ${rel} is not a file`);
        continue;
      }
      try {
        accessSync(file, constants.X_OK);
        if ((Number(stat.mode) & 0o111) === 0) throw new Error('no x bit'); // root passes X_OK regardless
      } catch {
        problems.push(`${where}: ${rel} is not executable`);
      }
      // What a referenced script runs in turn (its non-comment lines).
      if (!seen.has(rel)) {
        seen.add(rel);
        const body = readFileSync(file, 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '' && !l.startsWith('#'));
        problems.push(...checkReferences(rel, body, repo, seen));
      }
    }
    for (const name of npmScriptsIn(line)) {
      if (!repo.npmScripts.has(name)) problems.push(`${where}: npm script '${name}' is not in package.json`);
    }
  }
  return problems;
}

function checkScriptReferences(p: Pipeline, repo: Repo): string[] {
  const seen = new Set<string>();
  return p.jobs.flatMap((job) => checkReferences(job.name, scriptLines(job), repo, seen));
}

/** Scripts under scripts/ci/ are bash with errexit, nounset and pipefail. */
function checkStrictBash(rels: Iterable<string>, root: string): string[] {
  const problems: string[] = [];
  for (const rel of rels) {
    const body = readFileSync(path.join(root, rel), 'utf8');
    if (body.split('\n')[0] !== '#!/usr/bin/env bash') problems.push(`${rel}: not #!/usr/bin/env bash`);
    if (!/^set -euo pipefail$/m.test(body)) problems.push(`${rel}: no set -euo pipefail`);
  }
  return problems;
}

/** An image reference with its variables resolved; undefined if one cannot be resolved. */
function resolveImage(ref: string, variables: Json): string | undefined {
  let unresolved = false;
  const out = ref.replace(/\$\{?(\w+)\}?/g, (_whole, name: string) => {
    const value = variables[name];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

/** Why an image reference is not pinned to a version, or undefined if it is. */
function unpinned(ref: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(ref)) return undefined;
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'has no tag (means latest)';
  const tag = lastSegment.slice(colon + 1);
  if (tag === 'latest') return 'is tagged latest';
  if (!/\d/.test(tag)) return `has tag '${tag}', not a version`;
  return undefined;
}

function checkImages(p: Pipeline): string[] {
  const problems: string[] = [];
  for (const job of p.jobs) {
    const variables = variablesOf(p, job);
    const refs: Array<[string, unknown]> = [['image', job.image]];
    for (const service of Array.isArray(job.services) ? job.services : []) refs.push(['service', service]);
    for (const [kind, value] of refs) {
      const name = isMap(value) ? value.name : value;
      if (typeof name !== 'string' || name === '') {
        problems.push(`${job.name}: no ${kind} (the runner's default would be used)`);
        continue;
      }
      const ref = resolveImage(name, variables);
      if (ref === undefined) {
        problems.push(`${job.name}: ${kind} ${name} uses a variable this file does not set`);
        continue;
      }
      const why = unpinned(ref);
      if (why) problems.push(`${job.name}: ${kind} ${ref} ${why}`);
    }
  }
  return problems;
}

/** The image tags the build job pushes (as written: $CI_COMMIT_SHORT_SHA, $CI_COMMIT_TAG). */
function buildJobs(p: Pipeline): Job[] {
  return p.jobs.filter(
    (job) =>
      stageOf(job) === 'build' &&
      scriptLines(job).some((l) => normalizeVars(l).includes('$CI_REGISTRY_IMAGE')),
  );
}

function checkBuildTags(p: Pipeline): string[] {
  const jobs = buildJobs(p);
  if (jobs.length === 0) return ['no build job pushes to $CI_REGISTRY_IMAGE'];
  const problems: string[] = [];
  for (const job of jobs) {
    const lines = scriptLines(job);
    const normalized = lines.map(normalizeVars);
    if (!normalized.some((l) => l.includes('$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA'))) {
      problems.push(`${job.name}: does not tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA`);
    }
    const tagLines = lines.filter((l) => normalizeVars(l).includes('$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG'));
    if (tagLines.length === 0) {
      problems.push(`${job.name}: does not tag $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG`);
    } else {
      // Outside tag pipelines CI_COMMIT_TAG is empty: the reference must only be used when set.
      const onlyTags =
        enablingRules(job).length > 0 && enablingRules(job).every((rule) => requiresTag(rule.if));
      const guarded = tagLines.every((l) =>
        /\$\{CI_COMMIT_TAG:\+[^}]*\$\{?CI_REGISTRY_IMAGE\}?:\$\{?CI_COMMIT_TAG/.test(l),
      );
      if (!onlyTags && !guarded) {
        problems.push(
          `${job.name}: uses $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG without \${CI_COMMIT_TAG:+...} or tag-only rules`,
        );
      }
    }
  }
  return problems;
}

/** The chart's values.yaml has the keys the deploy jobs set. */
function chartImageKeys(root: string): string[] {
  const values = parse(readFileSync(path.join(root, 'charts/fedwatch/values.yaml'), 'utf8')) as Json;
  const problems: string[] = [];
  const image = isMap(values.image) ? values.image : undefined;
  if (!image) return ['charts/fedwatch/values.yaml has no image map'];
  for (const key of ['repository', 'tag', 'digest']) {
    if (!(key in image)) problems.push(`charts/fedwatch/values.yaml has no image.${key}`);
  }
  if (!Array.isArray(values.imagePullSecrets))
    problems.push('charts/fedwatch/values.yaml has no imagePullSecrets list');
  return problems;
}

/** Deploy jobs install the image the build pushed, from the repository's chart. */
function checkDeployImage(p: Pipeline, job: Job, expectedTag: string): string[] {
  const problems: string[] = [];
  const variables = variablesOf(p, job);
  if (normalizeVars(String(variables.DEPLOY_IMAGE_REPOSITORY ?? '')) !== '$CI_REGISTRY_IMAGE') {
    problems.push(`${job.name}: DEPLOY_IMAGE_REPOSITORY is not $CI_REGISTRY_IMAGE`);
  }
  if (normalizeVars(String(variables.DEPLOY_IMAGE_TAG ?? '')) !== expectedTag) {
    problems.push(
      `${job.name}: DEPLOY_IMAGE_TAG is ${String(variables.DEPLOY_IMAGE_TAG)}, expected ${expectedTag}`,
    );
  }
  if (!scriptLines(job).some((l) => /(^|\s|\/)scripts\/ci\/deploy\.sh\b/.test(l))) {
    problems.push(`${job.name}: does not run scripts/ci/deploy.sh`);
  }
  const { name } = environmentOf(job);
  if (!name) problems.push(`${job.name}: no environment`);
  if (typeof job.resource_group !== 'string')
    problems.push(`${job.name}: no resource_group (deploys could overlap)`);
  return problems;
}

function checkProductionDeploy(p: Pipeline): string[] {
  const jobs = jobsForEnvironment(p, 'production');
  if (jobs.length === 0) return ['no job deploys to environment production'];
  const problems: string[] = [];
  for (const job of jobs) {
    if (stageOf(job) !== 'deploy') problems.push(`${job.name}: not in stage deploy`);
    if (job.only !== undefined || job.except !== undefined) problems.push(`${job.name}: uses only/except`);
    const rules = enablingRules(job);
    if (rules.length === 0) problems.push(`${job.name}: no rules, so it would run in every pipeline`);
    for (const rule of rules) {
      if (!requiresTag(rule.if))
        problems.push(`${job.name}: rule '${String(rule.if)}' does not limit it to tags`);
      const when = rule.when ?? job.when;
      if (when !== 'manual') problems.push(`${job.name}: rule '${String(rule.if)}' is not when: manual`);
    }
    problems.push(...checkDeployImage(p, job, '$CI_COMMIT_TAG'));
  }
  return problems;
}

function checkStagingDeploy(p: Pipeline): string[] {
  const jobs = jobsForEnvironment(p, 'staging');
  if (jobs.length === 0) return ['no job deploys to environment staging'];
  const problems: string[] = [];
  for (const job of jobs) {
    if (stageOf(job) !== 'deploy') problems.push(`${job.name}: not in stage deploy`);
    const rules = enablingRules(job);
    if (rules.length === 0) problems.push(`${job.name}: no rules, so it would run in every pipeline`);
    for (const rule of rules) {
      if (!isDefaultBranchCondition(rule.if)) {
        problems.push(
          `${job.name}: rule '${String(rule.if)}' is not $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`,
        );
      }
      const when = rule.when ?? job.when ?? 'on_success';
      if (when !== 'on_success')
        problems.push(`${job.name}: rule '${String(rule.if)}' is when: ${String(when)}`);
    }
    problems.push(...checkDeployImage(p, job, '$CI_COMMIT_SHORT_SHA'));
  }
  return problems;
}

/** chart-package leaves the archive where chart-upload looks for it, as an artifact. */
function checkChartHandOver(p: Pipeline): string[] {
  const problems: string[] = [];
  const pack = p.jobs.find((job) => scriptLines(job).some((l) => npmScriptsIn(l).includes('chart:package')));
  const upload = p.jobs.find((job) => scriptLines(job).some((l) => /scripts\/ci\/chart-upload\.sh/.test(l)));
  if (!pack) return ['no job runs npm run chart:package'];
  if (!upload) return ['no job runs scripts/ci/chart-upload.sh'];
  const dir = String(variablesOf(p, pack).CHART_DIST_DIR ?? '').replace(/\/+$/, '');
  if (dir === '') problems.push(`${pack.name}: CHART_DIST_DIR is not set`);
  if (String(variablesOf(p, upload).CHART_DIST_DIR ?? '').replace(/\/+$/, '') !== dir) {
    problems.push(`${upload.name}: CHART_DIST_DIR differs from ${pack.name}'s`);
  }
  if (!scriptLines(pack).some((l) => /npm run chart:package -- "?\$\{?CHART_DIST_DIR\}?"?/.test(l))) {
    problems.push(`${pack.name}: does not pass $CHART_DIST_DIR to chart:package`);
  }
  const artifacts = isMap(pack.artifacts) && Array.isArray(pack.artifacts.paths) ? pack.artifacts.paths : [];
  if (!artifacts.map((a) => String(a).replace(/\/+$/, '')).includes(dir)) {
    problems.push(`${pack.name}: artifacts do not include ${dir}`);
  }
  const needs = Array.isArray(upload.needs) ? upload.needs.map((n) => (isMap(n) ? n.job : n)) : [];
  if (!needs.includes(pack.name)) problems.push(`${upload.name}: does not need ${pack.name}`);
  if (!enablingRules(upload).every((rule) => requiresTag(rule.if)) || enablingRules(upload).length === 0) {
    problems.push(`${upload.name}: does not run in tag pipelines only`);
  }
  return problems;
}

const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL/i;
const PURE_REFERENCE = /^\$\{?\w+\}?$/;

/** Literal credentials on a shell line (a $VARIABLE in their place is fine). */
function literalSecretsIn(line: string): string[] {
  const found: string[] = [];
  const notVar = `(?!["']?\\$)`;
  if (new RegExp(`\\b[a-z][a-z0-9+.-]*://[^\\s/:@$]+:${notVar}[^\\s@/]+@`, 'i').test(line)) {
    found.push('a URL with a password');
  }
  if (new RegExp(`(^|\\s)--(password|pass|token|secret|client-secret)(=|\\s+)${notVar}[^\\s-]`).test(line)) {
    found.push('a --password/--token option with a literal value');
  }
  if (new RegExp(`\\blogin\\b.*\\s-p(=|\\s+)${notVar}\\S`).test(line))
    found.push('login -p with a literal value');
  if (new RegExp(`\\b(curl|wget)\\b.*\\s(-u|--user)(=|\\s+)["']?[^\\s:"'$]+:${notVar}[^\\s"']+`).test(line)) {
    found.push('curl -u user:password with a literal password');
  }
  if (new RegExp(`Authorization:\\s*(Basic|Bearer)\\s+${notVar}[A-Za-z0-9+/=._-]{8,}`, 'i').test(line)) {
    found.push('an Authorization header with a literal credential');
  }
  if (/\bdocker\s+login\b/.test(line) && !/--password-stdin/.test(line)) {
    found.push('docker login without --password-stdin');
  }
  return found;
}

function checkSecrets(p: Pipeline, repo: Repo): string[] {
  const problems: string[] = [];
  const checkVariables = (where: string, variables: unknown): void => {
    if (!isMap(variables)) return;
    for (const [name, raw] of Object.entries(variables)) {
      const value = isMap(raw) ? raw.value : raw;
      if (SECRET_NAME.test(name) && !(typeof value === 'string' && PURE_REFERENCE.test(value.trim()))) {
        problems.push(
          `${where}: variable ${name} has a literal value; set it in Settings > CI/CD > Variables`,
        );
      }
      if (typeof value === 'string') {
        for (const what of literalSecretsIn(value)) problems.push(`${where}: variable ${name} holds ${what}`);
      }
    }
  };
  checkVariables('variables', p.raw.variables);
  for (const job of p.jobs) {
    checkVariables(job.name, job.variables);
    for (const service of Array.isArray(job.services) ? job.services : []) {
      if (isMap(service)) checkVariables(`${job.name} service ${String(service.name)}`, service.variables);
    }
    for (const rule of rulesOf(job)) checkVariables(`${job.name} rule`, rule.variables);
    for (const line of scriptLines(job)) {
      for (const what of literalSecretsIn(line)) problems.push(`${job.name}: ${what}: ${line}`);
    }
  }
  // The scripts the jobs run, for the same.
  const scripts = new Set(p.jobs.flatMap((job) => scriptLines(job).flatMap(repoPathsIn)));
  for (const rel of scripts) {
    let body: string;
    try {
      body = readFileSync(path.join(repo.root, rel), 'utf8');
    } catch {
      continue; // reported by checkScriptReferences
    }
    for (const line of body.split('\n').map((l) => l.trim())) {
      if (line.startsWith('#')) continue;
      for (const what of literalSecretsIn(line)) problems.push(`${rel}: ${what}: ${line}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

const repo = loadRepo(repoRoot);
const text = readFileSync(path.join(repoRoot, PIPELINE_FILE), 'utf8');
const pristine = parsePipelineText(text);
const real = buildPipeline(pristine);

/** A copy of the real pipeline, changed by `edit` (on the raw YAML data), then resolved. */
function broken(edit: (raw: Json) => void): Pipeline {
  const raw = structuredClone(pristine);
  edit(raw);
  return buildPipeline(raw);
}

function job(raw: Json, name: string): Json {
  const found = raw[name];
  if (!isMap(found)) throw new Error(`no job ${name} in ${PIPELINE_FILE}`);
  return found;
}

const productionJob = jobsForEnvironment(real, 'production')[0]?.name ?? 'deploy-production';
const stagingJob = jobsForEnvironment(real, 'staging')[0]?.name ?? 'deploy-staging';
const buildJob = buildJobs(real)[0]?.name ?? 'build-image';

describe(`${PIPELINE_FILE}`, () => {
  it('parses as YAML without errors or warnings, duplicate keys included', () => {
    expect(Object.keys(pristine)).toContain('stages');
    expect(() => parsePipelineText('a: 1\na: 2\n')).toThrow(/does not parse/);
    expect(() => parsePipelineText('a: [1\n')).toThrow(/does not parse/);
  });

  it('has exactly the stages test, build, chart, deploy, in that order', () => {
    expect(checkStages(real)).toEqual([]);
    expect(checkStages(broken((raw) => (raw.stages = ['build', 'test', 'chart', 'deploy'])))).toHaveLength(1);
    expect(checkStages(broken((raw) => (raw.stages = ['test', 'build', 'chart'])))).toHaveLength(1);
    expect(checkStages(broken((raw) => (raw.stages = [...EXPECTED_STAGES, 'cleanup'])))).toHaveLength(1);
  });

  it('puts every job in one of those stages, with a script, and every stage has a job', () => {
    expect(checkJobs(real)).toEqual([]);
    expect(checkJobs(broken((raw) => (job(raw, 'chart-lint').stage = 'lint')))).toEqual([
      "chart-lint: stage 'lint' is not in stages",
    ]);
    // A job without `stage` is in GitLab's default stage `test`: fine only if `test` is a stage.
    expect(checkJobs(broken((raw) => delete job(raw, 'chart-lint').stage))).toEqual([]);
    expect(
      checkJobs(
        broken((raw) => {
          delete job(raw, 'chart-lint').stage;
          raw.stages = ['build', 'chart', 'deploy'];
          job(raw, 'test').stage = 'build';
        }),
      ),
    ).toContain("chart-lint: stage 'test' is not in stages");
    expect(checkJobs(broken((raw) => delete job(raw, 'chart-lint').script))).toEqual([
      'chart-lint: no script',
    ]);
    expect(checkJobs(broken((raw) => (job(raw, 'test').stage = 'build')))).toEqual([
      "stage 'test' has no job",
    ]);
    expect(checkJobs(broken((raw) => (raw.include = 'other.yml')))).toHaveLength(1);
  });

  it('uses rules, never only/except', () => {
    expect(checkRulesNotOnlyExcept(real)).toEqual([]);
    expect(checkRulesNotOnlyExcept(broken((raw) => (job(raw, 'test').only = ['main'])))).toEqual([
      'test: uses only/except; use rules',
    ]);
    expect(checkRulesNotOnlyExcept(broken((raw) => (job(raw, 'chart-lint').except = ['tags'])))).toHaveLength(
      1,
    );
  });

  it('runs only scripts that exist and are executable, and npm scripts that package.json has', () => {
    expect(checkScriptReferences(real, repo)).toEqual([]);
    // The real pipeline does run repository scripts and npm scripts, so the check has work to do.
    const lines = real.jobs.flatMap(scriptLines);
    expect(lines.flatMap(repoPathsIn)).toEqual(
      expect.arrayContaining(['scripts/ci/test.sh', 'scripts/ci/deploy.sh']),
    );
    expect(lines.flatMap(npmScriptsIn)).toContain('chart:package');

    expect(
      checkScriptReferences(
        broken((raw) => (job(raw, 'test').script as string[]).push('scripts/ci/no-such-script.sh')),
        repo,
      ),
    ).toEqual(['test: scripts/ci/no-such-script.sh does not exist']);
    expect(
      checkScriptReferences(
        broken((raw) => (job(raw, 'chart-package').script = ['npm run chart:pakage -- "$CHART_DIST_DIR"'])),
        repo,
      ),
    ).toEqual(["chart-package: npm script 'chart:pakage' is not in package.json"]);
    expect(
      checkScriptReferences(
        broken((raw) => (job(raw, 'test').before_script = ['npm test'])),
        repo,
      ),
    ).toEqual([]);
  });

  describe('script references in a repository made for the purpose', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'gitlab-ci-spec-'));
      await mkdir(path.join(root, 'scripts/ci'), { recursive: true });
      await writeFile(path.join(root, 'package.json'), JSON.stringify({ scripts: { build: 'tsc' } }));
      await writeFile(
        path.join(root, 'scripts/ci/ok.sh'),
        '#!/usr/bin/env bash\n# scripts/ci/gone.sh in a comment\n',
      );
      await chmod(path.join(root, 'scripts/ci/ok.sh'), 0o755);
      await writeFile(path.join(root, 'scripts/ci/plain.sh'), '#!/usr/bin/env bash\n');
      await chmod(path.join(root, 'scripts/ci/plain.sh'), 0o644);
      await writeFile(
        path.join(root, 'scripts/ci/calls.sh'),
        '#!/usr/bin/env bash\nscripts/ci/gone.sh\nnpm run nope\n',
      );
      await chmod(path.join(root, 'scripts/ci/calls.sh'), 0o755);
      await mkdir(path.join(root, 'charts/fedwatch'), { recursive: true });
      await writeFile(
        path.join(root, 'charts/fedwatch/values.yaml'),
        'image:\n  repository: r\n  tag: ""\nimagePullSecrets: {}\n',
      );
    });
    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('finds scripts that are not strict bash', () => {
      expect(checkStrictBash(['scripts/ci/ok.sh', 'scripts/ci/plain.sh'], root)).toEqual([
        'scripts/ci/ok.sh: no set -euo pipefail',
        'scripts/ci/plain.sh: no set -euo pipefail',
      ]);
    });

    it('finds chart values without the keys the deploy sets', () => {
      expect(chartImageKeys(root)).toEqual([
        'charts/fedwatch/values.yaml has no image.digest',
        'charts/fedwatch/values.yaml has no imagePullSecrets list',
      ]);
    });

    it('finds a missing file, a file without the executable bit, a directory and what a script runs', () => {
      const p = buildPipeline({
        stages: ['test'],
        a: { image: 'x:1', script: ['scripts/ci/ok.sh --flag', './scripts/ci/ok.sh', 'npm run build'] },
        b: { image: 'x:1', script: ['scripts/ci/plain.sh'] },
        c: {
          image: 'x:1',
          before_script: ['bash scripts/ci/absent.sh'],
          script: ['npm run --silent missing'],
        },
        d: { image: 'x:1', script: [['scripts/ci'], 'scripts/ci/calls.sh'] },
        e: { image: 'x:1', script: ['echo "$CI_PROJECT_DIR/scripts/ci/elsewhere.sh"'] },
      });
      expect(checkScriptReferences(p, loadRepo(root))).toEqual([
        'b: scripts/ci/plain.sh is not executable',
        'c: scripts/ci/absent.sh does not exist',
        "c: npm script 'missing' is not in package.json",
        'd: scripts/ci is not a file',
        'scripts/ci/calls.sh: scripts/ci/gone.sh does not exist',
        "scripts/ci/calls.sh: npm script 'nope' is not in package.json",
      ]);
    });
  });

  it('runs scripts/ci/*.sh that are bash with set -euo pipefail', () => {
    const scripts = new Set(
      real.jobs
        .flatMap((j) => scriptLines(j).flatMap(repoPathsIn))
        .filter((rel) => rel.startsWith('scripts/ci/')),
    );
    expect(scripts.size).toBeGreaterThanOrEqual(5);
    expect(checkStrictBash(scripts, repoRoot)).toEqual([]);
  });

  it('runs every job and service in an image pinned to a version', () => {
    expect(checkImages(real)).toEqual([]);
    expect(real.jobs.every((j) => j.image !== undefined)).toBe(true);
    expect(checkImages(broken((raw) => (job(raw, 'build-image').image = 'docker:latest')))).toEqual([
      'build-image: image docker:latest is tagged latest',
    ]);
    expect(checkImages(broken((raw) => (job(raw, '.node').image = 'node')))).toEqual(
      real.jobs
        .filter((j) => j.image === 'node:20-bookworm')
        .map((j) => `${j.name}: image node has no tag (means latest)`),
    );
    expect(checkImages(broken((raw) => (job(raw, 'test').services = ['postgres', 'rabbitmq:3'])))).toEqual([
      'test: service postgres has no tag (means latest)',
    ]);
    expect(
      checkImages(
        broken((raw) => (job(raw, 'build-image').services = [{ name: 'docker:dind', alias: 'docker' }])),
      ),
    ).toEqual(["build-image: service docker:dind has tag 'dind', not a version"]);
    expect(
      checkImages(
        broken((raw) => (job(raw, 'build-image').image = 'registry.example.org:5000/tools/docker')),
      ),
    ).toEqual(['build-image: image registry.example.org:5000/tools/docker has no tag (means latest)']);
    expect(checkImages(broken((raw) => (job(raw, 'build-image').image = '$BUILDER_IMAGE')))).toEqual([
      'build-image: image $BUILDER_IMAGE uses a variable this file does not set',
    ]);
    expect(
      checkImages(
        broken((raw) => {
          job(raw, 'build-image').image = '${BUILDER}';
          (raw.variables as Json).BUILDER = 'docker:28.5.2-cli';
        }),
      ),
    ).toEqual([]);
    expect(checkImages(broken((raw) => delete job(raw, 'build-image').image))).toEqual([
      "build-image: no image (the runner's default would be used)",
    ]);
    expect(
      checkImages(broken((raw) => (job(raw, 'build-image').image = `docker@sha256:${'a'.repeat(64)}`))),
    ).toEqual([]);
  });

  it('builds the image tagged with the commit and, in tag pipelines, the tag', () => {
    expect(checkBuildTags(real)).toEqual([]);
    const script = (raw: Json) => job(raw, buildJob).script as string[];
    expect(
      checkBuildTags(
        broken((raw) => (script(raw)[0] = 'scripts/ci/build-image.sh "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"')),
      ),
    ).toEqual([
      `${buildJob}: does not tag $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA`,
      `${buildJob}: does not tag $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG`,
    ]);
    expect(
      checkBuildTags(
        broken(
          (raw) =>
            (script(raw)[0] =
              'scripts/ci/build-image.sh "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"'),
        ),
      ),
    ).toEqual([
      `${buildJob}: uses $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG without \${CI_COMMIT_TAG:+...} or tag-only rules`,
    ]);
    // Unguarded is fine in a job that only runs for tags.
    expect(
      checkBuildTags(
        broken((raw) => {
          script(raw)[0] =
            'scripts/ci/build-image.sh "${CI_REGISTRY_IMAGE}:${CI_COMMIT_SHORT_SHA}" "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"';
          job(raw, buildJob).rules = [{ if: '$CI_COMMIT_TAG' }];
        }),
      ),
    ).toEqual([]);
    expect(checkBuildTags(broken((raw) => (job(raw, buildJob).stage = 'test')))).toEqual([
      'no build job pushes to $CI_REGISTRY_IMAGE',
    ]);
  });

  it('deploys production by hand, from tags only, with the tag the build pushed', () => {
    expect(checkProductionDeploy(real)).toEqual([]);
    const rules = (raw: Json) => job(raw, productionJob).rules as Json[];
    expect(checkProductionDeploy(broken((raw) => delete rules(raw)[0].when))).toEqual([
      `${productionJob}: rule '$CI_COMMIT_TAG' is not when: manual`,
    ]);
    expect(checkProductionDeploy(broken((raw) => (rules(raw)[0].if = '$CI_COMMIT_BRANCH')))).toEqual([
      `${productionJob}: rule '$CI_COMMIT_BRANCH' does not limit it to tags`,
    ]);
    expect(
      checkProductionDeploy(broken((raw) => (rules(raw)[0].if = '$CI_COMMIT_TAG || $CI_COMMIT_BRANCH'))),
    ).toEqual([`${productionJob}: rule '$CI_COMMIT_TAG || $CI_COMMIT_BRANCH' does not limit it to tags`]);
    expect(
      checkProductionDeploy(broken((raw) => (rules(raw)[0].if = '$CI_COMMIT_TAG == null'))),
    ).toHaveLength(1);
    expect(
      checkProductionDeploy(
        broken((raw) => rules(raw).push({ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual' })),
      ),
    ).toEqual([`${productionJob}: rule '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' does not limit it to tags`]);
    // A `when: never` rule adds nothing; a tag regex still limits to tags.
    expect(
      checkProductionDeploy(
        broken((raw) => {
          rules(raw).unshift({ if: '$CI_COMMIT_BRANCH', when: 'never' });
          rules(raw)[1].if = '$CI_COMMIT_TAG =~ /^v?\\d+\\.\\d+\\.\\d+$/';
        }),
      ),
    ).toEqual([]);
    expect(
      checkProductionDeploy(
        broken((raw) => {
          delete job(raw, productionJob).rules;
          job(raw, productionJob).only = ['tags'];
          job(raw, productionJob).when = 'manual';
        }),
      ),
    ).toEqual([
      `${productionJob}: uses only/except`,
      `${productionJob}: no rules, so it would run in every pipeline`,
    ]);
    expect(
      checkProductionDeploy(
        broken(
          (raw) => ((job(raw, productionJob).variables as Json).DEPLOY_IMAGE_TAG = '$CI_COMMIT_SHORT_SHA'),
        ),
      ),
    ).toEqual([`${productionJob}: DEPLOY_IMAGE_TAG is $CI_COMMIT_SHORT_SHA, expected $CI_COMMIT_TAG`]);
    expect(
      checkProductionDeploy(broken((raw) => delete job(raw, productionJob).resource_group)),
    ).toHaveLength(1);
    expect(
      checkProductionDeploy(
        broken((raw) => (job(raw, productionJob).environment = { name: 'prod', deployment_tier: 'staging' })),
      ),
    ).toEqual(['no job deploys to environment production']);
  });

  it('deploys staging automatically from the default branch, with the commit the build pushed', () => {
    expect(checkStagingDeploy(real)).toEqual([]);
    const rules = (raw: Json) => job(raw, stagingJob).rules as Json[];
    expect(checkStagingDeploy(broken((raw) => (rules(raw)[0].when = 'manual')))).toEqual([
      `${stagingJob}: rule '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' is when: manual`,
    ]);
    expect(checkStagingDeploy(broken((raw) => (rules(raw)[0].if = '$CI_COMMIT_BRANCH')))).toEqual([
      `${stagingJob}: rule '$CI_COMMIT_BRANCH' is not $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`,
    ]);
    expect(
      checkStagingDeploy(
        broken((raw) => ((job(raw, stagingJob).variables as Json).DEPLOY_IMAGE_TAG = 'latest')),
      ),
    ).toEqual([`${stagingJob}: DEPLOY_IMAGE_TAG is latest, expected $CI_COMMIT_SHORT_SHA`]);
    expect(
      checkStagingDeploy(broken((raw) => (job(raw, '.deploy').script = ['helm upgrade --install x y']))),
    ).toEqual([`${stagingJob}: does not run scripts/ci/deploy.sh`]);
  });

  it("sets the chart's image keys that exist in charts/fedwatch/values.yaml", () => {
    expect(chartImageKeys(repoRoot)).toEqual([]);
    const deploy = readFileSync(path.join(repoRoot, 'scripts/ci/deploy.sh'), 'utf8');
    for (const key of ['image.repository=', 'image.tag=', 'image.digest=', 'imagePullSecrets[0].name=']) {
      expect({ key, set: deploy.includes(key) }).toEqual({ key, set: true });
    }
    // A commit id of digits only must stay a string: the tag and digest go in with --set-string.
    expect(deploy).toMatch(/--set-string "image\.tag=/);
    expect(deploy).toMatch(/--set-string "image\.digest=/);
  });

  it('hands the chart archive from chart-package to chart-upload, uploading from tags only', () => {
    expect(checkChartHandOver(real)).toEqual([]);
    expect(
      checkChartHandOver(
        broken((raw) => ((job(raw, 'chart-package').artifacts as Json).paths = ['dist-chart/'])),
      ),
    ).toEqual(['chart-package: artifacts do not include dist/charts']);
    expect(checkChartHandOver(broken((raw) => (job(raw, 'chart-upload').needs = ['chart-lint'])))).toEqual([
      'chart-upload: does not need chart-package',
    ]);
    expect(
      checkChartHandOver(broken((raw) => (job(raw, 'chart-upload').rules = [{ if: '$CI_COMMIT_BRANCH' }]))),
    ).toEqual(['chart-upload: does not run in tag pipelines only']);
    expect(
      checkChartHandOver(broken((raw) => (job(raw, 'chart-upload').variables = { CHART_DIST_DIR: 'out' }))),
    ).toEqual(["chart-upload: CHART_DIST_DIR differs from chart-package's"]);
    expect(
      checkChartHandOver(broken((raw) => (job(raw, 'chart-package').script = ['npm run chart:package']))),
    ).toEqual(['chart-package: does not pass $CHART_DIST_DIR to chart:package']);
  });

  it('takes secrets only from CI/CD variables', () => {
    expect(checkSecrets(real, repo)).toEqual([]);
    // The real pipeline does use secrets, through variables.
    const all = [
      ...real.jobs.flatMap(scriptLines),
      readFileSync(path.join(repoRoot, 'scripts/ci/build-image.sh'), 'utf8'),
    ];
    expect(all.join('\n')).toMatch(/\$CI_REGISTRY_PASSWORD/);
    expect(readFileSync(path.join(repoRoot, 'scripts/ci/chart-upload.sh'), 'utf8')).toMatch(
      /CHARTMUSEUM_PASSWORD/,
    );

    const vars = (raw: Json, name: string) => job(raw, name).variables as Json;
    expect(
      checkSecrets(
        broken((raw) => (vars(raw, 'test').CHARTMUSEUM_PASSWORD = 'hunter2')),
        repo,
      ),
    ).toEqual([
      'test: variable CHARTMUSEUM_PASSWORD has a literal value; set it in Settings > CI/CD > Variables',
    ]);
    expect(
      checkSecrets(
        broken((raw) => (vars(raw, 'test').CHARTMUSEUM_PASSWORD = '$CHARTMUSEUM_PASS')),
        repo,
      ),
    ).toEqual([]);
    expect(
      checkSecrets(
        broken(
          (raw) => ((raw.variables as Json).DATABASE_URL = 'postgres://fedwatch:s3cret@db:5432/fedwatch'),
        ),
        repo,
      ),
    ).toEqual(['variables: variable DATABASE_URL holds a URL with a password']);
    expect(
      checkSecrets(
        broken(
          (raw) =>
            ((job(raw, 'test').services as Json[])[0].variables = {
              POSTGRES_PASSWORD: 'postgres',
              POSTGRES_DB: 'test',
            }),
        ),
        repo,
      ),
    ).toHaveLength(1);
    const withLine = (line: string) =>
      checkSecrets(
        broken((raw) => (job(raw, 'chart-upload').script as string[]).push(line)),
        repo,
      );
    expect(withLine('curl -u admin:hunter2 --data-binary @x.tgz "$CHARTMUSEUM_URL/api/charts"')).toHaveLength(
      1,
    );
    expect(
      withLine('curl -u "$CHARTMUSEUM_USER:$CHARTMUSEUM_PASSWORD" "$CHARTMUSEUM_URL/api/charts"'),
    ).toEqual([]);
    expect(withLine('docker login -u gitlab-ci-token -p glpat-abcdef "$CI_REGISTRY"')).toHaveLength(2);
    expect(withLine('docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"')).toEqual(
      [
        'chart-upload: docker login without --password-stdin: docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"',
      ],
    );
    expect(withLine('helm repo add cm https://ci:pa55@charts.example.org')).toHaveLength(1);
    expect(withLine('helm repo add cm "$CHARTMUSEUM_URL" --password "$CHARTMUSEUM_PASSWORD"')).toEqual([]);
    expect(withLine('helm repo add cm "$CHARTMUSEUM_URL" --password=pa55')).toHaveLength(1);
    expect(withLine('curl -H "Authorization: Bearer abcdefgh12345678" "$CHARTMUSEUM_URL"')).toHaveLength(1);
    expect(withLine('mkdir -p dist/charts')).toEqual([]);
  });
});
