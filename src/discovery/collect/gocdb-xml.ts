/**
 * Reads GOCDB's `get_service` answer (glue-cloud-info.md §3) without an XML library: the document
 * is flat and machine-written, and only a few elements matter. Tolerant of attribute quoting,
 * whitespace, empty elements, CDATA and character references; unknown elements are ignored.
 */

/** One `SERVICE_ENDPOINT` of the answer, as far as discovery needs it. */
export interface GocdbServiceEndpoint {
  /** `PRIMARY_KEY` (attribute, else element), e.g. `1234G0`: the document's `gocdb_id`. */
  primaryKey: string;
  /** `SITENAME`. */
  siteName: string;
  /** The service's own `URL` (outside `ENDPOINTS`); null when empty. */
  url: string | null;
  /** Every `ENDPOINTS/ENDPOINT/URL`. */
  endpointUrls: string[];
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text content: CDATA kept verbatim, entities and character references decoded elsewhere. */
export function decodeXmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : part.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
            if (ref.startsWith('#x') || ref.startsWith('#X'))
              return String.fromCodePoint(parseInt(ref.slice(2), 16));
            if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
            return NAMED[ref.toLowerCase()] ?? whole;
          }),
    )
    .join('')
    .trim();
}

/** Contents of every element `name` directly or deeply inside `xml` (`<name/>` gives ''). */
function elements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}\\s*>)`, 'g');
  return [...xml.matchAll(pattern)].map((m) => m[1] ?? '');
}

function firstText(xml: string, name: string): string | null {
  const [content] = elements(xml, name);
  if (content === undefined) return null;
  const text = decodeXmlText(content);
  return text === '' ? null : text;
}

function attribute(attributes: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  const value = m ? decodeXmlText(m[1] ?? m[2] ?? '') : '';
  return value === '' ? null : value;
}

/**
 * The service endpoints of a `get_service` answer, in document order; entries without a primary
 * key are left out. Throws when the text is not a GOCDB `<results>` document (an error page).
 */
export function parseServiceEndpoints(xml: string): GocdbServiceEndpoint[] {
  if (!/<results[\s>/]/.test(xml)) {
    const error = firstText(xml, 'error');
    throw new Error(error ? `GOCDB answered an error: ${error}` : 'not a GOCDB <results> document');
  }
  const found: GocdbServiceEndpoint[] = [];
  const pattern = /<SERVICE_ENDPOINT(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/SERVICE_ENDPOINT\s*>)/g;
  for (const [, attributes = '', body = ''] of xml.matchAll(pattern)) {
    const primaryKey = attribute(attributes, 'PRIMARY_KEY') ?? firstText(body, 'PRIMARY_KEY');
    if (primaryKey === null) continue;
    const endpointsBlock = elements(body, 'ENDPOINTS').join('');
    // The service's own URL is the one outside ENDPOINTS; each ENDPOINT has a URL of its own.
    const own = body.replace(/<ENDPOINTS(?:\s[^>]*)?(?:\/>|>[\s\S]*?<\/ENDPOINTS\s*>)/g, '');
    found.push({
      primaryKey,
      siteName: firstText(own, 'SITENAME') ?? '',
      url: firstText(own, 'URL'),
      endpointUrls: elements(endpointsBlock, 'ENDPOINT')
        .map((endpoint) => firstText(endpoint, 'URL'))
        .filter((url): url is string => url !== null),
    });
  }
  return found;
}
