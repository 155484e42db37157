import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { focusedCluster, formatResource, providerName } from './resource-format.js';

describe('formatResource (the CLI parseResourceString, rancher-kubernetes §1.3)', () => {
  // The §1.3 table, row by row: input, Go/CLI output, and what a naive toFixed(2) would print.
  it.each([
    ['640Mi', '0.62', '0.63'],
    ['128Mi', '0.12', '0.13'],
    ['384Mi', '0.38', '0.38'],
    ['125m', '0.12', '0.13'],
    ['1325m', '1.33', '1.32'],
    ['3580m', '3.58', '3.58'],
    ['81609472Ki', '77.83', '77.83'],
    ['1750Mi', '1.71', '1.71'],
  ])('%s → %s (naive toFixed would give %s)', (input, go, naive) => {
    expect(formatResource(input)).toBe(go);
    const n = Number.parseFloat(input);
    const divisor = input.endsWith('Ki') ? 1024 * 1024 : input.endsWith('Mi') ? 1024 : 1000;
    expect((n / divisor).toFixed(2)).toBe(naive);
  });

  it.each([
    ['40', '40'],
    ['15Gi', '15Gi'],
  ])('%s is printed raw', (input, out) => expect(formatResource(input)).toBe(out));

  // Every number of the §4 text.
  it.each([
    ['3580m', '3.58'],
    ['40', '40'],
    ['1750Mi', '1.71'],
    ['81609472Ki', '77.83'],
    ['1325m', '1.33'],
    ['640Mi', '0.62'],
    ['16265236Ki', '15.51'],
    ['125m', '0.12'],
    ['7910m', '7.91'],
    ['128Mi', '0.12'],
    ['15Gi', '15Gi'],
    ['4', '4'],
  ])('§4 cell value %s → %s', (input, out) => expect(formatResource(input)).toBe(out));

  it('rounds the float32 value for m and the float64 value for Ki/Mi', () => {
    // 1325m: float64 1.325 is 1.32499999…, float32 1.32500005…
    expect(Math.fround(1.325)).toBeGreaterThan(1.325);
    expect(formatResource('1325m')).toBe('1.33');
    // 1.325 GiB as Mi stays float64 and rounds down.
    expect(formatResource('1356.8Mi')).toBe('1.32');
    // Exact ties go to the even neighbour: 0.375 → 0.38, 0.625 → 0.62, 2.875 → 2.88, 2.125 → 2.12.
    expect(['375m', '625m', '2875m', '2125m'].map(formatResource)).toEqual(['0.38', '0.62', '2.88', '2.12']);
  });

  it('prints other suffixes and the empty string unchanged', () => {
    for (const s of ['', '1k', '2G', '3M', '1Ti', '123456789n', '5u', '1e3', '1E3', '0.5']) {
      expect(formatResource(s)).toBe(s);
    }
  });

  it('removes every occurrence of the suffix before parsing, as strings.Replace(-1) does', () => {
    expect(formatResource('1Ki048576Ki')).toBe('1.00');
    expect(formatResource('1m5m')).toBe('0.01'); // "15" / 1000
    expect(formatResource('mm')).toBe('mm');
  });

  it('returns the raw string when Go cannot parse what is left', () => {
    for (const s of ['Mi', 'Ki', 'm', 'abcMi', '1.2.3Ki', ' 5m', '5 m', '0b1m', '1__0m', '_1m', 'nanKi2']) {
      expect(formatResource(s)).toBe(s);
    }
    // Out of the float64 range is Go's ErrRange: raw as well.
    expect(formatResource('1e999Mi')).toBe('1e999Mi');
  });

  it('accepts what Go ParseFloat accepts and JavaScript Number does not', () => {
    expect(formatResource('1_000m')).toBe('1.00');
    expect(formatResource('0x1p10Mi')).toBe('1.00');
    expect(formatResource('infMi')).toBe('+Inf');
    expect(formatResource('-InfinityKi')).toBe('-Inf');
    expect(formatResource('NaNm')).toBe('NaN');
    expect(formatResource('-1Mi')).toBe('-0.00');
    expect(formatResource('1e3m')).toBe('1.00');
    expect(formatResource('.5Mi')).toBe('0.00');
    expect(formatResource('1.Mi')).toBe('0.00');
  });

  it('reads float32 overflow as +Inf for m (FormatFloat with bitSize 32)', () => {
    expect(formatResource('1e45m')).toBe('+Inf');
  });

  it('matches toFixed(2) except on exact binary ties, which it rounds to even (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (n) => {
        const gib = n / 1024;
        const out = formatResource(`${n}Mi`);
        // Ties at two decimals are exactly the odd multiples of 1/8.
        const tie = Number.isInteger(gib * 8) && !Number.isInteger(gib * 4);
        if (!tie) return out === gib.toFixed(2);
        const down = Math.floor(gib * 100);
        const even = down % 2 === 0 ? down : down + 1;
        return out === `${Math.floor(even / 100)}.${String(even % 100).padStart(2, '0')}`;
      }),
    );
  });
});

describe('providerName (§1.4)', () => {
  it.each([
    ['imported', 'rke2', 'RKE2'],
    ['imported', 'k3s', 'K3S'],
    ['imported', 'eks', 'Imported'],
    ['imported', 'gke', 'Imported'],
    ['imported', '', 'Imported'],
    ['imported', undefined, 'Imported'],
    ['k3s', 'anything', 'K3S'],
    ['rke2', undefined, 'RKE2'],
    ['rancherKubernetesEngine', 'rke', 'Rancher Kubernetes Engine'],
    ['azureKubernetesService', undefined, 'Azure Kubernetes Service'],
    ['AKS', 'aks', 'Azure Kubernetes Service'],
    ['googleKubernetesEngine', undefined, 'Google Kubernetes Engine'],
    ['GKE', 'gke', 'Google Kubernetes Engine'],
    ['EKS', 'eks', 'Elastic Kubernetes Service'],
    ['local', 'k3s', 'Unknown'],
    ['k3os', undefined, 'Unknown'],
    ['rancherd', undefined, 'Unknown'],
    ['Alibaba', undefined, 'Unknown'],
    ['', 'rke2', 'Unknown'],
    [undefined, undefined, 'Unknown'],
  ])('driver %s, provider %s → %s', (driver, provider, out) => {
    expect(providerName(driver, provider)).toBe(out);
  });
});

describe('focusedCluster', () => {
  it('takes the part of the project before the first colon', () => {
    expect(focusedCluster('c-m-7xk2p9qd:p-x7b2k')).toBe('c-m-7xk2p9qd');
    expect(focusedCluster('local:p-1:extra')).toBe('local');
    expect(focusedCluster('c-abc')).toBeNull();
    expect(focusedCluster('')).toBeNull();
    expect(focusedCluster(undefined)).toBeNull();
  });
});
