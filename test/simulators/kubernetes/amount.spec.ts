import { describe, expect, it } from '@jest/globals';
import { bytes, canonicalBytes, canonicalCpu, cpu, served } from './amount.js';

describe('simulator quantities', () => {
  it('knows the exact value of every syntax it writes', () => {
    expect(cpu('100m').value).toBe(100);
    expect(cpu('0.5').value).toBe(500);
    expect(cpu('.25').value).toBe(250);
    expect(cpu('1.5').value).toBe(1500);
    expect(bytes('1.5Gi').value).toBe(1.5 * 2 ** 30);
    expect(bytes('129e6').value).toBe(129_000_000);
    expect(bytes('786432k').value).toBe(786_432_000);
    expect(bytes('1k').value).toBe(1000);
    expect(bytes('65851340Ki').value).toBe(65851340 * 1024);
    expect(() => cpu('1.5.2')).toThrow('not a quantity');
    expect(() => bytes('0.5')).toThrow('whole number');
  });

  it('writes canonical forms like the API server (reference §5.3)', () => {
    expect(canonicalCpu(500)).toBe('500m');
    expect(canonicalCpu(2000)).toBe('2');
    expect(canonicalBytes(bytes('1.5Gi').value, '1.5Gi')).toBe('1536Mi');
    expect(canonicalBytes(bytes('1e3').value, '1e3')).toBe('1k');
    expect(canonicalBytes(bytes('1000Mi').value, '1000Mi')).toBe('1000Mi');
    expect(served('cpu', cpu('0.1'), true)).toBe('100m');
    expect(served('cpu', cpu('0.1'), false)).toBe('0.1');
  });
});
