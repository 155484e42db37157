import { describe, expect, it } from '@jest/globals';
import { glueContentEqual } from './glue-content-equal.js';
import { buildGlueDocument } from './glue-document.builder.js';
import type { GlueDocument } from './glue-document.types.js';
import { glueInput } from './__golden__/glue-input.fixture.js';

const at = (iso: string) => buildGlueDocument({ ...glueInput(), now: new Date(iso) }).document;
const copy = (doc: GlueDocument): GlueDocument => structuredClone(doc);

describe('glueContentEqual', () => {
  const first = at('2026-11-26T13:48:06.090Z');

  it('ignores CreationTime: the same content built half an hour later is equal', () => {
    const later = at('2026-11-26T14:18:06.512Z');
    expect(later.Share[0].CreationTime).not.toBe(first.Share[0].CreationTime);
    expect(glueContentEqual(first, later)).toBe(true);
  });

  it('sees any other change: a VM count, the health, the validity, an association, an image', () => {
    const changes: ((d: GlueDocument) => void)[] = [
      (d) => (d.Share[1].RunningVM += 1),
      (d) => (d.CloudComputingEndpoint[0].HealthState = 'ok'),
      (d) => (d.AccessPolicy[0].Validity = 3600),
      (d) => d.CloudComputingInstanceType[0].Associations?.Share?.push('another share'),
      (d) => d.CloudComputingImage.pop(),
      (d) => delete d.CloudComputingVirtualAccelerator,
      (d) =>
        (d.CloudComputingImage[0].OtherInfo = {
          ...d.CloudComputingImage[0].OtherInfo,
          'eu.egi.cloud.tag': 'x',
        }),
    ];
    for (const change of changes) {
      const changed = copy(first);
      change(changed);
      expect(glueContentEqual(first, changed)).toBe(false);
    }
  });

  it('does not ignore a CreationTime-like key inside OtherInfo, only the attribute', () => {
    const a = copy(first);
    const b = copy(first);
    a.CloudComputingImage[0].OtherInfo = { CreationTime: '1' };
    b.CloudComputingImage[0].OtherInfo = { CreationTime: '2' };
    expect(glueContentEqual(a, b)).toBe(false);
  });

  it('counts the order of objects but not the order of attributes', () => {
    const reordered = copy(first);
    reordered.Share.reverse();
    expect(glueContentEqual(first, reordered)).toBe(false);
    const { ID, ...rest } = first.Share[0];
    const attributesMoved = copy(first);
    attributesMoved.Share[0] = { ...rest, ID };
    expect(glueContentEqual(first, attributesMoved)).toBe(true);
  });
});
