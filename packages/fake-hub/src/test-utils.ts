import { createHash } from "node:crypto";

/** A fetch that never follows redirects, like a proxy inspecting the Hub's answers. */
export const get = (url: string, init: RequestInit = {}): Promise<Response> =>
  fetch(url, { redirect: "manual", ...init });

export const sha256Hex = (data: Uint8Array | string): string =>
  createHash("sha256").update(data).digest("hex");

export const bytes = async (res: Response): Promise<Uint8Array> => new Uint8Array(await res.arrayBuffer());

export const text = (data: Uint8Array): string => new TextDecoder().decode(data);
