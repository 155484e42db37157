/** Structured logger the AMQP destination writes to (pino's `(obj, msg)` call shape). */
export interface AmqpLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** Turns an unsigned body into the S/MIME `multipart/signed` document (apel.md §10). */
export interface MessageSigner {
  sign(body: string): string;
}

export const silentLogger: AmqpLogger = { info() {}, warn() {}, error() {} };
