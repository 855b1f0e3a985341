import type { Actor } from "@hubcache/services";
import { userInTeam } from "@hubcache/services/test-fixtures";
import { authenticateApiToken } from "@hubcache/db";
import { openTestDb, testProviders } from "@hubcache/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, trpcCode } from "../test-support.ts";

const providers = await testProviders();

describe.each(providers)("tRPC apiToken on %s", { timeout: 60_000 }, (provider) => {
  let handle: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    handle = await openTestDb(provider);
  }, 60_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  const callerFor = (actor: Actor) => callerAs(handle.db, actor);
  const code = trpcCode;

  it("shows the secret once; lists only the caller's tokens; revoking stops the token", async () => {
    const owner = await userInTeam(handle.db);
    // The same team, even as its owner: another user's personal tokens are not theirs to see.
    const teammate = await userInTeam(handle.db, "owner", owner.teamId);
    const expiresAt = new Date(Date.now() + 86_400_000);

    const created = await callerFor(owner).apiToken.create({ data: { name: " laptop ", expiresAt } });
    expect(created.token).toMatch(/^hcapi_\S{40,}$/);
    expect(created.view).toMatchObject({ name: "laptop", status: "active", lastUsedAt: null, expiresAt });
    // It acts as its owner; the list tells when it was last used.
    expect(await authenticateApiToken(handle.db, created.token)).toMatchObject({ id: owner.userId });
    const listed = await callerFor(owner).apiToken.list();
    expect(listed).toEqual([{ ...created.view, lastUsedAt: expect.any(Date) }]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(await callerFor(teammate).apiToken.list()).toEqual([]);
    expect(await code(callerFor(teammate).apiToken.revoke({ id: created.view.id }))).toBe("NOT_FOUND");
    expect(await authenticateApiToken(handle.db, created.token)).not.toBeNull();

    const revoked = await callerFor(owner).apiToken.revoke({ id: created.view.id });
    expect(revoked).toMatchObject({ id: created.view.id, status: "revoked", revokedAt: expect.any(Date) });
    expect(await authenticateApiToken(handle.db, created.token)).toBeNull();
    // Revoking again changes nothing.
    expect(await callerFor(owner).apiToken.revoke({ id: created.view.id })).toEqual(revoked);
  });

  it("refuses what the shared schema refuses, and creates nothing", async () => {
    const owner = await userInTeam(handle.db);
    const past = new Date(Date.now() - 60_000);
    expect(await code(callerFor(owner).apiToken.create({ data: { name: "  " } }))).toBe("BAD_REQUEST");
    expect(await code(callerFor(owner).apiToken.create({ data: { name: "old", expiresAt: past } }))).toBe(
      "BAD_REQUEST",
    );
    expect(await callerFor(owner).apiToken.list()).toEqual([]);
  });
});
