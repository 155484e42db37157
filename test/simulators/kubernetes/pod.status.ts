/** A pod's `status` as JSON, consistent with its phase, times and node. */
import { hash32, hexOf, iso, ipv4, nodeIp, podCidrBase } from './ids.js';
import type { PodRecord } from './model.js';
import { piecesOf, type ContainerPieces } from './pod.fragments.js';
import type { RenderContext } from './render.context.js';

const j = JSON.stringify;
const EVICTED =
  ',"reason":"Evicted","message":"The node was low on resource: memory. Threshold quantity: 100Mi, available: 91756Ki. "';

function cond(type: string, status: string, atMs: number, reason = ''): string {
  const r = reason ? `,"reason":"${reason}"` : '';
  return `{"type":"${type}","status":"${status}","lastProbeTime":null,"lastTransitionTime":"${iso(atMs)}"${r}}`;
}

export function podIp(p: PodRecord): string {
  if (p.workload.hostNetwork) return nodeIp(p.node);
  return ipv4(podCidrBase(p.node) + 2 + (hash32(p.serial, 17) % 252));
}

/** `"state":{…}` of one container. */
function state(p: PodRecord, c: ContainerPieces, init: boolean): string {
  const started = iso(p.startedMs ?? p.createdMs);
  if (init && !c.sidecar && p.phase !== 'Pending') {
    const end = iso((p.startedMs ?? p.createdMs) + 2000);
    return `{"terminated":{"exitCode":0,"reason":"Completed","startedAt":"${started}","finishedAt":"${end}"}}`;
  }
  switch (p.phase) {
    case 'Pending':
      return `{"waiting":{"reason":"${init ? 'PodInitializing' : 'ContainerCreating'}"}}`;
    case 'Succeeded':
    case 'Failed': {
      const failed = p.phase === 'Failed';
      const exit = failed ? (p.reason === 'Evicted' ? 137 : 1) : 0;
      const finished = iso(p.finishedMs ?? p.createdMs);
      return `{"terminated":{"exitCode":${exit},"reason":"${failed ? 'Error' : 'Completed'}","startedAt":"${started}","finishedAt":"${finished}"}}`;
    }
    default:
      return `{"running":{"startedAt":"${started}"}}`;
  }
}

function statuses(ctx: RenderContext, p: PodRecord, list: ContainerPieces[], init: boolean): string {
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    const s = state(p, c, init);
    const running = s.startsWith('{"running"');
    const created = !s.startsWith('{"waiting"');
    const id = created
      ? `"containerID":"containerd://${hexOf(ctx.podSalt + i + (init ? 97 : 0), p.serial, 64)}",`
      : '';
    out +=
      `${i ? ',' : ''}${c.head}"state":${s},"lastState":{},"ready":${running && p.phase === 'Running'},` +
      `"restartCount":${init ? 0 : p.restarts},${created ? c.image : c.waitingImage}${id}"started":${running}}`;
  }
  return out;
}

export function podStatusJson(ctx: RenderContext, p: PodRecord): string {
  const w = piecesOf(ctx, p.workload);
  const created = p.createdMs;
  // Just created: the scheduler has not looked at it yet.
  if (p.node < 0 && p.reason !== 'Unschedulable') return `{"phase":"Pending",${w.qos}}`;
  if (p.node < 0) {
    const n = ctx.nodeCount;
    const message = `0/${n} nodes are available: ${n} Insufficient cpu. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;
    return `{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","lastProbeTime":null,"lastTransitionTime":"${iso(created)}","reason":"Unschedulable","message":${j(message)}}],${w.qos}}`;
  }
  const start = p.startedMs ?? created + 1000;
  const pending = p.phase === 'Pending';
  const ready = p.phase === 'Running';
  const notReady = ready
    ? ''
    : p.phase === 'Succeeded' || p.phase === 'Failed'
      ? 'PodCompleted'
      : 'ContainersNotReady';
  const readyAt = p.finishedMs ?? start + 3000;
  const conditions = [
    cond('PodReadyToStartContainers', pending ? 'False' : 'True', start + 1000),
    cond('Initialized', pending && w.initContainers.length ? 'False' : 'True', start + 2000),
    cond('Ready', ready ? 'True' : 'False', readyAt, notReady),
    cond('ContainersReady', ready ? 'True' : 'False', readyAt, notReady),
    cond('PodScheduled', 'True', created),
  ].join(',');
  let why = '';
  if (p.phase === 'Failed' && p.reason === 'Evicted') why = EVICTED;
  else if (p.phase === 'Unknown')
    why = `,"reason":"NodeLost","message":${j(`Node ${ctx.nodeNames[p.node]!} which was running pod is unresponsive`)}`;
  const host = nodeIp(p.node);
  let ips = `"hostIP":"${host}","hostIPs":[{"ip":"${host}"}],`;
  if (!pending) {
    const ip = podIp(p);
    ips += `"podIP":"${ip}","podIPs":[{"ip":"${ip}"}],`;
  }
  const inits = w.initContainers.length
    ? `"initContainerStatuses":[${statuses(ctx, p, w.initContainers, true)}],`
    : '';
  return (
    `{"phase":"${p.phase}","conditions":[${conditions}]${why},${ips}"startTime":"${iso(start)}",` +
    `${inits}"containerStatuses":[${statuses(ctx, p, w.containers, false)}],${w.qos}}`
  );
}
