import { downloadFile } from "@huggingface/hub";
import { ADMIN } from "../playwright.config.ts";
import {
  basic,
  DISTRIBUTIONS,
  expect,
  horizontalOverflow,
  loaded,
  PHONE,
  REMOTES,
  test,
  trpc,
  WEB,
} from "./support/fixtures.ts";

/**
 * Tenancy end to end: the admin creates users and access tokens in the console; another user sees none of
 * the admin's things, neither in the console nor through the REST API nor through tRPC; a token opens a
 * private distribution until it is revoked in the console.
 */

/** The status of a request for the private distribution's repo info, with `token` or none. */
async function statusWith(endpoint: string, token?: string): Promise<number> {
  const response = await fetch(
    `${endpoint}/api/models/demo/tiny-model`,
    token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  );
  await response.arrayBuffer();
  return response.status;
}

test("the admin creates a user in the console, with the schema's and the server's field messages", async ({
  admin: page,
  uniqueUsername,
}) => {
  const username = uniqueUsername("new");
  await page.goto("/teams");
  const users = page.getByRole("region", { name: "Users" });
  await expect(users).toBeVisible();
  // The shared schema's messages, before anything is sent.
  await users.getByLabel("Username").fill("b");
  await users.getByLabel(/^Password/).fill("short");
  await users.getByRole("button", { name: "Create user" }).click();
  await expect(users.locator("#new-user-username-error")).toBeVisible();
  await expect(users.locator("#new-user-password-error")).toBeVisible();
  await users.getByLabel("Username").fill(username);
  await users.getByLabel(/^Password/).fill("a-good-password");
  await users.getByRole("button", { name: "Create user" }).click();
  await expect(users.getByRole("status")).toHaveText(`User ${username} created.`);
  // The server's field message for a taken username.
  await users.getByLabel("Username").fill(username);
  await users.getByLabel(/^Password/).fill("a-good-password");
  await users.getByRole("button", { name: "Create user" }).click();
  await expect(users.locator("#new-user-username-error")).toHaveText("This username is taken.");

  const team = page.getByRole("region", { name: "team default" });
  await expect(team.getByRole("row", { name: "member admin" })).toContainText("owner");
  await page.screenshot({ path: test.info().outputPath("teams.png"), fullPage: true });
});

test("a token made in the console is shown once, opens a private distribution, and revoking it closes it", async ({
  admin: page,
  api,
  unique,
}) => {
  const distribution = await api.createDistribution(unique("private"), { isPublic: false });
  const name = unique("token");
  await page.goto("/tokens");
  await loaded(page);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token-secret");
  await expect(shown).toHaveText(/^hf_hc_\S{20,}$/);
  const secret = (await shown.textContent())!;
  await expect(page.getByText(/will not be shown again/)).toBeVisible();
  const row = page.getByRole("row", { name: `token ${name}` });
  await expect(row).toContainText("active");
  await expect(row.locator('td[data-label="Last used"]')).toHaveText("never");
  await page.screenshot({ path: test.info().outputPath("tokens-secret.png"), fullPage: true });

  // Never again: not after dismissing, not after a reload.
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(shown).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await page.screenshot({ path: test.info().outputPath("tokens.png"), fullPage: true });

  // The token opens the private distribution (once the content server has re-read its configuration).
  await expect.poll(() => statusWith(distribution.endpoint, secret), { timeout: 15_000 }).toBe(200);
  expect(await statusWith(distribution.endpoint)).toBe(401);
  expect(await statusWith(distribution.endpoint, "hc_not-a-token")).toBe(401);
  // The real @huggingface/hub client, given the distribution's URL and the token as HF_TOKEN would be.
  const repo = { type: "model" as const, name: "demo/tiny-model" };
  const hubUrl = distribution.endpoint;
  const weights = await downloadFile({ repo, path: "model.safetensors", hubUrl, accessToken: secret });
  expect(weights?.size).toBe(2 * 1024 * 1024);
  await expect(downloadFile({ repo, path: "model.safetensors", hubUrl })).rejects.toThrow();

  // The content server recorded the uses; revoking in the console closes the distribution within seconds.
  await expect(async () => {
    await page.reload();
    await expect(row.locator('td[data-label="Last used"]')).not.toHaveText("never", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText(`Revoke “${name}”?`);
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect.poll(() => statusWith(distribution.endpoint, secret), { timeout: 10_000 }).toBe(401);
});

test("another user sees none of the admin's things, in the console, the REST API and tRPC", async ({
  api,
  pageAs,
  unique,
  uniqueUsername,
}) => {
  // The admin's remote, private distribution and token; the ids are right: they work for the admin.
  const distribution = await api.createDistribution(unique("mine"), { isPublic: false });
  const remote = distribution.remote;
  const tokenName = unique("token");
  const token = await api.trpc<{ token: string; view: { id: string } }>("token.create", {
    team: "default",
    data: { name: tokenName },
  });
  const teams = await api.trpc<Array<{ id: string; slug: string }>>("team.list", undefined, "query");
  const teamId = teams.find((team) => team.slug === "default")!.id;
  const admin = await pageAs(ADMIN);
  expect((await trpc(admin.request, "remote.byId", { id: remote.id }, "query")).status).toBe(200);
  await admin.goto("/remotes");
  await expect(admin.getByRole("row", { name: `remote ${remote.name}` })).toBeVisible();

  const other = await api.createUser(uniqueUsername("other"));
  const page = await pageAs(other);
  for (const path of ["/", "/remotes", "/distributions", "/tokens", "/teams"]) {
    await page.goto(path);
    await expect(page.getByRole("button", { name: /sign out/i })).toBeVisible();
    await loaded(page);
    const text = await page.locator("main").innerText();
    for (const name of [remote.name, distribution.name, tokenName, "Default"]) {
      expect(text, `${path} shows ${name}`).not.toContain(name);
    }
  }
  await page.goto("/tokens");
  await expect(page.getByText("No access tokens yet.")).toBeVisible();
  await page.goto("/teams");
  await expect(page.getByText("You are not a member of any team yet.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Users" })).toHaveCount(0);

  // REST: the admin's hrefs do not exist for the other user, whose lists are empty.
  const asOther = basic(other);
  for (const list of [REMOTES, DISTRIBUTIONS]) {
    const response = await fetch(`${WEB}${list}`, { headers: asOther });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ count: 0, results: [] });
  }
  for (const href of [remote.href, distribution.href]) {
    expect((await fetch(`${WEB}${href}`, { headers: asOther })).status).toBe(404);
    expect((await fetch(`${WEB}${href}`, { method: "DELETE", headers: asOther })).status).toBe(404);
    const patch = await fetch(`${WEB}${href}`, {
      method: "PATCH",
      headers: { ...asOther, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "mine-now" }),
    });
    expect(patch.status).toBe(404);
  }

  // tRPC with the admin's ids.
  const calls: Array<[string, unknown, "query" | "mutation"]> = [
    ["remote.byId", { id: remote.id }, "query"],
    ["remote.update", { id: remote.id, data: { name: "mine-now" } }, "mutation"],
    ["remote.delete", { id: remote.id }, "mutation"],
    ["distribution.delete", { id: distribution.id }, "mutation"],
    ["token.revoke", { id: token.view.id }, "mutation"],
    ["team.members", { teamId }, "query"],
    ["team.rename", { teamId, data: { name: "Mine now" } }, "mutation"],
    ["team.addMember", { teamId, data: { username: other.username, role: "owner" } }, "mutation"],
    ["team.removeMember", { teamId, userId: "whoever" }, "mutation"],
  ];
  for (const [path, input, kind] of calls) {
    const result = await trpc(page.request, path, input, kind);
    expect({ path, code: result.code }).toEqual({ path, code: "NOT_FOUND" });
  }
  const created = await trpc(page.request, "user.create", { data: other }, "mutation");
  expect(created.code).toBe("FORBIDDEN");
  // Nothing changed for the admin: the remote is there, the token still opens the distribution.
  expect((await trpc(admin.request, "remote.byId", { id: remote.id }, "query")).status).toBe(200);
  await expect.poll(() => statusWith(distribution.endpoint, token.token), { timeout: 15_000 }).toBe(200);
});

test("the admin creates and renames a team and manages its members", async ({
  admin: page,
  api,
  pageAs,
  unique,
  uniqueUsername,
}) => {
  const member = await api.createUser(uniqueUsername("member"));
  const id = unique("lab").slice("lab-".length);
  await page.goto("/teams");
  // Hydrated and loaded: before that, a click would submit the form natively.
  await loaded(page);
  const create = page.getByRole("form", { name: "Create a team" });
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create.locator("#new-team-name-error")).toBeVisible();
  await create.getByLabel("Name").fill(`Research Lab ${id}`);
  await create.getByRole("button", { name: "Create team" }).click();
  const team = page.getByRole("region", { name: `team research-lab-${id}` });
  await expect(team.getByRole("heading", { name: `Research Lab ${id} owner` })).toBeVisible();

  await team.getByRole("button", { name: "Rename" }).click();
  await team.getByLabel("New name").fill(`Research ${id}`);
  await team.getByRole("button", { name: "Save" }).click();
  await expect(team.getByRole("heading", { name: `Research ${id} owner`, exact: true })).toBeVisible();

  const add = team.getByRole("form", { name: "Add a member" });
  await add.getByPlaceholder("username").fill("nobody_here");
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add.getByText("There is no user with this username.")).toBeVisible();
  await add.getByPlaceholder("username").fill(member.username);
  await add.getByRole("button", { name: "Add" }).click();
  const memberRow = team.getByRole("row", { name: `member ${member.username}` });
  await expect(memberRow.getByRole("combobox")).toHaveValue("member");
  await memberRow.getByRole("combobox").selectOption("admin");
  await expect(memberRow.getByRole("combobox")).toHaveValue("admin");

  // The last owner stays.
  const adminRow = team.getByRole("row", { name: "member admin" });
  await adminRow.getByRole("button", { name: "Remove" }).click();
  await adminRow.getByRole("button", { name: "Yes, remove" }).click();
  await expect(team.getByText(/at least one owner/)).toBeVisible();
  await expect(adminRow).toBeVisible();

  // The member now sees this team (as admin), still not the default one.
  const theirs = await pageAs(member);
  await theirs.goto("/teams");
  await expect(theirs.getByRole("region", { name: `team research-lab-${id}` })).toContainText("admin");
  await expect(theirs.getByRole("region", { name: "team default" })).toHaveCount(0);

  await memberRow.getByRole("button", { name: "Remove" }).click();
  await memberRow.getByRole("button", { name: "Yes, remove" }).click();
  await expect(memberRow).toHaveCount(0);
  await theirs.reload();
  await expect(theirs.getByText("You are not a member of any team yet.")).toBeVisible();
});

test("the tokens and teams pages fit a phone", async ({ admin: page }) => {
  await page.setViewportSize(PHONE);
  for (const [path, heading] of [
    ["/tokens", "Access tokens"],
    ["/teams", "Teams"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await loaded(page);
    expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${path.slice(1)}-phone.png`), fullPage: true });
  }
});
