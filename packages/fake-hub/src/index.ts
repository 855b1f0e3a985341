import { FakeHub, type FakeHubOptions } from "./server.ts";

export { FakeHub } from "./server.ts";
export type { FakeHubOptions, FileInfo, RecordedRequest } from "./server.ts";
export type { Faults } from "./faults.ts";
export type { FileSpec } from "./content.ts";
export type { RepoType } from "./repo.ts";
export type { AddRepoInput } from "./store.ts";
export type { TokenGrant } from "./auth.ts";
export { seedDemoRepos } from "./demo.ts";

/** Starts a fake Hugging Face Hub on `opts.host:opts.port` (default 127.0.0.1, random port). */
export function startFakeHub(opts: FakeHubOptions = {}): Promise<FakeHub> {
  return new FakeHub(opts).listen();
}
