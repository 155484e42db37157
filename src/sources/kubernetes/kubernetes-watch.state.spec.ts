import { describe, expect, it } from '@jest/globals';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { ProblemTracker } from './kubernetes-stores.js';
import { ClientState } from './kubernetes-watch.state.js';

function setup() {
  let now = 1_000;
  const warnings: Record<string, unknown>[] = [];
  const changes: string[] = [];
  const problems = new ProblemTracker(
    (found) => state.malformedFound(found),
    () => state.recheck(),
  );
  const state: ClientState = new ClientState(
    'prod',
    () => now,
    { warn: (e) => warnings.push(e) },
    problems,
    () => changes.push(state.current().state),
  );
  return { state, problems, warnings, changes, tick: () => (now += 1000) };
}

const refused = new FedwatchError(ErrorCode.SOURCE_REJECTED, 'refused (HTTP 401)', { status: 401 });

describe('ClientState', () => {
  it('waits for all three resources, then is active', async () => {
    const { state, changes } = setup();
    expect(state.current()).toMatchObject({ state: 'waiting', reason: 'listing nodes, pods and namespaces' });
    state.resourceSynced('nodes');
    state.resourceSynced('pods');
    expect(state.current().state).toBe('waiting');
    state.resourceSynced('namespaces');
    await expect(state.synced).resolves.toBeUndefined();
    expect(state.current()).toMatchObject({ state: 'active', reason: null, errorCode: null });
    expect(changes).toEqual(['active']);
  });

  it('rejects `synced` with the first failure before the first full list, and recovers', async () => {
    const { state, warnings, tick } = setup();
    state.failed('pods', refused);
    await expect(state.synced).rejects.toBe(refused);
    const since = state.current().since;
    expect(state.current()).toMatchObject({
      state: 'unavailable',
      reason: refused.message,
      errorCode: 'SOURCE_REJECTED',
    });
    tick();
    state.failed('pods', refused); // the same failure again: no new warning, no new `since`
    expect(warnings).toHaveLength(1);
    expect(state.current().since).toBe(since);
    state.healthy('pods');
    expect(state.current().state).toBe('waiting');
  });

  it('shows unreadable fields as `error`, naming the first, until they are gone', () => {
    const { state, problems, warnings } = setup();
    for (const r of ['nodes', 'pods', 'namespaces']) state.resourceSynced(r);
    problems.set('node:w-1', [
      { object: 'node/w-1', field: 'status.allocatable.memory', problem: 'invalid quantity "1KiB"' },
    ]);
    problems.set('pod:u-1', [
      { object: 'pod/a/b', field: 'spec.containers[0].resources.requests.cpu', problem: 'x' },
      { object: 'pod/a/b', field: 'spec.containers[0].resources.limits.cpu', problem: 'x' },
    ]);
    expect(state.current()).toMatchObject({
      state: 'error',
      reason: 'unreadable field: node/w-1 status.allocatable.memory: invalid quantity "1KiB" (and 2 more)',
    });
    expect(warnings.map((w) => w.object)).toEqual(['node/w-1', 'pod/a/b', 'pod/a/b']);
    problems.set('node:w-1', []);
    problems.set('pod:u-1', []);
    expect(problems.count).toBe(0);
    expect(state.current().state).toBe('active');
  });

  it('prefers unavailable over error, and stopped over everything', () => {
    const { state, problems } = setup();
    for (const r of ['nodes', 'pods', 'namespaces']) state.resourceSynced(r);
    problems.set('node:x', [{ object: 'node/x', field: 'f', problem: 'p' }]);
    state.failed('nodes', refused);
    expect(state.current().state).toBe('unavailable');
    state.stopped();
    expect(state.current().state).toBe('stopped');
  });
});
