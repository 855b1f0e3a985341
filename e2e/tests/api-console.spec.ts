import type { Page } from "@playwright/test";
import { ADMIN } from "../playwright.config.ts";
import {
  expect,
  horizontalOverflow,
  LAPTOP,
  loaded,
  PHONE,
  signInOverApi,
  test,
  WEB,
} from "./support/fixtures.ts";

/**
 * The console's two pages about the REST API: personal API tokens (made and revoked in the console, used
 * as `Authorization: Bearer` on the REST API) and the API reference (server-rendered from the OpenAPI
 * document).
 */

const ME = `${WEB}/pulp/api/v3/users/me/`;
const DOCUMENT = "/pulp/api/v3/docs/api.json";

/** `/pulp/api/v3/users/me/` with a bearer token, as a script or the CLI sends it (no cookie). */
async function me(token: string): Promise<{ status: number; username?: string }> {
  const response = await fetch(ME, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { username?: string };
  return { status: response.status, username: body.username };
}

/** A screenshot at laptop width, then at phone width with nothing scrolling sideways. */
async function screenshots(page: Page, name: string, fullPage = true) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: test.info().outputPath(`${name}-laptop.png`), fullPage });
  await page.setViewportSize(PHONE);
  expect(await horizontalOverflow(page), `${name} at phone width`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath(`${name}-phone.png`), fullPage });
  await page.setViewportSize(LAPTOP);
}

/** `YYYY-MM-DD`, `days` from today (what a date input takes). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test("a personal API token made in the console works on the REST API until it is revoked there", async ({
  api,
  pageAs,
  unique,
  uniqueUsername,
}) => {
  const user = await api.createUser(uniqueUsername("apitoken"));
  const page = await pageAs(user);
  const name = unique("laptop");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();
  await loaded(page);
  await expect(page.getByText("No API tokens yet.")).toBeVisible();

  // The shared schema's message, before anything is sent.
  const form = page.getByRole("form", { name: "Create an API token" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/Expires/).fill(day(-1));
  await form.getByRole("button", { name: "Create API token" }).click();
  await expect(form.locator("#api-token-expiresAt-error")).toHaveText("Choose a date in the future.");

  await form.getByLabel(/Expires/).fill(day(30));
  await form.getByRole("button", { name: "Create API token" }).click();
  const shown = page.getByTestId("new-token-secret");
  await expect(shown).toHaveText(/^hcapi_\S{40,}$/);
  const secret = (await shown.textContent()) ?? "";
  await expect(page.getByText(/will not be shown again/)).toBeVisible();
  const row = page.getByRole("row", { name: `API token ${name}` });
  await expect(row.locator('td[data-label="Status"]')).toHaveText("active");
  await expect(row.locator('td[data-label="Last used"]')).toHaveText("never");
  await expect(row.locator('td[data-label="Expires"]')).not.toHaveText("never");

  // The token acts as its user on the REST API; its use shows in the list.
  expect(await me(secret)).toEqual({ status: 200, username: user.username });
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(shown).toHaveCount(0);
  await page.reload();
  await loaded(page);
  await expect(row.locator('td[data-label="Last used"]')).not.toHaveText("never");
  expect(await page.content()).not.toContain(secret);
  await screenshots(page, "api-tokens");

  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText(`Revoke “${name}”?`);
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(row.locator('td[data-label="Status"]')).toHaveText("revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect((await me(secret)).status).toBe(401);
});

test("the API reference: every route by tag from the OpenAPI document, readable on a phone", async ({
  admin: page,
}) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "API reference" })
    .click();
  await expect(page.getByRole("heading", { name: "API reference", exact: true })).toBeVisible();
  // The top of the page (it is long: the screenshots are of the screen, not the whole page).
  await screenshots(page, "api-reference", false);

  // As many operations as the raw document has, which the page links to.
  const link = page.getByRole("link", { name: DOCUMENT });
  await expect(link).toHaveAttribute("href", DOCUMENT);
  const response = await page.request.get(DOCUMENT);
  expect(response.status()).toBe(200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, object> };
  expect(document.openapi).toBe("3.1.0");
  const operations = Object.values(document.paths).flatMap((item) =>
    Object.keys(item).filter((key) => key !== "parameters"),
  );
  await expect(page.locator("article.api-operation")).toHaveCount(operations.length);

  // By tag: the table of contents leads to the tag's section.
  await page
    .getByRole("navigation", { name: "API sections" })
    .getByRole("link", { name: "api-tokens" })
    .click();
  await expect(page).toHaveURL(/#tag-api-tokens$/);
  const tag = page.getByRole("region", { name: "api-tokens" });
  const list = tag.getByRole("article", { name: "GET /pulp/api/v3/api-tokens/", exact: true });
  await expect(list).toContainText("List the caller's personal API tokens");
  await expect(list).toContainText("Query parameters");
  await expect(list.locator(".api-fields li", { hasText: "limit" })).toContainText("integer");
  const create = tag.getByRole("article", { name: "POST /pulp/api/v3/api-tokens/", exact: true });
  await expect(create).toContainText("Request body");
  // The request body's fields come first (a response's are folded away).
  await expect(create.locator(".api-fields li", { hasText: "expires_at" }).first()).toBeVisible();
  await expect(create.getByLabel("POST /pulp/api/v3/api-tokens/: example request body")).toContainText(
    '"name": "laptop"',
  );
  const created = create.getByRole("group", { name: "POST /pulp/api/v3/api-tokens/ response 201" });
  await expect(created).toContainText("Created");
  await expect(created.getByLabel("POST /pulp/api/v3/api-tokens/: example 201 response")).toContainText(
    '"token": "hcapi_…"',
  );
  await expect(
    create.getByRole("group", { name: "POST /pulp/api/v3/api-tokens/ response 401" }),
  ).toContainText("No valid credentials");
  // The schema, for those who want it, is one click away (no script: a <details>).
  const schema = created.locator("details.api-schema").last();
  await schema.locator("summary").click();
  await expect(schema.locator("pre")).toContainText('"additionalProperties": false');

  await page.screenshot({ path: test.info().outputPath("api-reference-tokens-laptop.png") });

  // At phone width a wide example scrolls inside its own box, which stays within the screen.
  await page.setViewportSize(PHONE);
  const boxes = await page.locator("pre.api-json").evaluateAll((blocks) =>
    blocks.map((block) => ({
      scrolls: block.scrollWidth > block.clientWidth,
      right: block.getBoundingClientRect().right,
    })),
  );
  expect(boxes.some((box) => box.scrolls)).toBe(true);
  expect(Math.max(...boxes.map((box) => box.right))).toBeLessThanOrEqual(PHONE.width);
  await create.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("api-reference-tokens-phone.png") });

  // Nothing was fetched from anywhere but the console.
  expect(requested.filter((url) => !url.startsWith(`${WEB}/`))).toEqual([]);
});

test("the API reference needs no script in the browser", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: WEB, javaScriptEnabled: false });
  await signInOverApi(context.request, ADMIN);
  const page = await context.newPage();
  await page.goto("/api-reference");
  const me = page.getByRole("article", { name: "GET /pulp/api/v3/users/me/", exact: true });
  await expect(me).toContainText("Who the credentials act as");
  await expect(me.getByLabel("GET /pulp/api/v3/users/me/: example 200 response")).toContainText('"username"');
  await context.close();
});
