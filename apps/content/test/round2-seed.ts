import { seedDemoRepos, type FakeHub } from "@hubcache/fake-hub";

/** A safetensors file: an 8-byte little-endian header length, the JSON header, then zeroed F32 tensors. */
export function safetensors(tensors: Record<string, number[]>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (const [name, shape] of Object.entries(tensors)) {
    const size = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: "F32", shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.byteLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  bytes.set(json, 8);
  return bytes;
}

/** A word-level tokenizer transformers.js can load without any model weights. */
export const TOKENIZER_JSON = JSON.stringify({
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: [
    {
      id: 0,
      content: "[UNK]",
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    },
  ],
  normalizer: null,
  pre_tokenizer: { type: "Whitespace" },
  post_processor: null,
  decoder: null,
  model: { type: "WordLevel", vocab: { "[UNK]": 0, hello: 1, world: 2 }, unk_token: "[UNK]" },
});

export const NON_ASCII_PATH = "docs/déjà vu (1).txt";

export interface Round2Commits {
  /** acme/weights main before and after its second commit. */
  weightsFirst: string;
  weightsSecond: string;
}

/**
 * The demo repos, plus what round 2 needs: safetensors (single and sharded), a history of two commits and
 * a PR, nested dataset folders and a parquet conversion, names with spaces and non-ASCII, repos to list
 * across pages, and a tokenizer.
 */
export function seedRound2(hub: FakeHub): Round2Commits {
  seedDemoRepos(hub);
  const weights = {
    "config.json": '{"model_type":"bert"}',
    "model.safetensors": { content: safetensors({ "embed.weight": [4, 8], "head.bias": [8] }), lfs: true },
    [NON_ASCII_PATH]: "déjà vu\n",
  };
  const weightsFirst = hub.addRepo({ id: "acme/weights", files: weights }).commit;
  const weightsSecond = hub.commit("model", "acme/weights", "main", {
    ...weights,
    "README.md": "# weights\n",
  }).commit;
  hub.commit("model", "acme/weights", "pr-1", { ...weights, "config.json": '{"model_type":"bert","pr":1}' });
  hub.createRef("model", "acme/weights", "refs/pr/1", "pr-1");

  const first = safetensors({ "a.weight": [2, 2] });
  const second = safetensors({ "b.weight": [3], "c.weight": [1, 5] });
  hub.addRepo({
    id: "acme/sharded",
    files: {
      "model-00001-of-00002.safetensors": { content: first, lfs: true },
      "model-00002-of-00002.safetensors": { content: second, lfs: true },
      "model.safetensors.index.json": JSON.stringify({
        metadata: { total_size: String(16 + 32) },
        weight_map: {
          "a.weight": "model-00001-of-00002.safetensors",
          "b.weight": "model-00002-of-00002.safetensors",
          "c.weight": "model-00002-of-00002.safetensors",
        },
      }),
    },
  });

  hub.addRepo({
    type: "dataset",
    id: "acme/table",
    files: {
      "README.md": "# table\n",
      "data/nested/b.csv": "id\n2\n",
      "data/nested/deeper/a.csv": "id\n1\n",
      "data/train.csv": "id\n0\n",
    },
  });
  hub.commit("dataset", "acme/table", "parquet", {
    "default/train/0000.parquet": { size: 2048, seed: 9 },
  });
  hub.createRef("dataset", "acme/table", "refs/convert/parquet", "parquet");

  for (const name of ["a", "b", "c", "d", "e"])
    hub.addRepo({ id: `lister/m-${name}`, files: { "x.txt": name } });
  for (const name of ["a", "b", "c"]) {
    hub.addRepo({ type: "dataset", id: `lister/d-${name}`, files: { "x.txt": name } });
  }

  hub.addRepo({
    id: "acme/tiny-tokenizer",
    files: {
      "config.json": '{"model_type":"bert"}',
      "tokenizer.json": TOKENIZER_JSON,
      "tokenizer_config.json": JSON.stringify({
        tokenizer_class: "PreTrainedTokenizerFast",
        model_max_length: 512,
      }),
    },
  });
  return { weightsFirst, weightsSecond };
}
