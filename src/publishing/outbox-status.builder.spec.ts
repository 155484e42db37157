import { describe, expect, it } from '@jest/globals';
import { buildStatus, type StatusInputs } from './outbox-status.builder.js';

const since = new Date('2025-01-01T00:00:00Z');
const empty: StatusInputs = {
  counts: [],
  pending: [],
  lastErrors: [],
  kindsPending: [],
  withoutDestination: new Map(),
  enabled: [],
};

describe('buildStatus', () => {
  it('lists every kind, with zeros, for an empty outbox', () => {
    const status = buildStatus(empty);
    expect(status.rows).toEqual([]);
    expect(status.unroutable).toBe(0);
    expect(status.destinations).toEqual([]);
    expect(status.kinds.map((k) => k.kind)).toEqual([
      'accounting.cloud',
      'accounting.storage',
      'accounting.ip',
      'accounting.accelerator',
      'discovery.glue21',
    ]);
    expect(status.kinds[0]).toEqual({
      kind: 'accounting.cloud',
      pendingMessages: 0,
      oldestPendingAgeSeconds: null,
      withoutDestination: 0,
    });
  });

  it('joins counts, oldest age and last error per kind and destination', () => {
    const status = buildStatus({
      ...empty,
      counts: [
        {
          kind: 'accounting.cloud',
          destination: 'amqp',
          pending: 3,
          published: 7,
          failing: 2,
          unroutable: 2,
        },
        {
          kind: 'accounting.cloud',
          destination: 'dirq',
          pending: 0,
          published: 10,
          failing: 0,
          unroutable: 0,
        },
      ],
      pending: [{ kind: 'accounting.cloud', destination: 'amqp', oldestAgeSeconds: 42 }],
      lastErrors: [
        { kind: 'accounting.cloud', destination: 'amqp', error: 'NO_ROUTE', reason: 'unroutable', at: since },
      ],
      kindsPending: [{ kind: 'accounting.cloud', messages: 3, oldestAgeSeconds: 42 }],
      withoutDestination: new Map([['discovery.glue21', 4]]),
      enabled: [{ name: 'amqp', state: { status: 'connected', since } }],
    });
    expect(status.rows[0]).toMatchObject({
      destination: 'amqp',
      pending: 3,
      oldestPendingAgeSeconds: 42,
      lastError: 'NO_ROUTE',
      lastFailureReason: 'unroutable',
    });
    expect(status.rows[1]).toMatchObject({
      destination: 'dirq',
      oldestPendingAgeSeconds: null,
      lastError: null,
    });
    expect(status.unroutable).toBe(2);
    expect(status.kinds.find((k) => k.kind === 'discovery.glue21')?.withoutDestination).toBe(4);
    expect(status.kinds[0]).toMatchObject({ pendingMessages: 3, oldestPendingAgeSeconds: 42 });
    expect(status.destinations).toEqual([
      {
        name: 'amqp',
        enabled: true,
        status: 'connected',
        error: null,
        since,
        lastError: 'NO_ROUTE',
        lastFailureReason: 'unroutable',
        lastFailedAt: since,
      },
      {
        name: 'dirq',
        enabled: false,
        status: 'disabled',
        error: null,
        since: null,
        lastError: null,
        lastFailureReason: null,
        lastFailedAt: null,
      },
    ]);
  });

  it("takes a destination's most recent error across kinds", () => {
    const status = buildStatus({
      ...empty,
      lastErrors: [
        { kind: 'accounting.cloud', destination: 'amqp', error: 'old', reason: 'nacked', at: new Date(1000) },
        {
          kind: 'discovery.glue21',
          destination: 'amqp',
          error: 'new',
          reason: 'unroutable',
          at: new Date(2000),
        },
      ],
      enabled: [{ name: 'amqp', state: { status: 'down', error: 'ECONNREFUSED', since } }],
    });
    expect(status.destinations[0]).toMatchObject({ error: 'ECONNREFUSED', lastError: 'new' });
  });
});
