import { describe, it, expect } from '@jest/globals';
import { parse } from 'yaml';
import { Column, isOutputFormat, render } from './render.js';

interface Site {
  id: string;
  name: string;
  state: string;
  nodes: number;
  tags?: string[];
}

const sites: Site[] = [
  { id: 'site-a', name: 'Alpha', state: 'active', nodes: 5, tags: ['gpu'] },
  { id: 'site-b', name: '', state: 'degraded', nodes: 0 },
];
const columns: Column<Site>[] = [
  { header: 'id', value: (s) => s.id },
  { header: 'Name', value: (s) => s.name || s.id },
  { header: 'state', value: (s) => s.state },
  { header: 'nodes', value: (s) => String(s.nodes) },
];

describe('render', () => {
  it('prints a tabwriter table with uppercase headers', () => {
    expect(render('table', sites, columns)).toBe(
      'ID        NAME      STATE      NODES\n' +
        'site-a    Alpha     active     5\n' +
        'site-b    site-b    degraded   0\n',
    );
  });

  it('prints the header even with no rows', () => {
    expect(render('table', [], columns)).toBe('ID        NAME      STATE     NODES\n');
  });

  it('renders a single object as one table row', () => {
    expect(render('table', sites[0], columns)).toBe(
      'ID        NAME      STATE     NODES\n' + 'site-a    Alpha     active    5\n',
    );
  });

  it('prints the REST model as one pretty JSON document with a trailing newline', () => {
    const out = render('json', sites, columns);
    expect(out).toBe(`${JSON.stringify(sites, null, 2)}\n`);
    expect(out.endsWith(']\n')).toBe(true);
    expect(JSON.parse(out)).toEqual(sites);
    expect(render('json', [], columns)).toBe('[]\n');
    expect(render('json', sites[1], columns)).toBe(
      '{\n  "id": "site-b",\n  "name": "",\n  "state": "degraded",\n  "nodes": 0\n}\n',
    );
  });

  it('prints the same model as YAML', () => {
    const out = render('yaml', sites, columns);
    expect(parse(out)).toEqual(sites);
    expect(out.startsWith('- id: site-a\n')).toBe(true);
    expect(out.endsWith('\n')).toBe(true);
    expect(render('yaml', { id: 'x', n: 1 }, [])).toBe('id: x\nn: 1\n');
  });

  it('prints ids only, one per line, when quiet (whatever the format)', () => {
    expect(render('table', sites, columns, { quiet: true })).toBe('site-a\nsite-b\n');
    expect(render('json', sites, columns, { quiet: true })).toBe('site-a\nsite-b\n');
    expect(render('table', [], columns, { quiet: true })).toBe('');
    expect(render('table', sites, columns, { quiet: true, id: (s) => s.name || '-' })).toBe('Alpha\n-\n');
  });

  it('recognises the output formats', () => {
    expect(['table', 'json', 'yaml', 'csv'].map(isOutputFormat)).toEqual([true, true, true, false]);
  });
});
