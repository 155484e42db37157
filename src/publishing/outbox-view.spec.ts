import { describe, expect, it } from '@jest/globals';
import { messageStateOf } from './outbox-view.js';

describe('messageStateOf', () => {
  it('is no-destination without deliveries', () => {
    expect(messageStateOf([])).toBe('no-destination');
  });

  it('is published only when every delivery is', () => {
    const published = { state: 'published', lastError: null } as const;
    expect(messageStateOf([published, published])).toBe('published');
    expect(messageStateOf([published, { state: 'pending', lastError: null }])).toBe('pending');
  });

  it('is failing when any pending delivery failed its last attempt', () => {
    expect(
      messageStateOf([
        { state: 'pending', lastError: null },
        { state: 'pending', lastError: 'NO_ROUTE' },
      ]),
    ).toBe('failing');
  });
});
