/**
 * Responses whose body is a byte range of a file on local disk, remembered so that the HTTP front can
 * read the file itself into reused buffers (http-front.ts, `sendFile`) instead of reading the body
 * stream. The body itself is a lazy `Bun.file` slice, so the app's own `fetch` (tests, no socket)
 * still answers with the bytes.
 */
export interface LocalFileRange {
  path: string;
  /** Inclusive byte offsets. */
  start: number;
  end: number;
}

const ranges = new WeakMap<Response, LocalFileRange>();

export function localFileResponse(range: LocalFileRange, init: ResponseInit): Response {
  const response = new Response(Bun.file(range.path).slice(range.start, range.end + 1), init);
  ranges.set(response, range);
  return response;
}

/** The file range behind `response`, when it is one. */
export function localFileOf(response: Response): LocalFileRange | undefined {
  return ranges.get(response);
}
