/** A minimal client for tests and benchmarks that talk to the simulator directly (global fetch). */
import type { Json } from './model.js';

export interface ApiResponse {
  status: number;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: Json | undefined;
}

/** `GET <base><path>` with the API key as a Bearer token unless `headers` say otherwise. */
export async function get(
  sim: { url: string; token: string },
  path: string,
  headers: Record<string, string> = { Authorization: `Bearer ${sim.token}` },
): Promise<ApiResponse> {
  const res = await fetch(path.startsWith('http') ? path : `${sim.url}${path}`, { headers });
  const text = await res.text();
  let body: Json | undefined;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = undefined;
  }
  return { status: res.status, text, body };
}

/** The `data` of a collection (throws unless it is a 200 collection). */
export async function list(sim: { url: string; token: string }, path: string): Promise<Json[]> {
  const res = await get(sim, path);
  if (res.status !== 200 || !Array.isArray(res.body?.data))
    throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body.data as Json[];
}

/** Follows `pagination.next` to the end; every item and each page's `pagination`. */
export async function collect(
  sim: { url: string; token: string },
  path: string,
): Promise<{ items: Json[]; pages: Json[] }> {
  const items: Json[] = [];
  const pages: Json[] = [];
  let next: string | undefined = path;
  while (next) {
    const res = await get(sim, next);
    if (res.status !== 200 || !res.body)
      throw new Error(`GET ${next}: ${res.status} ${res.text.slice(0, 300)}`);
    items.push(...(res.body.data as Json[]));
    const pagination = res.body.pagination as Json;
    pages.push(pagination);
    next = pagination.next as string | undefined;
  }
  return { items, pages };
}
