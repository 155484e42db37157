import { isBase60Float, resolvesToString } from './yaml-v2-resolve.js';

/**
 * How yaml.v2 writes a string scalar: its encoder asks for double quotes when the plain form would
 * read back as another type, a literal block for multi-line text and plain otherwise; libyaml's
 * emitter then falls back from plain to single quotes to double quotes when the text needs it
 * (`yaml_emitter_analyze_scalar` / `yaml_emitter_select_scalar_style`).
 *
 * Deliberate difference: libyaml folds plain and quoted scalars at spaces past column 80; fedwatch
 * never folds (one scalar, one line), which reads the same in any YAML parser.
 */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export function scalarStyle(s: string, simpleKey: boolean): ScalarStyle {
  let style: ScalarStyle =
    !resolvesToString(s) || isBase60Float(s) ? 'double' : s.includes('\n') ? 'literal' : 'plain';
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && (!a.plainAllowed || (s === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

/** libyaml's `is_printable`: LF, printable ASCII, U+00A0–U+D7FF, U+E000–U+FFFD but not the BOM. */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

const isBreak = (c: string) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** `yaml_emitter_analyze_scalar` for block context, with the emitter's `unicode` on (as yaml.v2 sets it). */
function analyze(s: string) {
  if (s === '') return { multiline: false, plainAllowed: true, singleAllowed: true, blockAllowed: false };
  const chars = [...s];
  const last = chars.length - 1;
  const f = {
    indicators: s.startsWith('---') || s.startsWith('...'),
    lineBreaks: false,
    special: false,
    edgeSpaceOrBreak: false, // leading or trailing space or break
    trailingSpace: false,
    breakSpace: false, // a space right after a break
    spaceBreak: false, // a break right after a space
  };
  let previous: 'space' | 'break' | 'other' = 'other';
  let precededByWhitespace = true;
  chars.forEach((c, i) => {
    const followedByWhitespace = i === last || isBlank(chars[i + 1]);
    if (i === 0 ? '#,[]{}&*!|>\'"%@`'.includes(c) : c === '#' && precededByWhitespace) f.indicators = true;
    if (followedByWhitespace && (c === ':' || (i === 0 && (c === '?' || c === '-')))) f.indicators = true;
    if (!isPrintable(c.codePointAt(0)!)) f.special = true;
    if (c === ' ' || isBreak(c)) {
      if (i === 0 || i === last) f.edgeSpaceOrBreak = true;
      if (c === ' ') {
        if (i === last) f.trailingSpace = true;
        if (previous === 'break') f.breakSpace = true;
        previous = 'space';
      } else {
        f.lineBreaks = true;
        if (previous === 'space') f.spaceBreak = true;
        previous = 'break';
      }
    } else previous = 'other';
    precededByWhitespace = isBlank(c) || isBreak(c) || c === '\0';
  });
  return {
    multiline: f.lineBreaks,
    plainAllowed: !(
      f.edgeSpaceOrBreak ||
      f.breakSpace ||
      f.spaceBreak ||
      f.special ||
      f.lineBreaks ||
      f.indicators
    ),
    singleAllowed: !(f.breakSpace || f.spaceBreak || f.special),
    blockAllowed: !(f.trailingSpace || f.spaceBreak || f.special),
  };
}

/** A single-quoted scalar on one line (a break inside never reaches here in block context). */
export function singleQuoted(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

/** libyaml's double-quoted writer: short escapes, then \xXX, \uXXXX, \UXXXXXXXX in upper-case hex. */
export function doubleQuoted(s: string): string {
  // libyaml checks for a BOM at the start of the value and then escapes every character.
  const bom = s.startsWith('\ufeff');
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (!bom && isPrintable(cp) && !isBreak(c) && c !== '"' && c !== '\\') {
      out += c;
      continue;
    }
    const short = ESCAPES[cp];
    if (short !== undefined) out += `\\${short}`;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** libyaml's literal block: header with indentation and chomping hints, content at `indent`. */
export function literalBlock(s: string, indent: string): string {
  const chars = [...s];
  const last = chars.length - 1;
  const hint = chars[0] === ' ' || isBreak(chars[0]) ? '2' : '';
  const chomp = !isBreak(chars[last]) ? '-' : last === 0 || isBreak(chars[last - 1]) ? '+' : '';
  let out = `|${hint}${chomp}\n`;
  let breaks = true;
  chars.forEach((c, i) => {
    if (isBreak(c)) {
      // A final LF ends the line; the caller starts the next entry on a new line anyway.
      if (i !== last || c !== '\n') out += c;
      breaks = true;
      return;
    }
    // Only content is indented: empty lines stay empty, as libyaml writes them.
    if (breaks) out += indent;
    breaks = false;
    out += c;
  });
  return out;
}
