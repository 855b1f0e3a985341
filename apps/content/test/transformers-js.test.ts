import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startStack, type Stack } from "./harness.ts";
import { seedRound2, TOKENIZER_JSON } from "./round2-seed.ts";

// transformers.js 4.3 `AutoTokenizer.from_pretrained("acme/tiny-tokenizer")` with
// `env.remoteHost = "{base}/"`, replayed request by request as recorded from the real library (the
// `@huggingface/transformers` package pulls in onnxruntime-node, whose install step downloads binaries
// from a host this machine cannot reach, and ~470 MB besides; it is not a dependency here):
//   1. GET {model}/resolve/main/tokenizer_config.json  Range: bytes=0-0  (a size probe, no-store)
//   2. GET {model}/resolve/main/tokenizer.json
//   3. GET {model}/resolve/main/tokenizer_config.json
// In a browser the same requests are cross-origin: the preflight and the exposed headers matter.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: seedRound2 });
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
      // The library reads Content-Length for progress only; a cold GET streams without it (Bun drops a
      // handler-set length on streamed bodies: README, Performance), a warm one carries the true length.
      const length = tokenizer.headers.get("content-length");
      const size = new TextEncoder().encode(TOKENIZER_JSON).byteLength;
      if (length !== null) expect(length).toBe(String(size));
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
