import { goParseFloat } from './go-parse-float.js';

/**
 * gopkg.in/yaml.v2 (v2.4) `resolve("", s)` reduced to the question its encoder asks: would this
 * string, written plain, read back as something else (bool, null, int, float, timestamp, merge
 * key)? YAML 1.1 rules: `yes`, `off`, `~`, `0x1F`, `1_000`, `.5`, `2024-05-01` are not strings.
 */
export function resolvesToString(s: string): boolean {
  const hint = s === '' ? 'N' : HINTS[s[0]];
  if (hint === undefined) return true;
  if (NOT_STRINGS.has(s)) return false;
  if (hint === '.') return goParseFloat(s) === null;
  if (hint !== 'D' && hint !== 'S') return true;
  if (isTimestamp(s)) return false;
  const plain = s.replaceAll('_', '');
  if (goParseInt(plain, true) || goParseInt(plain, false)) return false;
  if (YAML_FLOAT.test(plain) && goParseFloat(plain) !== null) return false;
  if (plain.startsWith('0b'))
    return !/^[01]+$/.test(plain.slice(2)) || !fits(BigInt(`0b${plain.slice(2)}`), false);
  if (plain.startsWith('-0b'))
    return !/^[01]+$/.test(plain.slice(3)) || !fits(-BigInt(`0b${plain.slice(3)}`), true);
  return true;
}

/** Base-60 floats (`1:20`) are no longer parsed by yaml.v2 but still quoted for YAML 1.1 readers. */
export function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

const HINTS: Readonly<Record<string, string>> = {
  '+': 'S',
  '-': 'S',
  '.': '.',
  ...Object.fromEntries([...'0123456789'].map((c) => [c, 'D'])),
  ...Object.fromEntries([...'yYnNtTfFoO~'].map((c) => [c, 'M'])),
};

const NOT_STRINGS: ReadonlySet<string> = new Set(
  [
    'y Y yes Yes YES true True TRUE on On ON',
    'n N no No NO false False FALSE off Off OFF',
    '~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF <<',
  ]
    .join(' ')
    .split(' ')
    .concat(''),
);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)` succeed? (base prefixes, old octal). */
function goParseInt(s: string, signed: boolean): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m || (!signed && m[1] !== '')) return false;
  const body = m[2];
  const prefixed = /^0[xXbBoO]/.test(body) ? `0${body[1].toLowerCase()}${body.slice(2)}` : body;
  const magnitude = /^0[0-7]+$/.test(prefixed) ? BigInt(`0o${prefixed.slice(1)}`) : BigInt(prefixed);
  return fits(m[1] === '-' ? -magnitude : magnitude, signed);
}

function fits(n: bigint, signed: boolean): boolean {
  return signed ? n >= -(2n ** 63n) && n < 2n ** 63n : n >= 0n && n < 2n ** 64n;
}

const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d\d):(\d\d)))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/;

/**
 * yaml.v2's `parseTimestamp`: Go's `time.Parse` with the layouts `2006-1-2T15:4:5.999999999Z07:00`,
 * the same with a lower-case `t`, `2006-1-2 15:4:5.999999999` and `2006-1-2`, ranges included.
 */
function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  const hour = m[4] ?? m[9];
  if (hour !== undefined) {
    const [h, min, sec] = [Number(hour), Number(m[5] ?? m[10]), Number(m[6] ?? m[11])];
    if (h > 23 || min > 59 || sec > 59) return false;
  }
  // Go accepts zone offsets up to 24 hours and 60 minutes.
  return m[7] === undefined || (Number(m[7]) <= 24 && Number(m[8]) <= 60);
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
