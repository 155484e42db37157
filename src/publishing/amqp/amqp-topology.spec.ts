import { describe, expect, it } from '@jest/globals';
import { MESSAGE_KINDS, type AmqpConfig } from '../../config/config.types.js';
import { planTopology, routingKeyOf } from './amqp-topology.js';

const config: AmqpConfig = {
  url: 'amqp://localhost',
  exchange: 'fedwatch.federation',
  routingKeys: { 'discovery.glue21': 'glue.v21' },
  kinds: ['accounting.cloud', 'discovery.glue21'],
  declareQueues: true,
  bindings: [{ queue: 'site-archive', routingKey: 'accounting.#' }],
  heartbeatSeconds: 30,
};

describe('planTopology', () => {
  it('declares fedwatch.<kind> per configured kind with its routing key, then the extra bindings', () => {
    expect(planTopology(config)).toEqual({
      exchange: 'fedwatch.federation',
      queues: [
        { queue: 'fedwatch.accounting.cloud', routingKey: 'accounting.cloud' },
        { queue: 'fedwatch.discovery.glue21', routingKey: 'glue.v21' },
        { queue: 'site-archive', routingKey: 'accounting.#' },
      ],
    });
  });

  it('declares only the bindings when declareQueues is off', () => {
    expect(planTopology({ ...config, declareQueues: false }).queues).toEqual([
      { queue: 'site-archive', routingKey: 'accounting.#' },
    ]);
  });

  it('uses another queue prefix when given one', () => {
    expect(planTopology({ ...config, bindings: [] }, 'it-1.').queues.map((q) => q.queue)).toEqual([
      'it-1.accounting.cloud',
      'it-1.discovery.glue21',
    ]);
  });
});

describe('routingKeyOf', () => {
  it('is the kind unless overridden', () => {
    for (const kind of MESSAGE_KINDS) {
      expect(routingKeyOf(config, kind)).toBe(kind === 'discovery.glue21' ? 'glue.v21' : kind);
    }
  });
});
