import createClient from "openapi-fetch";
import { ApiFailure, messageOf } from "./errors.ts";
import type { paths } from "./generated/api.ts";

export type ApiClient = ReturnType<typeof createApiClient>;

/** The typed REST client (generated from the OpenAPI document), authenticated with a bearer token or Basic. */
export function createApiClient(baseUrl: string, auth: { token: string } | { basic: string }) {
  const authorization = "token" in auth ? `Bearer ${auth.token}` : `Basic ${auth.basic}`;
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ""),
    headers: { authorization, "user-agent": "hubcache-cli" },
  });
}

/** An openapi-fetch answer: its data, or an ApiFailure with the server's message. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    throw new ApiFailure(0, `Could not reach the server${cause}.`);
  }
  const { data, error, response } = answer;
  if (!response.ok) throw new ApiFailure(response.status, messageOf(response.status, error), error ?? null);
  return data as T;
}
