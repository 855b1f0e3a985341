import { createRemote, type Actor } from "@hubcache/services";
import { remoteOptions, userInTeam } from "@hubcache/services/test-fixtures";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, trpcCode } from "../test-support.ts";

const providers = await testProviders();

describe.each(providers)("tRPC remote.testConnection on %s", { timeout: 60_000 }, (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  }, 60_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  const callerFor = (actor: Actor, urlAllowlist?: readonly string[]) =>
    callerAs(handle.db, actor, urlAllowlist);
  const code = trpcCode;

  it("is refused to members (FORBIDDEN) and, outside the allowlist, to team owners (BAD_REQUEST)", async () => {
    const owner = await userInTeam(handle.db);
    const member = await userInTeam(handle.db, "member", owner.teamId);
    // Nothing listens on port 9 of 127.0.0.1: no request may get that far anyway.
    const remote = await createRemote(
      handle.db,
      owner,
      { name: "hf", hubUrl: "http://127.0.0.1:9", hfToken: "hf_x" },
      remoteOptions,
    );
    expect(await code(callerFor(member).remote.testConnection({ id: remote.id }))).toBe("FORBIDDEN");
    const narrow = callerFor(owner, ["https://huggingface.co"]).remote.testConnection({ id: remote.id });
    expect(await code(narrow)).toBe("BAD_REQUEST");
    const reached = await callerFor(owner).remote.testConnection({ id: remote.id });
    expect(reached).toEqual({ reachable: false, tokenValid: null, error: "The hub could not be reached." });
  });
});
