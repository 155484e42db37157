import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type ScalarTag } from 'yaml';
import { goFormatShortest } from './go-format-float.js';
import { GoObject, type GoValue } from './go-json.js';
import { doubleQuoted, literalBlock, scalarStyle, singleQuoted } from './yaml-v2-scalar.js';

/**
 * The CLI's `--format yaml` (rancher-kubernetes §1.5) marshals with ghodss/yaml: `json.Marshal`, then
 * the JSON is read back by gopkg.in/yaml.v2 and written with yaml.v2. So the document has the JSON's
 * content (omitted fields, `null`s) but yaml.v2's layout: keys sorted in yaml.v2's order
 * ({@link yamlV2KeyLess}), sequences not indented under their key, YAML 1.1 quoting of strings
 * that would read back as other types, floats in Go's `%g` form.
 *
 * The `yaml` package builds the document; fedwatch replaces its scalar tags so that every scalar is
 * written the way yaml.v2 writes it. Known differences, none of which changes the data read back:
 * libyaml folds long scalars at column 80 and writes keys over 128 characters as `? key`; fedwatch
 * does neither.
 */
export function goYaml(value: GoValue): string {
  const doc = new Document(null, { customTags: () => [...collectionTags(), ...GO_SCALAR_TAGS] });
  doc.contents = toNode(value) as never;
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}

function toNode(value: GoValue): unknown {
  if (value instanceof GoObject) {
    const map = new YAMLMap();
    const entries = [...value.entries].sort(([a], [b]) =>
      yamlV2KeyLess(a, b) ? -1 : yamlV2KeyLess(b, a) ? 1 : 0,
    );
    for (const [k, v] of entries) map.items.push(new Pair(new Scalar(k), toNode(v)));
    return map;
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(toNode(item));
    return seq;
  }
  return new Scalar(value);
}

function collectionTags() {
  return new Document(null, { schema: 'failsafe' }).schema.tags.filter((t) => t.tag !== STR);
}

const STR = 'tag:yaml.org,2002:str';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const GO_SCALAR_TAGS: ScalarTag[] = [
  {
    tag: STR,
    default: true,
    identify: (v) => typeof v === 'string',
    resolve: (s) => s,
    stringify(item, ctx) {
      // Go's JSON step turned text that is not valid UTF-8 into U+FFFD before yaml.v2 saw it.
      const s = String(item.value).replace(LONE_SURROGATE, '\ufffd');
      switch (scalarStyle(s, ctx.implicitKey === true)) {
        case 'plain':
          return s;
        case 'single':
          return singleQuoted(s);
        case 'double':
          return doubleQuoted(s);
        case 'literal':
          return literalBlock(s, ctx.indent);
      }
    },
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    identify: (v) => typeof v === 'number',
    resolve: (s) => Number(s),
    stringify: (item) => yamlNumber(item.value as number),
  },
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    identify: (v) => typeof v === 'boolean',
    resolve: (s) => s === 'true',
    stringify: (item) => (item.value ? 'true' : 'false'),
  },
  {
    tag: 'tag:yaml.org,2002:null',
    default: true,
    identify: (v) => v === null || v === undefined,
    resolve: () => null,
    stringify: () => 'null',
  },
];

/**
 * A number as it arrives through JSON in yaml.v2: an integer that fits int64/uint64 is printed as
 * the JSON wrote it; anything else became a float64 and is printed with `%g` shortest (`1e+21`,
 * `1.5e+06`, `1e-05`). NaN and infinities cannot pass through Go's JSON (fedwatch writes null).
 */
function yamlNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  const text = String(n);
  if (Number.isInteger(n) && !text.includes('e')) {
    const big = BigInt(text);
    if (big >= -(2n ** 63n) && big < 2n ** 64n) return text;
  }
  return goFormatShortest(n);
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => /\p{Nd}/u.test(c);

/**
 * yaml.v2's `keyList.Less` for two string keys: letters by code point, a non-letter before a letter,
 * runs of digits compared by value ("a2" < "a10"), then by length ("01" < "001").
 */
export function yamlV2KeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    // Go accumulates in an int64 (wrapping) and takes rune − '0' also for non-ASCII digits.
    for (; ai < ar.length && isDigit(ar[ai]); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai].codePointAt(0)! - 48));
    for (; bi < br.length && isDigit(br[bi]); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi].codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}
