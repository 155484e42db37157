import { describe, expect, it } from '@jest/globals';
import { resolveOptions } from './index.js';
import { rancherPod, schedulerPod } from './requests.js';
import { seedCluster } from './seed.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const seeded = (seed: number, nodes: number, pods: number) =>
  seedCluster(resolveOptions({ seed, nodes, pods, now: NOW }));

describe('seeding', () => {
  it('is deterministic, with exactly the asked numbers of nodes and pods', () => {
    const a = seeded(3, 40, 1500);
    const b = seeded(3, 40, 1500);
    expect(a.nodes).toHaveLength(40);
    expect(a.pods).toHaveLength(1500);
    expect(JSON.stringify(a.pods.map((p) => [p.key, p.rv, p.phase, p.node]))).toBe(
      JSON.stringify(b.pods.map((p) => [p.key, p.rv, p.phase, p.node])),
    );
    expect(seeded(4, 40, 1500).pods.map((p) => p.key)).not.toEqual(a.pods.map((p) => p.key));
  });

  it('lays out 3 control-plane and 3 etcd nodes from 20 nodes, and disturbs a few workers', () => {
    const { nodes } = seeded(1, 100, 400);
    expect(nodes.filter((n) => n.roles.includes('control-plane'))).toHaveLength(3);
    expect(nodes.filter((n) => n.roles.includes('etcd'))).toHaveLength(3);
    expect(nodes.filter((n) => n.unschedulable)).toHaveLength(2);
    expect(nodes.filter((n) => n.ready !== 'True')).toHaveLength(1);
    expect(nodes.filter((n) => n.roles.length === 0).length).toBeGreaterThan(0);
  });

  it('has pods whose init container outweighs the containers, and sidecars the scheduler counts', () => {
    const { pods } = seeded(1, 30, 2000);
    const batch = pods.find((p) => p.workload.app.endsWith('-batch'))!.workload;
    expect(rancherPod(batch)).toEqual({ cpu: 2000, memory: 4 * 2 ** 30, gpu: 0 });
    const sidecar = pods.find((p) =>
      p.workload.initContainers.some((c) => c.restartPolicy === 'Always'),
    )!.workload;
    expect(schedulerPod(sidecar).cpu).toBeGreaterThan(rancherPod(sidecar).cpu);
  });
});

describe('selectors', () => {
  const { pods, nodes } = seeded(1, 12, 300);
  const names = nodes.map((n) => n.name);

  it('match labels with =, !=, in, notin, exists and !exists', () => {
    const count = (text: string) => pods.filter((p) => parseLabelSelector(text)!.matches(p)).length;
    const dsPods = pods.filter((p) => p.workload.ownerKind === 'DaemonSet').length;
    expect(count('pod-template-generation=1')).toBe(dsPods);
    expect(count('pod-template-generation')).toBe(dsPods);
    expect(count('!pod-template-generation')).toBe(pods.length - dsPods);
    expect(count('tier in (control-plane),component notin (etcd)')).toBe(
      count('tier=control-plane,component!=etcd'),
    );
    expect(() => parseLabelSelector('a b c')).toThrow(SelectorError);
  });

  it('match the supported field labels and refuse others', () => {
    const sel = parseFieldSelector('pods', `spec.nodeName=${names[4]!},status.phase!=Running`, names)!;
    expect(pods.filter((p) => sel.matches(p)).every((p) => p.node === 4 && p.phase !== 'Running')).toBe(true);
    expect(() => parseFieldSelector('nodes', 'status.phase=Ready', names)).toThrow(
      'field label not supported',
    );
  });
});
