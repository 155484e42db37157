import { describe, expect, it } from '@jest/globals';
import { formatAge, statusNotes, statusRows } from './outbox.command.js';

type Status = Parameters<typeof statusRows>[0];
const empty: Status = { rows: [], kinds: [], destinations: [], unroutable: 0 };
const amqp = {
  name: 'amqp',
  enabled: true,
  status: 'connected',
  error: null,
  since: '2025-01-01T00:00:00.000Z',
  lastError: null,
  lastFailureReason: null,
  lastFailedAt: null,
};

describe('fedwatch outbox status helpers', () => {
  it('formats ages like the rancher CLI does: short, two units at most', () => {
    expect(formatAge(null)).toBe('-');
    expect(formatAge(4.7)).toBe('4s');
    expect(formatAge(192)).toBe('3m12s');
    expect(formatAge(7_500)).toBe('2h5m');
    expect(formatAge(3 * 86_400 + 4 * 3600 + 5)).toBe('3d4h');
  });

  it('adds a row for each kind stored with no destination', () => {
    const rows = statusRows({
      ...empty,
      kinds: [
        { kind: 'accounting.ip', pendingMessages: 0, oldestPendingAgeSeconds: null, withoutDestination: 3 },
      ],
    });
    expect(rows).toEqual([
      { kind: 'accounting.ip', destination: '-', note: '3 stored, no destination takes it' },
    ]);
  });

  it('notes no destination, a destination down, and unroutable messages', () => {
    expect(statusNotes(empty)).toEqual([expect.stringMatching(/^no destination is enabled/)]);
    expect(statusNotes({ ...empty, destinations: [amqp] })).toEqual([]);
    const notes = statusNotes({
      ...empty,
      unroutable: 2,
      destinations: [{ ...amqp, status: 'down', error: 'ECONNREFUSED' }],
    });
    expect(notes).toEqual([
      'destination amqp is down since 2025-01-01T00:00:00.000Z: ECONNREFUSED\n',
      expect.stringMatching(/^unroutable: the broker returned 2 message\(s\)/),
    ]);
  });
});
