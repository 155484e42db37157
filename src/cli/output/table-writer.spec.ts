import { describe, it, expect } from '@jest/globals';
import { formatTable } from './table-writer.js';

describe('formatTable (Go text/tabwriter 10,1,3,space,0)', () => {
  it('reproduces the rancher cluster worked example byte for byte', () => {
    const rows = [
      ['CURRENT', 'ID', 'STATE', 'NAME', 'PROVIDER', 'NODES', 'CPU', 'RAM', 'PODS'],
      ['*', 'c-m-7xk2p9qd', 'active', 'prod-rke2', 'RKE2', '5', '3.58/40', '1.71/77.83 GB', '27/330'],
      ['', 'local', 'active', 'local', 'Unknown', '1', '1.33/4', '0.62/15.51 GB', '12/110'],
      ['', 'c-4kq8z', 'updating', 'c-4kq8z', 'Imported', '3', '0.12/7.91', '0.12/15Gi GB', '/58'],
    ];
    expect(formatTable(rows)).toBe(
      'CURRENT   ID             STATE      NAME        PROVIDER   NODES     CPU         RAM             PODS\n' +
        '*         c-m-7xk2p9qd   active     prod-rke2   RKE2       5         3.58/40     1.71/77.83 GB   27/330\n' +
        '          local          active     local       Unknown    1         1.33/4      0.62/15.51 GB   12/110\n' +
        '          c-4kq8z        updating   c-4kq8z     Imported   3         0.12/7.91   0.12/15Gi GB    /58\n',
    );
  });

  it('reproduces the legacy nodes example, keeping trailing spaces of padded cells', () => {
    const rows = [
      ['ID', 'NAME', 'STATE', 'POOL', 'DESCRIPTION'],
      ['c-m-7xk2p9qd:machine-5h2xq', 'prod-cp-1', 'active', '', ''],
      ['c-m-7xk2p9qd:machine-9kz7t', 'prod-worker-1', 'active', 'prod-worker-', ''],
      ['c-m-7xk2p9qd:machine-w3n8d', 'prod-worker-2', 'unavailable', 'prod-worker-', 'spare capacity'],
    ];
    expect(formatTable(rows)).toBe(
      'ID                           NAME            STATE         POOL           DESCRIPTION\n' +
        'c-m-7xk2p9qd:machine-5h2xq   prod-cp-1       active' +
        ' '.repeat(23) +
        '\n' +
        'c-m-7xk2p9qd:machine-9kz7t   prod-worker-1   active        prod-worker-   \n' +
        'c-m-7xk2p9qd:machine-w3n8d   prod-worker-2   unavailable   prod-worker-   spare capacity\n',
    );
  });

  it('reproduces the v2.15 nodes layout', () => {
    const rows = [
      ['ID', 'NAME', 'STATE', 'DESCRIPTION'],
      ['c-m-7xk2p9qd:machine-5h2xq', 'prod-cp-1', 'active', ''],
      ['c-m-7xk2p9qd:machine-w3n8d', 'prod-worker-2', 'unavailable', 'spare capacity'],
    ];
    expect(formatTable(rows)).toBe(
      'ID                           NAME            STATE         DESCRIPTION\n' +
        'c-m-7xk2p9qd:machine-5h2xq   prod-cp-1       active        \n' +
        'c-m-7xk2p9qd:machine-w3n8d   prod-worker-2   unavailable   spare capacity\n',
    );
  });

  it('prints the header alone when there are no rows', () => {
    expect(formatTable([['ID', 'NAME', 'STATE']])).toBe('ID        NAME      STATE\n');
  });

  it('pads empty cells to the minimum width, including an all-empty column', () => {
    expect(
      formatTable([
        ['', '', 'x'],
        ['', '', ''],
      ]),
    ).toBe(' '.repeat(20) + 'x\n' + ' '.repeat(20) + '\n');
  });

  it('uses exactly minwidth for a 7-character cell and grows from 8 characters', () => {
    expect(formatTable([['1234567', 'z']])).toBe('1234567   z\n');
    expect(formatTable([['12345678', 'z']])).toBe('12345678   z\n');
    expect(formatTable([['123456789', 'z']])).toBe('123456789   z\n');
  });

  it('measures width in code points (wide and astral characters count as one, like Go)', () => {
    const out = formatTable([
      ['NAME', 'X'],
      ['日本語クラスタ名前です', 'a'],
      ['😀😀', 'b'],
      ['é', 'c'],
      ['e\u0301', 'd'],
    ]);
    // Width 14 = 11 code points + 3; a combining sequence counts per code point, as in Go.
    expect(out).toBe(
      'NAME          X\n' +
        '日本語クラスタ名前です   a\n' +
        '😀😀' +
        ' '.repeat(12) +
        'b\n' +
        'é' +
        ' '.repeat(13) +
        'c\n' +
        'e\u0301' +
        ' '.repeat(12) +
        'd\n',
    );
  });

  it('writes a single-cell row unpadded and handles an empty table', () => {
    expect(formatTable([['only']])).toBe('only\n');
    expect(formatTable([])).toBe('');
  });

  it('sizes columns per block of consecutive rows like Go when rows differ in length', () => {
    // Go: the one-cell line ends the block of column 0, so the rows around it are sized separately.
    const out = formatTable([['a', 'b'], ['a-long-cell-here', 'b'], ['break'], ['c', 'd']]);
    expect(out).toBe('a                  b\n' + 'a-long-cell-here   b\n' + 'break\n' + 'c         d\n');
  });

  it('replaces tabs and line breaks inside cells so a value cannot forge cells or rows', () => {
    expect(formatTable([['a\tb', 'x\ny']])).toBe('a b       x y\n');
  });
});
