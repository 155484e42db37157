import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream of newline-delimited JSON (a Kubernetes watch) into parsed values as the
 * bytes arrive, so that a watch that runs for hours never buffers more than one partial line.
 * Chunks may cut a line, or a multi-byte character, anywhere.
 */
export class NdjsonSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(
    private readonly onValue: (value: unknown) => void,
    /** Longest line accepted; a longer one means a broken stream, not a big object. */
    private readonly maxLineLength = 64 * 1024 * 1024,
  ) {}

  /** Feeds bytes; calls `onValue` for every complete line. Throws on a line that is not JSON. */
  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.emit(text.slice(start, end));
      start = end + 1;
    }
    this.partial = start === 0 ? text : text.slice(start);
    if (this.partial.length > this.maxLineLength) {
      throw new SyntaxError(`watch line longer than ${this.maxLineLength} characters`);
    }
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    this.emit(rest);
  }

  private emit(line: string): void {
    if (line.trim() === '') return;
    this.onValue(JSON.parse(line));
  }
}
