import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildGlueDocument, type GlueDocument } from './glue/index.js';
import { glueInput } from './glue/__golden__/glue-input.fixture.js';
import { publishDecision } from './publish-decision.js';

const T0 = new Date('2026-11-26T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const build = (now: Date, validitySeconds = 43_200): GlueDocument =>
  buildGlueDocument({ ...glueInput(), now, validitySeconds }).document;
const published = build(T0);
const decide = (built: GlueDocument, builtAt: Date) =>
  publishDecision({
    built,
    builtAt,
    published: { document: published, builtAt: T0 },
    defaultValiditySeconds: 43_200,
  });

describe('publishDecision', () => {
  it('publishes the first document', () => {
    expect(
      publishDecision({ built: published, builtAt: T0, published: null, defaultValiditySeconds: 43_200 }),
    ).toEqual({ publish: true, why: 'first' });
  });

  it('keeps a document that differs only in CreationTime until half the validity has passed', () => {
    expect(decide(build(at(1800)), at(1800))).toEqual({ publish: false });
    expect(decide(build(at(21_599)), at(21_599))).toEqual({ publish: false });
    expect(decide(build(at(21_600)), at(21_600))).toEqual({ publish: true, why: 'half-validity' });
  });

  it('publishes any change of content at once, Validity included', () => {
    const changed = build(at(60));
    changed.CloudComputingService[0].RunningVM += 1;
    expect(decide(changed, at(60))).toEqual({ publish: true, why: 'changed' });
    expect(decide(build(at(60), 3600), at(60))).toEqual({ publish: true, why: 'changed' });
  });

  it('never waits longer than half the published validity, whatever the gap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), (gap) => {
        const decision = decide(build(at(gap)), at(gap));
        expect(decision.publish).toBe(gap >= 21_600);
      }),
      { numRuns: 50 },
    );
  });
});
