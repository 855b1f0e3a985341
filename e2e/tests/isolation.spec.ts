import { downloadFile } from "@huggingface/hub";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ADMIN, E2E_PORTS, HUB_URL } from "../playwright.config.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * Tenancy end to end: the admin creates a second user and an access token in the console; that user sees
 * none of the admin's things, neither in the console nor through the REST API nor through tRPC; and the
 * admin's token opens a private distribution until it is revoked in the console.
 */

const WEB = `http://127.0.0.1:${E2E_PORTS.web}`;
const CONTENT = `http://127.0.0.1:${E2E_PORTS.content}`;
const BOB = { username: "bob", password: "bob-e2e-password" };
const PULP = "/pulp/api/v3";
const REMOTES = `${PULP}/remotes/hugging_face/hugging-face/`;
const DISTRIBUTIONS = `${PULP}/distributions/hugging_face/hugging-face/`;
const PRIVATE_FILE = `${CONTENT}/pulp/content/iso-private/api/models/demo/tiny-model`;

const basic = (user: { username: string; password: string }) => ({
  Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: WEB });
  return context.newPage();
}

async function tokenStatus(token?: string): Promise<number> {
  const response = await fetch(PRIVATE_FILE, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  await response.arrayBuffer();
  return response.status;
}

/** A tRPC call as the page's signed-in user: queries by GET, mutations by POST. */
async function trpc(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation") {
  const response =
    kind === "query"
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await request.post(`/api/trpc/${path}`, { data: input });
  const body = (await response.json()) as { error?: { data?: { code?: string } }; result?: unknown };
  return { status: response.status(), code: body.error?.data?.code, body };
}

test.describe.serial("isolation", () => {
  let admin: Page;
  let bob: Page;
  let secret = "";
  let remoteHref = "";
  let distributionHref = "";

  test.afterAll(async () => {
    await admin?.context().close();
    await bob?.context().close();
  });

  test("the admin creates a user, a private distribution and a token shown once", async ({ browser }) => {
    // A remote and a private distribution of the admin's team, through the REST API.
    const remote = await fetch(`${WEB}${REMOTES}`, {
      method: "POST",
      headers: { ...basic(ADMIN), "Content-Type": "application/json" },
      body: JSON.stringify({ name: "iso-remote", hf_hub_url: HUB_URL, policy: "on_demand" }),
    });
    expect(remote.status).toBe(201);
    remoteHref = ((await remote.json()) as { pulp_href: string }).pulp_href;
    const distribution = await fetch(`${WEB}${DISTRIBUTIONS}`, {
      method: "POST",
      headers: { ...basic(ADMIN), "Content-Type": "application/json" },
      body: JSON.stringify({
        name: "iso-private",
        base_path: "iso-private",
        remote: remoteHref,
        public: false,
      }),
    });
    expect(distribution.status).toBe(201);
    distributionHref = ((await distribution.json()) as { pulp_href: string }).pulp_href;

    admin = await newPage(browser);
    await signIn(admin, ADMIN);

    await admin.goto("/teams");
    const users = admin.getByRole("region", { name: "Users" });
    await expect(users).toBeVisible();
    // The shared schema's messages, before anything is sent.
    await users.getByLabel("Username").fill("b");
    await users.getByLabel(/^Password/).fill("short");
    await users.getByRole("button", { name: "Create user" }).click();
    await expect(users.locator("#new-user-username-error")).toBeVisible();
    await expect(users.locator("#new-user-password-error")).toBeVisible();
    await users.getByLabel("Username").fill(BOB.username);
    await users.getByLabel(/^Password/).fill(BOB.password);
    await users.getByRole("button", { name: "Create user" }).click();
    await expect(users.getByRole("status")).toHaveText(/User bob created/);
    // The server's field message for a taken username.
    await users.getByLabel("Username").fill(BOB.username);
    await users.getByLabel(/^Password/).fill(BOB.password);
    await users.getByRole("button", { name: "Create user" }).click();
    await expect(users.locator("#new-user-username-error")).toHaveText("This username is taken.");

    const team = admin.getByRole("region", { name: "team default" });
    await expect(team.getByRole("row", { name: "member admin" })).toContainText("owner");
    await admin.screenshot({ path: test.info().outputPath("teams.png"), fullPage: true });

    await admin.goto("/tokens");
    await expect(admin.locator("main").getByText(/Loading/)).toHaveCount(0);
    await admin.getByLabel("Name").fill("iso-token");
    await admin.getByRole("button", { name: "Create token" }).click();
    const shown = admin.getByTestId("new-token-secret");
    await expect(shown).toHaveText(/^hf_hc_\S{20,}$/);
    secret = (await shown.textContent())!;
    await expect(admin.getByText(/will not be shown again/)).toBeVisible();
    const row = admin.getByRole("row", { name: "token iso-token" });
    await expect(row).toContainText("active");
    await expect(row).toContainText("never");
    await admin.screenshot({ path: test.info().outputPath("tokens-secret.png"), fullPage: true });

    // Never again: not after dismissing, not after a reload.
    await admin.getByRole("button", { name: "I have copied it" }).click();
    await expect(shown).toHaveCount(0);
    await admin.reload();
    await expect(admin.getByRole("row", { name: "token iso-token" })).toBeVisible();
    expect(await admin.content()).not.toContain(secret);
    await admin.screenshot({ path: test.info().outputPath("tokens.png"), fullPage: true });

    // The token opens the private distribution (once the content server has re-read its configuration).
    await expect.poll(() => tokenStatus(secret), { timeout: 15_000 }).toBe(200);
    expect(await tokenStatus()).not.toBe(200);
    expect(await tokenStatus("hc_not-a-token")).not.toBe(200);

    // The real @huggingface/hub client, given the distribution's URL and the token as HF_TOKEN would be.
    const hubUrl = `${CONTENT}/pulp/content/iso-private`;
    const repo = { type: "model" as const, name: "demo/tiny-model" };
    const weights = await downloadFile({ repo, path: "model.safetensors", hubUrl, accessToken: secret });
    expect(weights?.size).toBe(2 * 1024 * 1024);
    await expect(downloadFile({ repo, path: "model.safetensors", hubUrl })).rejects.toThrow();
  });

  test("bob sees none of the admin's things, in the console, the REST API and tRPC", async ({ browser }) => {
    bob = await newPage(browser);
    await signIn(bob, BOB);

    for (const path of ["/", "/remotes", "/distributions", "/tokens", "/teams"]) {
      await bob.goto(path);
      await expect(bob.getByRole("button", { name: /sign out/i })).toBeVisible();
      await expect(bob.locator("main").getByText(/Loading/)).toHaveCount(0);
      const text = await bob.locator("main").innerText();
      for (const name of ["iso-remote", "iso-private", "iso-token", "hf-remote", "hf-proxy", "Default"]) {
        expect(text, `${path} shows ${name}`).not.toContain(name);
      }
    }
    await bob.goto("/tokens");
    await expect(bob.getByText("No access tokens yet.")).toBeVisible();
    await bob.goto("/teams");
    await expect(bob.getByText("You are not a member of any team yet.")).toBeVisible();
    await expect(bob.getByRole("region", { name: "Users" })).toHaveCount(0);

    // REST: the admin's hrefs do not exist for bob, and his lists are empty.
    const asBob = basic(BOB);
    for (const list of [REMOTES, DISTRIBUTIONS]) {
      const response = await fetch(`${WEB}${list}`, { headers: asBob });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ count: 0, results: [] });
    }
    for (const href of [remoteHref, distributionHref]) {
      expect((await fetch(`${WEB}${href}`, { headers: asBob })).status).toBe(404);
      expect((await fetch(`${WEB}${href}`, { method: "DELETE", headers: asBob })).status).toBe(404);
      const patch = await fetch(`${WEB}${href}`, {
        method: "PATCH",
        headers: { ...asBob, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "mine-now" }),
      });
      expect(patch.status).toBe(404);
    }

    // tRPC with the admin's ids.
    const adminIds = {
      remote: remoteHref.split("/").filter(Boolean).at(-1)!,
      distribution: distributionHref.split("/").filter(Boolean).at(-1)!,
    };
    const adminTeams = await trpc(admin.request, "team.list", undefined, "query");
    const teamId = (adminTeams.body.result as { data: Array<{ id: string; slug: string }> }).data.find(
      (t) => t.slug === "default",
    )!.id;
    const adminTokens = await trpc(admin.request, "token.list", undefined, "query");
    const tokenId = (adminTokens.body.result as { data: Array<{ id: string; name: string }> }).data.find(
      (t) => t.name === "iso-token",
    )!.id;
    // The ids are right: they work for the admin.
    expect((await trpc(admin.request, "remote.byId", { id: adminIds.remote }, "query")).status).toBe(200);

    const calls: Array<[string, unknown, "query" | "mutation"]> = [
      ["remote.byId", { id: adminIds.remote }, "query"],
      ["remote.update", { id: adminIds.remote, data: { name: "mine-now" } }, "mutation"],
      ["remote.delete", { id: adminIds.remote }, "mutation"],
      ["distribution.delete", { id: adminIds.distribution }, "mutation"],
      ["token.revoke", { id: tokenId }, "mutation"],
      ["team.members", { teamId }, "query"],
      ["team.rename", { teamId, data: { name: "Bob's now" } }, "mutation"],
      ["team.addMember", { teamId, data: { username: "bob", role: "owner" } }, "mutation"],
      ["team.removeMember", { teamId, userId: "whoever" }, "mutation"],
    ];
    for (const [path, input, kind] of calls) {
      const result = await trpc(bob.request, path, input, kind);
      expect({ path, code: result.code }).toEqual({ path, code: "NOT_FOUND" });
    }
    const created = await trpc(bob.request, "user.create", { data: BOB }, "mutation");
    expect(created.code).toBe("FORBIDDEN");
    // Nothing changed for the admin.
    expect((await trpc(admin.request, "remote.byId", { id: adminIds.remote }, "query")).status).toBe(200);
    expect(await tokenStatus(secret)).toBe(200);
  });

  test("revoking the token in the console closes the private distribution within seconds", async () => {
    await admin.goto("/tokens");
    const row = admin.getByRole("row", { name: "token iso-token" });
    // The content server recorded the uses above.
    await expect(row.locator('td[data-label="Last used"]')).not.toHaveText("never");
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("Revoke “iso-token”?");
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(row).toContainText("revoked");
    await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    await expect.poll(() => tokenStatus(secret), { timeout: 10_000 }).not.toBe(200);
    expect(await tokenStatus(secret)).not.toBe(200);
  });

  test("the admin creates and renames a team and manages its members", async () => {
    await admin.goto("/teams");
    // Hydrated and loaded: before that, a click would submit the form natively.
    await expect(admin.locator("main").getByText(/Loading/)).toHaveCount(0);
    const create = admin.getByRole("form", { name: "Create a team" });
    await create.getByRole("button", { name: "Create team" }).click();
    await expect(create.locator("#new-team-name-error")).toBeVisible();
    await create.getByLabel("Name").fill("Research Lab");
    await create.getByRole("button", { name: "Create team" }).click();
    const team = admin.getByRole("region", { name: "team research-lab" });
    await expect(team.getByRole("heading", { name: /Research Lab/ })).toBeVisible();

    await team.getByRole("button", { name: "Rename" }).click();
    await team.getByLabel("New name").fill("Research");
    await team.getByRole("button", { name: "Save" }).click();
    await expect(team.getByRole("heading", { name: /^Research owner$/ })).toBeVisible();

    const add = team.getByRole("form", { name: "Add a member" });
    await add.getByPlaceholder("username").fill("nobody_here");
    await add.getByRole("button", { name: "Add" }).click();
    await expect(add.getByText("There is no user with this username.")).toBeVisible();
    await add.getByPlaceholder("username").fill("bob");
    await add.getByRole("button", { name: "Add" }).click();
    const bobRow = team.getByRole("row", { name: "member bob" });
    await expect(bobRow.getByRole("combobox")).toHaveValue("member");
    await bobRow.getByRole("combobox").selectOption("admin");
    await expect(bobRow.getByRole("combobox")).toHaveValue("admin");

    // The last owner stays.
    const adminRow = team.getByRole("row", { name: "member admin" });
    await adminRow.getByRole("button", { name: "Remove" }).click();
    await adminRow.getByRole("button", { name: "Yes, remove" }).click();
    await expect(team.getByText(/at least one owner/)).toBeVisible();

    // Bob now sees this team (as admin), still not the default one.
    await bob.goto("/teams");
    await expect(bob.getByRole("region", { name: "team research-lab" })).toContainText("admin");
    await expect(bob.getByRole("region", { name: "team default" })).toHaveCount(0);

    await bobRow.getByRole("button", { name: "Remove" }).click();
    await bobRow.getByRole("button", { name: "Yes, remove" }).click();
    await expect(bobRow).toHaveCount(0);
    await bob.reload();
    await expect(bob.getByText("You are not a member of any team yet.")).toBeVisible();
  });

  test("the tokens and teams pages fit a phone", async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    for (const [path, heading] of [
      ["/tokens", "Access tokens"],
      ["/teams", "Teams"],
    ] as const) {
      await admin.goto(path);
      await expect(admin.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await expect(admin.locator("main").getByText(/Loading/)).toHaveCount(0);
      const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await admin.screenshot({ path: test.info().outputPath(`${path.slice(1)}-phone.png`), fullPage: true });
    }
  });
});
