import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { ErrorCode, FedwatchError } from '../../common/errors/index.js';
import { type GocdbServiceEndpoint, parseServiceEndpoints } from './gocdb-xml.js';

/** Port to GOCDB's public API (glue-cloud-info.md §3). */
export abstract class GocdbClient {
  /**
   * `?method=get_service&service_type=<type>`: every registered service endpoint of that type.
   * Throws `SOURCE_UNREACHABLE` (network, timeout, 5xx), `SOURCE_REJECTED` (other statuses) or
   * `SOURCE_MALFORMED` (not a GOCDB answer).
   */
  abstract listServiceEndpoints(serviceType: string): Promise<GocdbServiceEndpoint[]>;
}

export interface HttpGocdbClientOptions {
  timeoutMs?: number;
  /** Extra CA certificates (PEM) besides the system's; GOCDB's own certificate is public. */
  caPem?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** The whole list of one service type is some hundred kB; anything far bigger is not GOCDB. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** GOCDB over HTTP(S): one GET, no retries (the look-up falls back to the last known id). */
export class HttpGocdbClient extends GocdbClient {
  constructor(
    private readonly baseUrl: string,
    private readonly options: HttpGocdbClientOptions = {},
  ) {
    super();
  }

  async listServiceEndpoints(serviceType: string): Promise<GocdbServiceEndpoint[]> {
    const url = new URL(this.baseUrl);
    url.searchParams.set('method', 'get_service');
    url.searchParams.set('service_type', serviceType);
    const { status, body } = await this.get(url);
    const where = `GOCDB at ${url.host}`;
    if (status >= 500)
      throw new FedwatchError(ErrorCode.SOURCE_UNREACHABLE, `${where} answered HTTP ${status}`);
    if (status !== 200)
      throw new FedwatchError(ErrorCode.SOURCE_REJECTED, `${where} answered HTTP ${status}`);
    try {
      return parseServiceEndpoints(body);
    } catch (err) {
      throw new FedwatchError(
        ErrorCode.SOURCE_MALFORMED,
        `${where}: ${(err as Error).message}`,
        {},
        { cause: err },
      );
    }
  }

  private get(url: URL): Promise<{ status: number; body: string }> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const transport = url.protocol === 'https:' ? https : http;
    // `ca` replaces the system roots, so they are passed along with the extra certificate.
    const ca = this.options.caPem ? [...rootCertificates, this.options.caPem] : undefined;
    return new Promise((resolve, reject) => {
      const request = transport.get(url, { timeout: timeoutMs, ...(ca ? { ca } : {}) }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
      request.on('error', (err) =>
        reject(
          new FedwatchError(
            ErrorCode.SOURCE_UNREACHABLE,
            `GOCDB at ${url.host} is unreachable: ${err.message}`,
            {},
            { cause: err },
          ),
        ),
      );
    });
  }
}
