import { describe, expect, it } from '@jest/globals';
import { buildGlueDocument } from './glue-document.builder.js';
import { CONFTEST_SAMPLE, readSharedJson, SHAPE_EXAMPLE } from './__golden__/shared-glue-files.js';
import { glueInput } from './__golden__/glue-input.fixture.js';

type Doc = Record<string, Record<string, unknown>[]>;
const built = () => buildGlueDocument(glueInput()).document as unknown as Doc;

/** fedwatch fills the manager's instance sizes, which the shape example (no flavors) lacks. */
const MANAGER_SIZES = ['InstanceMaxCPU', 'InstanceMinCPU', 'InstanceMaxRAM', 'InstanceMinRAM'];

function expectedKeys(example: Doc, className: string): string[] {
  const keys = Object.keys(example[className][0]);
  return className === 'CloudComputingManager' ? [...keys, ...MANAGER_SIZES] : keys;
}

function isSubsequence(keys: string[], order: string[]): boolean {
  let at = 0;
  return keys.every((key) => (at = order.indexOf(key, at)) !== -1);
}

describe('GLUE document shape (cloud-info-provider v1.2.0)', () => {
  it('has the class keys of the shape example, in its order', () => {
    const example = readSharedJson(SHAPE_EXAMPLE) as Doc;
    expect(Object.keys(built())).toEqual(Object.keys(example));
  });

  it('gives the fullest object of every class exactly the example key set, in its order', () => {
    const example = readSharedJson(SHAPE_EXAMPLE) as Doc;
    const document = built();
    for (const className of Object.keys(example)) {
      const fullest = document[className].reduce((a, b) =>
        Object.keys(b).length > Object.keys(a).length ? b : a,
      );
      expect({ className, keys: Object.keys(fullest) }).toEqual({
        className,
        keys: expectedKeys(example, className),
      });
    }
  });

  it('keeps that order in every object, also where optional attributes are omitted', () => {
    const example = readSharedJson(SHAPE_EXAMPLE) as Doc;
    for (const [className, objects] of Object.entries(built())) {
      for (const object of objects) {
        expect({
          className,
          ordered: isSubsequence(Object.keys(object), expectedKeys(example, className)),
        }).toEqual({
          className,
          ordered: true,
        });
      }
    }
  });

  it('writes the manager sizes where the real site sample has them', () => {
    const sample = readSharedJson(CONFTEST_SAMPLE) as Doc;
    expect(Object.keys(built().CloudComputingManager[0])).toEqual(
      Object.keys(sample.CloudComputingManager[0]),
    );
  });

  it('uses the association keys of the example in every class', () => {
    const example = readSharedJson(SHAPE_EXAMPLE) as Doc;
    const document = built();
    for (const className of Object.keys(example)) {
      const exampleKeys = Object.keys(example[className][0].Associations as object);
      const ours = document[className].map((o) => Object.keys(o.Associations as object));
      expect(ours.some((keys) => JSON.stringify(keys) === JSON.stringify(exampleKeys))).toBe(true);
    }
  });
});
