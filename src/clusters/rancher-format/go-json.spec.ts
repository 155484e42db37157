import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { goJson, goJsonString, GoObject } from './go-json.js';
import { compareBytes, goStruct } from './go-struct.js';

describe('goJson (encoding/json Marshal)', () => {
  it('escapes like Go: HTML characters, line and paragraph separators, invalid text', () => {
    expect(goJsonString('<a href="x">&</a>')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
    expect(goJsonString('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    expect(goJsonString('\b\f\n\r\t\u0001\u001f\\')).toBe('"\\b\\f\\n\\r\\t\\u0001\\u001f\\\\"');
    expect(goJsonString('x\ud800y\udc00')).toBe('"x\\ufffdy\\ufffd"');
    expect(goJsonString('😀 é \u007f')).toBe('"😀 é \u007f"');
  });

  it('reads back as the same string with JSON.parse, lone surrogates aside (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => JSON.parse(goJsonString(s)) === s));
  });

  it('writes numbers as Go writes float64', () => {
    expect(goJson([1, 1.5, 1e-7, 1e21, 1e20, -0, 0.000001, NaN])).toBe(
      '[1,1.5,1e-7,1e+21,100000000000000000000,-0,0.000001,null]',
    );
  });

  it('keeps the entry order of a GoObject', () => {
    expect(
      goJson(
        new GoObject([
          ['b', 1],
          ['a', [true, null]],
        ]),
      ),
    ).toBe('{"b":1,"a":[true,null]}');
  });
});

describe('goStruct (a v3 object through the generated Go client)', () => {
  it('puts the Resource fields first, links/actions as null when absent, then Go field-name order', () => {
    const out = goJson(
      goStruct({
        uuid: 'u',
        apiEndpoint: 'https://x',
        agentImage: 'img',
        caCert: 'Y2E=',
        capabilities: {},
        id: 'c-1',
        type: 'cluster',
        answers: { values: {} },
        clusterTemplateId: 't',
        transitioningMessage: 'm',
        eksConfig: { region: 'eu' },
        enableNetworkPolicy: true,
      }),
    );
    expect(out).toBe(
      '{"id":"c-1","type":"cluster","links":null,"actions":null,"apiEndpoint":"https://x","agentImage":"img",' +
        '"caCert":"Y2E=","capabilities":{},"answers":{"values":{}},"clusterTemplateId":"t","eksConfig":{"region":"eu"},' +
        '"enableNetworkPolicy":true,"transitioningMessage":"m","uuid":"u"}',
    );
  });

  it('orders node fields like zz_generated_node.go (IPAddress before Imported, UUID before Unschedulable)', () => {
    const node = goStruct({
      worker: true,
      unschedulable: true,
      uuid: 'u',
      imported: true,
      ipAddress: '10.0.0.1',
      info: { os: {}, cpu: { count: 4 } },
      id: 'n',
    });
    expect(goJson(node)).toBe(
      '{"id":"n","links":null,"actions":null,"ipAddress":"10.0.0.1","imported":true,"info":{"cpu":{"count":4},"os":{}},' +
        '"uuid":"u","unschedulable":true,"worker":true}',
    );
  });

  it('omits empty fields but keeps every entry of a map, with sorted keys', () => {
    const out = goJson(
      goStruct({
        id: 'c',
        name: '',
        nodeCount: 0,
        internal: false,
        conditions: [],
        labels: { 'b/x': '', a: 'y', A: 'z' },
        annotations: {},
        links: { self: 'https://x/c', nodes: 'https://x/n' },
        actions: {},
        requested: { pods: '', cpu: '1' },
        version: { gitVersion: 'v1.31.2', major: '1', buildDate: '' },
        conditions2: [{ type: 'Ready', status: 'True', reason: '' }],
      }),
    );
    expect(out).toBe(
      '{"id":"c","links":{"nodes":"https://x/n","self":"https://x/c"},"actions":{},' +
        '"conditions2":[{"status":"True","type":"Ready"}],"labels":{"A":"z","a":"y","b/x":""},' +
        '"requested":{"cpu":"1","pods":""},"version":{"gitVersion":"v1.31.2","major":"1"}}',
    );
  });

  it('sorts map keys by UTF-8 bytes like Go, not by UTF-16 units', () => {
    expect(['\uff5e', '😀', 'a'].sort(compareBytes)).toEqual(['a', '\uff5e', '😀']);
    expect(goJson(goStruct({ id: 'x', labels: { '😀': '1', '\uff5e': '2' } }))).toContain(
      '"labels":{"～":"2","😀":"1"}',
    );
  });
});
