import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real service (RabbitMQ by default) that a test can break and mend
 * while the service keeps running: `cut()` drops every connection and refuses new ones,
 * `freeze()` stops forwarding without closing anything (a hung broker or network), `restore()`
 * brings both back.
 */
export class TcpProxy {
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private cutOff = false;
  private frozen = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(target = { host: '127.0.0.1', port: 5672 }): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    return new TcpProxy(server, address.port, target);
  }

  /** The same URL with the proxy as host and port. */
  url(target: string): string {
    const url = new URL(target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** Drops every open connection and refuses new ones (accepted, then reset at once). */
  cut(): void {
    this.cutOff = true;
    for (const pair of this.pairs) this.drop(pair);
  }

  /** Stops forwarding in both directions; connections stay open and data waits. */
  freeze(): void {
    this.frozen = true;
    for (const { client, upstream } of this.pairs) this.unlink(client, upstream);
  }

  restore(): void {
    this.cutOff = false;
    if (this.frozen) {
      this.frozen = false;
      for (const { client, upstream } of this.pairs) this.link(client, upstream);
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.cutOff) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    upstream.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    if (!this.frozen) this.link(client, upstream);
  }

  private link(client: Socket, upstream: Socket): void {
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private unlink(client: Socket, upstream: Socket): void {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  }

  private drop(pair: { client: Socket; upstream: Socket }): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.resetAndDestroy();
    pair.upstream.destroy();
  }
}
