/**
 * Workloads from templates: owner names, uids and labels the way each controller makes them, and
 * requests defaulted from limits as the API server does. Pods of one workload share its arrays.
 */
import type { Rng } from '../openstack/prng.js';
import { APP_TEMPLATES } from './catalog.apps.js';
import type { AppTemplate, TemplateDef } from './catalog.template.js';
import { bytes, cpu } from './amount.js';
import { templateHash, uidOf } from './ids.js';
import type { ContainerSpec, Workload } from './model.js';
import { qosClass } from './requests.js';

/** The API server fills a missing request from the limit. */
function defaulted(c: ContainerSpec): ContainerSpec {
  const requests = { ...c.requests };
  for (const [k, v] of Object.entries(c.limits) as [keyof ContainerSpec['limits'], never][])
    requests[k] ??= v;
  return { ...c, requests };
}

export interface OwnerIds {
  salt: number;
  next(): number;
}

/** A workload of `def`; `ownerName` overrides the controller's naming (Jobs, static pods). */
export function makeWorkload(
  def: TemplateDef,
  rng: Rng,
  owners: OwnerIds,
  ownerName?: string,
  ownerUid?: string,
): Workload {
  const containers = def.containers.map(defaulted);
  const initContainers = (def.initContainers ?? []).map(defaulted);
  const hash = templateHash(rng);
  const uid = ownerUid ?? uidOf(owners.salt, owners.next());
  const name = ownerName ?? (def.ownerKind === 'ReplicaSet' ? `${def.app}-${hash}` : def.app);
  const labels: Record<string, string> = { 'app.kubernetes.io/name': def.app };
  switch (def.ownerKind) {
    case 'ReplicaSet':
      Object.assign(labels, { app: def.app, 'pod-template-hash': hash });
      break;
    case 'DaemonSet':
      Object.assign(labels, { 'controller-revision-hash': hash, 'pod-template-generation': '1' });
      break;
    case 'StatefulSet':
      labels['controller-revision-hash'] = `${def.app}-${hash}`;
      break;
    case 'Job':
      Object.assign(labels, {
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
      });
      break;
    case 'Node':
      delete labels['app.kubernetes.io/name'];
      Object.assign(labels, { component: def.app, tier: 'control-plane' });
  }
  if (!def.namespace.startsWith('kube-') && !def.namespace.startsWith('cattle-'))
    labels['app.kubernetes.io/part-of'] = def.namespace;
  const overhead = def.overhead ? { cpu: cpu(def.overhead.cpu), memory: bytes(def.overhead.memory) } : null;
  return {
    namespace: def.namespace,
    app: def.app,
    ownerKind: def.ownerKind,
    ownerName: name,
    ownerUid: uid,
    labels,
    containers,
    initContainers,
    restartPolicy: def.restartPolicy ?? 'Always',
    hostNetwork: def.hostNetwork ?? false,
    priorityClassName: def.priorityClassName ?? null,
    gpus: def.gpus ?? 0,
    os: def.os ?? 'linux',
    tolerateAll: def.tolerateAll ?? false,
    overhead,
    runtimeClassName: def.runtimeClassName ?? null,
    qosClass: qosClass([...containers, ...initContainers]),
    finishes: def.finishes ?? false,
    ordinal: 0,
  };
}

/** A Job of a CronJob family: its own name and uid, the family's containers. */
export function jobOf(family: Workload, rng: Rng, owners: OwnerIds, scheduledMinute: number): Workload {
  const name = `${family.app}-${scheduledMinute}`;
  const uid = uidOf(owners.salt, owners.next());
  return {
    ...family,
    ownerName: name,
    ownerUid: uid,
    labels: {
      ...family.labels,
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    },
    ordinal: 0,
  };
}

/** Template names usable on this cluster (GPU and Windows ones only with such nodes). */
export function usableTemplates(hasGpu: boolean, hasWindows: boolean): [string, AppTemplate][] {
  return Object.entries(APP_TEMPLATES).filter(
    ([, t]) => (t.needs !== 'gpu' || hasGpu) && (t.needs !== 'windows' || hasWindows),
  );
}

export function pickTemplate(rng: Rng, templates: [string, AppTemplate][]): AppTemplate {
  const total = templates.reduce((s, [, t]) => s + t.weight, 0);
  let r = rng.next() * total;
  for (const [, t] of templates) if ((r -= t.weight) < 0) return t;
  return templates[0]![1];
}
