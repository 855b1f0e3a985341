import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemoRepos, startFakeHub, type FakeHub } from "./index.ts";
import { get } from "./test-utils.ts";

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
  seedDemoRepos(hub);
  await hub.warmup();
});
afterAll(() => hub.close());

it("seeds the demo repos the CLI serves", async () => {
  const cases: Array<[string, number]> = [
    ["/demo/tiny-model/resolve/main/config.json", 307],
    ["/demo/tiny-model/resolve/v1.0/model.safetensors", 302],
    ["/demo/tiny-model/resolve/main/tokenizer/tokenizer.json", 307],
    ["/datasets/demo/tiny-dataset/resolve/main/data/train-00000-of-00001.parquet", 302],
    ["/datasets/demo/tiny-dataset/resolve/main/data/test.csv", 307],
    ["/spaces/demo/tiny-space/resolve/main/app.py", 307],
    ["/gpt2/resolve/main/config.json", 307],
    ["/api/models/gpt2", 200],
    ["/api/datasets/demo/tiny-dataset/tree/main/data", 200],
    ["/api/spaces/demo/tiny-space/revision/main", 200],
  ];
  for (const [path, status] of cases) expect((await get(`${hub.url}${path}`)).status, path).toBe(status);
  expect(hub.fileInfo("model", "demo/tiny-model", "main", "model.safetensors").size).toBe(2 * 1024 * 1024);
});
