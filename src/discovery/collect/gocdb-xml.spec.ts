import { describe, expect, it } from '@jest/globals';
import { decodeXmlText, parseServiceEndpoints } from './gocdb-xml.js';

const ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<results>
  <SERVICE_ENDPOINT PRIMARY_KEY="1234G0">
    <PRIMARY_KEY>1234G0</PRIMARY_KEY>
    <HOSTNAME>keystone.example.org</HOSTNAME>
    <GOCDB_PORTAL_URL>https://goc.egi.eu/portal/index.php?Page_Type=Service&amp;id=1234</GOCDB_PORTAL_URL>
    <SERVICE_TYPE>org.openstack.nova</SERVICE_TYPE>
    <CORE/>
    <SITENAME>EXAMPLE-SITE</SITENAME>
    <URL>https://keystone.example.org:5000/v3</URL>
    <ENDPOINTS>
      <ENDPOINT><ID>1</ID><URL>https://nova.example.org:8774/v2.1?a=1&amp;b=2</URL></ENDPOINT>
      <ENDPOINT><ID>2</ID><URL><![CDATA[https://keystone.example.org:5000/v3/]]></URL></ENDPOINT>
      <ENDPOINT><ID>3</ID><URL/></ENDPOINT>
    </ENDPOINTS>
    <EXTENSIONS/>
  </SERVICE_ENDPOINT>
  <SERVICE_ENDPOINT PRIMARY_KEY='77G0'>
    <SITENAME>R&amp;D-CLOUD</SITENAME>
    <URL></URL>
    <ENDPOINTS/>
  </SERVICE_ENDPOINT>
  <SERVICE_ENDPOINT>
    <PRIMARY_KEY>88G0</PRIMARY_KEY>
    <SITENAME>KEY-AS-ELEMENT</SITENAME>
    <URL>
      https://k.example.org/v3
    </URL>
  </SERVICE_ENDPOINT>
  <SERVICE_ENDPOINT><SITENAME>NO-KEY</SITENAME><URL>https://x.example.org</URL></SERVICE_ENDPOINT>
</results>
`;

describe('parseServiceEndpoints', () => {
  it('reads key, site, own URL and endpoint URLs of every entry, in order', () => {
    expect(parseServiceEndpoints(ANSWER)).toEqual([
      {
        primaryKey: '1234G0',
        siteName: 'EXAMPLE-SITE',
        url: 'https://keystone.example.org:5000/v3',
        endpointUrls: ['https://nova.example.org:8774/v2.1?a=1&b=2', 'https://keystone.example.org:5000/v3/'],
      },
      { primaryKey: '77G0', siteName: 'R&D-CLOUD', url: null, endpointUrls: [] },
      { primaryKey: '88G0', siteName: 'KEY-AS-ELEMENT', url: 'https://k.example.org/v3', endpointUrls: [] },
    ]);
  });

  it('reads an empty answer as no registrations', () => {
    expect(parseServiceEndpoints('<?xml version="1.0"?>\n<results/>\n')).toEqual([]);
    expect(parseServiceEndpoints('<results>\n</results>')).toEqual([]);
  });

  it('refuses what is not a GOCDB answer, with its error text when there is one', () => {
    expect(() => parseServiceEndpoints('<html><body>502 Bad Gateway</body></html>')).toThrow(
      'not a GOCDB <results> document',
    );
    expect(() => parseServiceEndpoints('<error>Unknown method</error>')).toThrow('Unknown method');
  });
});

describe('decodeXmlText', () => {
  it('decodes entities and character references, keeps CDATA verbatim and trims', () => {
    expect(decodeXmlText(' a&lt;b&gt;&quot;&apos;&amp;amp; &#65;&#x42; ')).toBe('a<b>"\'&amp; AB');
    expect(decodeXmlText('<![CDATA[&amp;]]>&amp;')).toBe('&amp;&');
    expect(decodeXmlText('&unknown;')).toBe('&unknown;');
  });
});
