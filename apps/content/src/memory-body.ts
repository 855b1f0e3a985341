/**
 * Responses whose whole body is already in memory (API answers, JSON, errors, metrics), remembered so the
 * HTTP front can send them with their length in one write instead of reading the body as a stream
 * (http-front.ts). The body is an ordinary one too: the app's own `fetch` (tests, no socket) reads it.
 */
const bodies = new WeakMap<Response, Uint8Array>();

export function inMemoryResponse(body: string | Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const response = new Response(bytes, init);
  bodies.set(response, bytes);
  return response;
}

/** The bytes of a response made by `inMemoryResponse`. */
export function inMemoryBodyOf(response: Response): Uint8Array | undefined {
  return bodies.get(response);
}
