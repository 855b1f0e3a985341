import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AutoTokenizer, env } from "@huggingface/transformers";
import { addPrivateDistribution, startStack, type Stack } from "./harness.ts";
import { seedRound2, TOKENIZER_JSON } from "./round2-seed.ts";

// transformers.js 4.3 itself (`AutoTokenizer.from_pretrained` with `env.remoteHost = "{base}/"`), then
// its requests replayed one by one with what a browser adds: there the same requests are cross-origin,
// so the preflight and the exposed headers matter. What the library sends:
//   1. GET {model}/resolve/main/tokenizer_config.json  Range: bytes=0-0  (a size probe, no-store)
//   2. GET {model}/resolve/main/tokenizer.json
//   3. GET {model}/resolve/main/tokenizer_config.json

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: seedRound2 });
  // Every load goes to the content server: no local models, no file or browser cache of the library's own.
  env.allowLocalModels = false;
  env.useFSCache = false;
  env.useBrowserCache = false;
});
afterAll(async () => {
  await stack.stop();
});

const AGENT = "transformers.js/4.3.1; is_ci/false;";
const ORIGIN = "http://app.example";

for (const basePath of ["huggingface", "pulp/content/huggingface"]) {
  describe(`transformers.js tokenizer loading through /${basePath}`, () => {
    const remoteHost = () => `${stack.server.url}/${basePath}/`;
    const file = (name: string) => `${remoteHost()}acme/tiny-tokenizer/resolve/main/${name}`;

    test("the library loads the tokenizer, and loads it again from the cache while the Hub is down", async () => {
      env.remoteHost = remoteHost();
      stack.hub.resetFaults();
      const cold = await AutoTokenizer.from_pretrained("acme/tiny-tokenizer");
      expect(cold.encode("hello world")).toEqual([1, 2]);
      expect(cold.model_max_length).toBe(512);

      stack.hub.faults.down = true;
      try {
        const warm = await AutoTokenizer.from_pretrained("acme/tiny-tokenizer");
        expect(warm.encode("world hello world")).toEqual([2, 1, 2]);
      } finally {
        stack.hub.resetFaults();
      }
    });

    test("a repo the Hub does not have fails the load with the library's own error", async () => {
      env.remoteHost = remoteHost();
      // The Hub answers 401 RepositoryNotFound for a repo it does not have (or will not show), as the
      // real Hub does, and the library reports it as such.
      await expect(AutoTokenizer.from_pretrained("acme/no-such-tokenizer")).rejects.toThrow(
        /Unauthorized access to file: ".*acme\/no-such-tokenizer\/resolve\/main\/tokenizer_config\.json"/,
      );
    });

    test("the size probe, then both files whole, with the headers the library reads", async () => {
      const probe = await fetch(file("tokenizer_config.json"), {
        headers: {
          "user-agent": AGENT,
          range: "bytes=0-0",
          "cache-control": "no-cache",
          pragma: "no-cache",
          origin: ORIGIN,
        },
      });
      expect(probe.status).toBe(206);
      const config = await stack.hub.readFile(
        "model",
        "acme/tiny-tokenizer",
        "main",
        "tokenizer_config.json",
      );
      expect(probe.headers.get("content-range")).toBe(`bytes 0-0/${config.byteLength}`);
      expect((await probe.arrayBuffer()).byteLength).toBe(1);

      const tokenizer = await fetch(file("tokenizer.json"), {
        headers: { "user-agent": AGENT, origin: ORIGIN },
      });
      expect(tokenizer.status).toBe(200);
      // The library reads Content-Length for progress: a cold GET carries it too.
      const size = new TextEncoder().encode(TOKENIZER_JSON).byteLength;
      expect(tokenizer.headers.get("content-length")).toBe(String(size));
      expect(tokenizer.headers.get("content-encoding")).toBeNull();
      expect(JSON.parse(await tokenizer.text())).toMatchObject({ model: { type: "WordLevel" } });
      const whole = await fetch(file("tokenizer_config.json"), { headers: { "user-agent": AGENT } });
      expect(JSON.parse(await whole.text())).toMatchObject({ model_max_length: 512 });

      // A browser page may read what the library reads.
      const exposed = (tokenizer.headers.get("access-control-expose-headers") ?? "").toLowerCase();
      for (const name of [
        "content-length",
        "content-range",
        "etag",
        "x-repo-commit",
        "content-disposition",
      ]) {
        expect(exposed).toContain(name);
      }
      expect(tokenizer.headers.get("access-control-allow-origin")).toBe("*");
    });

    test("the cross-origin preflight for a Range request is allowed", async () => {
      const preflight = await fetch(file("tokenizer_config.json"), {
        method: "OPTIONS",
        headers: {
          origin: ORIGIN,
          "access-control-request-method": "GET",
          "access-control-request-headers": "range",
        },
      });
      expect(preflight.status).toBe(204);
      expect((preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase()).toContain("range");
    });

    test("a file the tokenizer does not have answers EntryNotFound (optional files are skipped)", async () => {
      const missing = await fetch(file("special_tokens_map.json"), { headers: { "user-agent": AGENT } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
    });
  });
}

describe("transformers.js and a private distribution", () => {
  // The library sends HF_TOKEN to huggingface.co only: through the cache, a custom fetch adds the token.
  const defaultFetch = env.fetch;
  afterAll(() => {
    env.fetch = defaultFetch;
  });

  test("without the token the load is refused", async () => {
    const { base } = await addPrivateDistribution(stack, "acme/refused", "refused");
    env.remoteHost = `${base}/`;
    env.fetch = defaultFetch;
    await expect(AutoTokenizer.from_pretrained("acme/tiny-tokenizer")).rejects.toThrow(/Unauthorized/);
  });

  test("with a fetch that sends the access token, the tokenizer loads", async () => {
    const { base, token } = await addPrivateDistribution(stack, "acme/models", "models");
    env.remoteHost = `${base}/`;
    env.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const tokenizer = await AutoTokenizer.from_pretrained("acme/tiny-tokenizer");
    expect(tokenizer.encode("hello world")).toEqual([1, 2]);
  });
});
