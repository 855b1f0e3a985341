import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bytesOf, startStack, type Stack } from "./harness.ts";
import { NON_ASCII_PATH, seedRound2, type Round2Commits } from "./round2-seed.ts";

// Raw HTTP replaying exactly what huggingface_hub 0.36 (requests: booleans `True`/`False`) and 1.28
// (httpx: `true`/`false`) send for HfFileSystem, safetensors metadata, refs, commits, repo info, paths-info,
// the *_exists helpers and hf_hub_download, through both base paths (read from hf_api.py, file_download.py
// and hf_file_system.py of each version).

let stack: Stack;
let commits: Round2Commits;
/** acme/history's commits on main, newest first: more than two pages of the stand-in's page size. */
let history: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    hub: { pageSize: 2 },
    seed: (hub) => {
      commits = seedRound2(hub);
      history = [hub.addRepo({ id: "acme/history", files: { "notes.txt": "0" } }).commit];
      for (let n = 1; n < 5; n++) {
        history.unshift(hub.commit("model", "acme/history", "main", { "notes.txt": String(n) }).commit);
      }
    },
  });
});
afterAll(async () => {
  await stack.stop();
});

const CLIENTS = [
  {
    name: "huggingface_hub 0.36",
    yes: "True",
    no: "False",
    agent: "unknown/None; hf_hub/0.36.2; python/3.12.3",
  },
  {
    name: "huggingface_hub 1.28",
    yes: "true",
    no: "false",
    agent: "unknown/None; hf_hub/1.28.0; python/3.12.3",
  },
];

interface Entry {
  type: "file" | "directory";
  path: string;
  size?: number;
  oid?: string;
  lfs?: { oid: string; size: number };
  lastCommit?: { id: string };
  securityFileStatus?: { status: string };
}

const nextLink = (response: Response): string | null =>
  /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;

for (const client of CLIENTS) {
  for (const basePath of ["huggingface", "pulp/content/huggingface"]) {
    describe(`${client.name} through /${basePath}`, () => {
      const base = () => `${stack.server.url}/${basePath}`;
      const headers = { "user-agent": client.agent, "accept-encoding": "identity" };
      const get = (path: string, extra: Record<string, string> = {}) =>
        fetch(`${base()}/${path}`, { headers: { ...headers, ...extra } });
      const head = (path: string) =>
        fetch(`${base()}/${path}`, { method: "HEAD", headers, redirect: "manual" });

      /** `paginate()`: the first page with params, then every `Link: rel="next"` as given. */
      async function paginate(path: string): Promise<Entry[]> {
        const entries: Entry[] = [];
        for (let url: string | null = `${base()}/${path}`; url;) {
          expect(url.startsWith(base())).toBe(true);
          const response: Response = await fetch(url, { headers });
          expect(response.status).toBe(200);
          entries.push(...((await response.json()) as Entry[]));
          url = nextLink(response);
        }
        return entries;
      }

      test("HfFileSystem ls below the top folder: the nested folder as ONE encoded segment", async () => {
        const entries = await paginate(
          `api/datasets/acme/table/tree/main/data%2Fnested?recursive=${client.no}&expand=${client.no}`,
        );
        expect(entries.map((entry) => entry.path)).toEqual(["data/nested/b.csv", "data/nested/deeper"]);
        const deeper = await paginate(
          `api/datasets/acme/table/tree/main/data%2Fnested%2Fdeeper?recursive=${client.no}&expand=${client.no}`,
        );
        expect(deeper.map((entry) => entry.path)).toEqual(["data/nested/deeper/a.csv"]);
        // `..` hidden in the encoded segment is still refused, and never reaches upstream.
        stack.hub.resetRequests();
        expect((await get("api/datasets/acme/table/tree/main/data%2F..%2F..%2Fx")).status).toBe(400);
        expect(stack.hub.requests.length).toBe(0);
      });

      test("HfFileSystem glob and find: recursive listings followed across pages", async () => {
        const all = await paginate(
          `api/datasets/acme/table/tree/main/data?recursive=${client.yes}&expand=${client.no}`,
        );
        expect(all.filter((entry) => entry.type === "file").map((entry) => entry.path)).toEqual([
          "data/nested/b.csv",
          "data/nested/deeper/a.csv",
          "data/train.csv",
        ]);
        const nested = await paginate(
          `api/datasets/acme/table/tree/main/data%2Fnested?recursive=${client.yes}&expand=${client.no}`,
        );
        expect(nested.map((entry) => entry.path)).toContain("data/nested/deeper/a.csv");
        const parquet = await paginate(
          `api/datasets/acme/table/tree/refs%2Fconvert%2Fparquet/default%2Ftrain?recursive=${client.no}&expand=${client.no}`,
        );
        expect(parquet.map((entry) => entry.path)).toEqual(["default/train/0000.parquet"]);
      });

      test("HfFileSystem info with expand_info: paths-info as a form, expand spelled the client's way", async () => {
        const response = await fetch(`${base()}/api/datasets/acme/table/paths-info/main`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: `paths=data%2Fnested%2Fb.csv&expand=${client.yes}`,
        });
        expect(response.status).toBe(200);
        const [entry] = (await response.json()) as Entry[];
        expect(entry?.path).toBe("data/nested/b.csv");
        expect(entry?.lastCommit?.id).toMatch(/^[0-9a-f]{40}$/);
        expect(entry?.securityFileStatus?.status).toBe("safe");
      });

      test("HfFileSystem open().read(): GET with Range bytes=a-b, on a branch and on refs/convert/parquet", async () => {
        const expected = await stack.hub.readFile("dataset", "acme/table", "main", "data/nested/b.csv");
        const part = await get("datasets/acme/table/resolve/main/data/nested/b.csv", { range: "bytes=1-3" });
        expect(part.status).toBe(206);
        expect(part.headers.get("content-range")).toBe(`bytes 1-3/${expected.byteLength}`);
        expect(bytesOf(await part.arrayBuffer())).toEqual(expected.slice(1, 4));
        const parquet = await stack.hub.readFile(
          "dataset",
          "acme/table",
          "refs/convert/parquet",
          "default/train/0000.parquet",
        );
        const piece = await get(
          "datasets/acme/table/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet",
          {
            range: "bytes=1000-1999",
          },
        );
        expect(piece.status).toBe(206);
        expect(bytesOf(await piece.arrayBuffer())).toEqual(parquet.slice(1000, 2000));
      });

      test("get_safetensors_metadata: HEAD, then the header by ranges; sharded through the index", async () => {
        expect((await head("acme/weights/resolve/main/model.safetensors")).status).toBe(200);
        const first = await get("acme/weights/resolve/main/model.safetensors", { range: "bytes=0-100000" });
        expect(first.status).toBe(206);
        const bytes = bytesOf(await first.arrayBuffer());
        const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
        const header = JSON.parse(new TextDecoder().decode(bytes.slice(8, 8 + length)));
        expect(header["embed.weight"].shape).toEqual([4, 8]);
        // A header longer than the first read is fetched with a second range.
        const second = await get("acme/weights/resolve/main/model.safetensors", {
          range: `bytes=8-${length + 7}`,
        });
        expect(second.status).toBe(206);
        expect(JSON.parse(await second.text())).toEqual(header);

        const missing = await head("acme/sharded/resolve/main/model.safetensors");
        expect(missing.status).toBe(404);
        expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
        expect(missing.headers.get("x-repo-commit")).toMatch(/^[0-9a-f]{40}$/);
        expect((await head("acme/sharded/resolve/main/model.safetensors.index.json")).status).toBe(200);
        const index = (await (
          await get("acme/sharded/resolve/main/model.safetensors.index.json")
        ).json()) as {
          weight_map: Record<string, string>;
        };
        for (const shard of new Set(Object.values(index.weight_map))) {
          const response = await get(`acme/sharded/resolve/main/${shard}`, { range: "bytes=0-100000" });
          expect(response.status).toBe(206);
          expect(response.headers.get("content-range")).toMatch(/^bytes 0-\d+\/\d+$/);
        }
      });

      test("list_repo_refs(include_pull_requests=True) and a dataset's conversions", async () => {
        const refs = (await (await get("api/models/acme/weights/refs?include_prs=1")).json()) as {
          branches: Array<{ name: string; targetCommit: string }>;
          pullRequests: Array<{ ref: string }>;
          tags: unknown[];
          converts: unknown[];
        };
        expect(refs.branches.find((branch) => branch.name === "main")?.targetCommit).toBe(
          commits.weightsSecond,
        );
        expect(refs.pullRequests.map((pr) => pr.ref)).toEqual(["refs/pr/1"]);
        const table = (await (await get("api/datasets/acme/table/refs")).json()) as {
          converts: Array<{ ref: string }>;
        };
        expect(table.converts.map((convert) => convert.ref)).toEqual(["refs/convert/parquet"]);
      });

      test("list_repo_commits, plain and formatted, on a branch and on a PR", async () => {
        const history = await paginate("api/models/acme/weights/commits/main");
        expect(history.map((commit) => (commit as unknown as { id: string }).id)).toEqual([
          commits.weightsSecond,
          commits.weightsFirst,
        ]);
        const formatted = await get("api/models/acme/weights/commits/main?expand%5B%5D=formatted");
        expect(formatted.status).toBe(200);
        expect(formatted.headers.get("x-total-count")).toBe("2");
        // What Python reads into `formatted_title` and `formatted_message`.
        const formattedCommits = (await formatted.json()) as Array<{
          id: string;
          formatted?: { title?: unknown; message?: unknown };
        }>;
        expect(formattedCommits.map((commit) => commit.id)).toEqual([
          commits.weightsSecond,
          commits.weightsFirst,
        ]);
        for (const commit of formattedCommits) {
          expect(typeof commit.formatted?.title).toBe("string");
          expect(typeof commit.formatted?.message).toBe("string");
        }
        const pr = await get("api/models/acme/weights/commits/refs%2Fpr%2F1");
        expect(pr.headers.get("x-total-count")).toBe("1");
      });

      test("list_repo_commits across pages: the `p=` Link followed as given, formatted on every page", async () => {
        const pages: string[] = [];
        const ids: string[] = [];
        let url: string | null = `${base()}/api/models/acme/history/commits/main?expand%5B%5D=formatted`;
        while (url) {
          expect(url.startsWith(base())).toBe(true);
          pages.push(url);
          const response: Response = await fetch(url, { headers });
          expect(response.status).toBe(200);
          expect(response.headers.get("x-total-count")).toBe(String(history.length));
          const page = (await response.json()) as Array<{ id: string; formatted?: { title?: string } }>;
          for (const commit of page) expect(typeof commit.formatted?.title).toBe("string");
          ids.push(...page.map((commit) => commit.id));
          url = nextLink(response);
        }
        expect(ids).toEqual(history);
        expect(pages.length).toBeGreaterThan(2);
        expect(pages.slice(1).every((page) => /[?&]p=\d+/.test(page))).toBe(true);
      });

      test("list_repo_tree(expand=True): lastCommit and security status on every entry", async () => {
        const entries = await paginate(
          `api/models/acme/weights/tree/main?recursive=${client.no}&expand=${client.yes}`,
        );
        expect(entries.map((entry) => entry.path)).toEqual(
          expect.arrayContaining(["config.json", "model.safetensors", "docs"]),
        );
        for (const entry of entries) {
          expect(entry.lastCommit?.id).toMatch(/^[0-9a-f]{40}$/);
          if (entry.type === "file") expect(entry.securityFileStatus?.status).toBe("safe");
        }
        // README.md came with the second commit; the files from the first kept their first commit.
        const byPath = new Map(entries.map((entry) => [entry.path, entry.lastCommit?.id]));
        expect(byPath.get("README.md")).toBe(commits.weightsSecond);
        expect(byPath.get("config.json")).toBe(commits.weightsFirst);
      });

      test("model_info(files_metadata=True): sizes and lfs on siblings", async () => {
        const response = await get(`api/models/acme/weights?blobs=${client.yes}`);
        expect(response.status).toBe(200);
        const info = (await response.json()) as {
          sha: string;
          siblings: Array<{ rfilename: string; size?: number; lfs?: { sha256: string } }>;
        };
        expect(info.sha).toBe(commits.weightsSecond);
        const weights = info.siblings.find((sibling) => sibling.rfilename === "model.safetensors");
        expect(weights?.size).toBeGreaterThan(0);
        expect(weights?.lfs?.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(info.siblings.map((sibling) => sibling.rfilename)).toContain(NON_ASCII_PATH);
      });

      test("model_info(securityStatus=True): the repo's scan summary, kept apart from the plain info", async () => {
        const response = await get(`api/models/acme/weights?securityStatus=${client.yes}`);
        expect(response.status).toBe(200);
        const info = (await response.json()) as { sha: string; securityRepoStatus?: { scansDone?: boolean } };
        expect(info.sha).toBe(commits.weightsSecond);
        expect(info.securityRepoStatus?.scansDone).toBe(true);
        const plain = (await (await get("api/models/acme/weights")).json()) as {
          securityRepoStatus?: unknown;
        };
        expect(plain.securityRepoStatus).toBeUndefined();
      });

      test("get_paths_info(expand=True): lastCommit and securityFileStatus", async () => {
        const response = await fetch(`${base()}/api/models/acme/weights/paths-info/main`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: `paths=config.json&paths=model.safetensors&expand=${client.yes}`,
        });
        const entries = (await response.json()) as Entry[];
        expect(entries.map((entry) => entry.path).sort()).toEqual(["config.json", "model.safetensors"]);
        for (const entry of entries) {
          expect(entry.lastCommit?.id).toMatch(/^[0-9a-f]{40}$/);
          expect(entry.securityFileStatus).toBeDefined();
        }
      });

      test("file_exists, repo_exists, revision_exists", async () => {
        expect((await head("acme/weights/resolve/main/config.json")).status).toBe(200);
        const noFile = await head("acme/weights/resolve/main/nope.json");
        expect([noFile.status, noFile.headers.get("x-error-code")]).toEqual([404, "EntryNotFound"]);
        expect((await get("api/models/acme/weights")).status).toBe(200);
        const noRepo = await get("api/models/acme/nothing-here");
        expect([noRepo.status, noRepo.headers.get("x-error-code")]).toEqual([401, "RepoNotFound"]);
        expect((await get("api/models/acme/weights/revision/refs%2Fpr%2F1")).status).toBe(200);
        const noRevision = await get("api/models/acme/weights/revision/no-such-branch");
        expect([noRevision.status, noRevision.headers.get("x-error-code")]).toEqual([
          404,
          "RevisionNotFound",
        ]);
      });

      test("hf_hub_download(local_dir=…): HEAD, GET, and a resume with Range: bytes=N-", async () => {
        const quoted = "docs/d%C3%A9j%C3%A0%20vu%20%281%29.txt"; // quote(filename): slashes kept
        const expected = await stack.hub.readFile("model", "acme/weights", "main", NON_ASCII_PATH);
        const meta = await head(`acme/weights/resolve/main/${quoted}`);
        expect(meta.status).toBe(200);
        expect(meta.headers.get("x-repo-commit")).toBe(commits.weightsSecond);
        expect(meta.headers.get("etag")).toBeTruthy();
        expect(meta.headers.get("content-length")).toBe(String(expected.byteLength));
        expect(meta.headers.get("content-disposition")).toBe(
          `inline; filename*=UTF-8''d%C3%A9j%C3%A0%20vu%20%281%29.txt; filename="d_j_ vu (1).txt"`,
        );
        const whole = await get(`acme/weights/resolve/main/${quoted}`);
        expect(bytesOf(await whole.arrayBuffer())).toEqual(expected);
        const rest = await get(`acme/weights/resolve/main/${quoted}`, { range: "bytes=3-" });
        expect(rest.status).toBe(206);
        expect(rest.headers.get("content-range")).toBe(
          `bytes 3-${expected.byteLength - 1}/${expected.byteLength}`,
        );
        expect(bytesOf(await rest.arrayBuffer())).toEqual(expected.slice(3));

        const lfs = await head("acme/weights/resolve/main/model.safetensors");
        const size = Number(lfs.headers.get("x-linked-size"));
        expect(lfs.headers.get("x-linked-etag")).toMatch(/^"?[0-9a-f]{64}"?$/);
        const resumed = await get("acme/weights/resolve/main/model.safetensors", {
          range: `bytes=${size - 10}-`,
        });
        expect(resumed.status).toBe(206);
        expect(resumed.headers.get("content-range")).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
        expect(resumed.headers.get("content-disposition")).toContain("filename*=UTF-8''model.safetensors");
      });
    });
  }
}

describe("across clients", () => {
  test("one question in two boolean spellings is one cache entry", async () => {
    const base = `${stack.server.url}/huggingface`;
    await fetch(`${base}/api/datasets/demo/tiny-dataset/tree/main?recursive=True&expand=True`);
    stack.hub.resetRequests();
    const response = await fetch(
      `${base}/api/datasets/demo/tiny-dataset/tree/main?expand=true&recursive=true`,
    );
    expect(response.status).toBe(200);
    expect(stack.hub.requests.length).toBe(0);
  });

  test("a warm file is named after itself, never after its digest", async () => {
    const url = `${stack.server.url}/huggingface/demo/tiny-model/resolve/main/onnx/model.onnx`;
    await (await fetch(url)).arrayBuffer();
    stack.hub.resetRequests();
    const warm = await fetch(url);
    await warm.arrayBuffer();
    expect(stack.hub.requests.length).toBe(0);
    expect(warm.headers.get("content-disposition")).toBe(
      `inline; filename*=UTF-8''model.onnx; filename="model.onnx"`,
    );
  });
});
