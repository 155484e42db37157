import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { SourceFailure, SourceSnapshot } from '../cluster.model.js';
import { ClusterRegistry, type ClusterChange } from './cluster-registry.service.js';

const config = {
  rancher: { servers: [{ name: 'a', url: 'http://a', token: 't', caBundle: null, timeoutSeconds: 5 }] },
  kubernetes: { clusters: [] },
};
const snapshot = (state: string): SourceSnapshot => ({
  source: 'a',
  sourceKind: 'rancher',
  observedAt: new Date(),
  clusters: [{ id: 'c-1', name: 'one', state, nodeCount: 1 }],
  nodes: [],
  nodePools: [],
});
const failure = (reason: string, state: SourceFailure['state'] = 'unavailable'): SourceFailure => ({
  source: 'a',
  sourceKind: 'rancher',
  observedAt: new Date(),
  state,
  reason,
});

describe('ClusterRegistry', () => {
  let warnings: unknown[];
  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void warnings.push(m));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('logs a failing source once per change of state, not once per poll or per message', () => {
    const registry = new ClusterRegistry(config);
    registry.fail(failure('clusters: HTTP 401'));
    registry.fail(failure('nodes: HTTP 401'));
    registry.fail(failure('clusters: HTTP 401'));
    expect(warnings).toHaveLength(1);
    registry.fail(failure('timed out', 'unknown'));
    expect(warnings).toHaveLength(2);
    registry.update(snapshot('active'));
    registry.fail(failure('clusters: HTTP 401'));
    expect(warnings).toHaveLength(3);
  });

  it('settles at once when every source was heard from, and serves the last answer', async () => {
    const registry = new ClusterRegistry(config);
    const settled = registry.settled();
    registry.update(snapshot('active'));
    await settled;
    expect(registry.current().clusters.map((c) => [c.id, c.state])).toEqual([['a:c-1', 'active']]);
  });

  it('tells subscribers what changed, batched, and nothing when only the poll time moved', async () => {
    const registry = new ClusterRegistry(config);
    registry.update(snapshot('active'));
    const batches: ClusterChange[][] = [];
    registry.subscribe((changes) => batches.push(changes));
    registry.update(snapshot('active'));
    await new Promise((r) => setTimeout(r, 150));
    expect(batches).toEqual([]);
    registry.update(snapshot('updating'));
    registry.update(snapshot('unavailable'));
    await new Promise((r) => setTimeout(r, 150));
    expect(batches.map((b) => b.map((c) => [c.type, c.cluster.state]))).toEqual([
      [['MODIFIED', 'unavailable']],
    ]);
  });
});
