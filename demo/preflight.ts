/** Checks before anything starts, so that a taken port is one clear line, not a stack trace. */
import { createServer } from 'node:net';

/** Resolves when `port` can be bound on 127.0.0.1 right now; rejects with the reason otherwise. */
function canListen(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Every port that is taken, with the variable that moves it. */
export async function takenPorts(ports: Record<string, number>): Promise<string[]> {
  const taken: string[] = [];
  for (const [variable, port] of Object.entries(ports)) {
    try {
      await canListen(port);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      taken.push(`port ${port} is not available (${code}); choose another with ${variable}=…`);
    }
  }
  return taken;
}
