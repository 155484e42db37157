import { describe, expect, it } from '@jest/globals';
import { wireSafe, wireSafeOrNull } from './wire-safety.js';

describe('wireSafe (apel.md §2.6)', () => {
  it('drops non-ASCII by default, as cASO does', () => {
    expect(wireSafe('análisis-ñ')).toBe('anlisis-');
  });

  it('transliterates on request, then drops what has no ASCII form', () => {
    expect(wireSafe('análisis-ñ', { transliterate: true })).toBe('analisis-n');
    expect(wireSafe('Straße ① 東京 ﬁ', { transliterate: true })).toBe('Strae 1  fi');
  });

  it('turns CR, LF and other control characters into spaces and trims', () => {
    expect(wireSafe(' a\r\nb\tc\u000bd\u001ee \n')).toBe('a  b c d e');
  });

  it('collapses every run of % so that no %% survives, even one made by dropping characters', () => {
    expect(wireSafe('50%% off %%%')).toBe('50% off %');
    expect(wireSafe('%é%')).toBe('%');
  });

  it('never throws and is idempotent', () => {
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(wireSafe(hostile)).toBe('');
    expect(wireSafe(null)).toBe('');
    expect(wireSafe(undefined)).toBe('');
    expect(wireSafe(12.5)).toBe('12.5');
    expect(wireSafe('\ud800 lone surrogate')).toBe('lone surrogate');
    const once = wireSafe(' x%%é\n ');
    expect(wireSafe(once)).toBe(once);
  });

  it('wireSafeOrNull cuts to the column size and gives null for nothing', () => {
    expect(wireSafeOrNull('ñ')).toBeNull();
    expect(wireSafeOrNull(null)).toBeNull();
    expect(wireSafeOrNull('x'.repeat(300))).toHaveLength(255);
    expect(wireSafeOrNull('y'.repeat(60), {}, 50)).toHaveLength(50);
  });
});
