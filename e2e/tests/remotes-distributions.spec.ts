import type { Page } from "@playwright/test";
import { HUB_URL } from "../playwright.config.ts";
import { CONTENT, expect, horizontalOverflow, LAPTOP, loaded, PHONE, test } from "./support/fixtures.ts";

/** A token the stand-in Hub accepts (see its `--token` in playwright.config.ts); whoami names "e2e-user". */
const HUB_TOKEN = "hf_e2e_remote_token";

async function screenshots(page: Page, name: string) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: test.info().outputPath(`${name}-laptop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath(`${name}-phone.png`), fullPage: true });
  await page.setViewportSize(LAPTOP);
}

test("a remote: validated form, write-only token, policy, test connection", async ({
  admin: page,
  unique,
}) => {
  const name = unique("hub");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Remotes" }).click();
  await expect(page.getByRole("heading", { name: "Remotes" })).toBeVisible();
  await loaded(page);

  await page.getByRole("button", { name: "New remote" }).click();
  const form = page.getByRole("form", { name: "New remote" });
  // Every policy comes with its one-line explanation.
  await expect(form.getByText("Proxy each request to the Hub without keeping the bytes.")).toBeVisible();
  await form.getByLabel("Name", { exact: true }).fill("e2e hub!");
  await form.getByLabel("Hub URL").fill("ftp://nowhere");
  await form.getByRole("button", { name: "Create remote" }).click();
  // Checked in the browser with the server's own schema: nothing was sent.
  await expect(form.locator("#remote-new-name-error")).toContainText("letters, digits");
  await expect(form.locator("#remote-new-hubUrl-error")).toContainText("http");

  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Hub URL").fill(HUB_URL);
  await form.getByLabel(/HF token/).fill(HUB_TOKEN);
  await form.getByRole("radio", { name: /^on_demand/ }).check();
  await form.getByRole("button", { name: "Create remote" }).click();
  await expect(form).toBeHidden();

  const row = page.getByRole("row", { name: `remote ${name}` });
  await expect(row).toContainText(HUB_URL);
  await expect(row).toContainText("on_demand");
  await expect(row).toContainText("token set");
  expect(await page.content()).not.toContain(HUB_TOKEN);

  await row.getByRole("button", { name: "Test connection" }).click();
  const report = page.getByRole("cell", { name: `connection ${name}` });
  await expect(report).toContainText("Reachable");
  await expect(report).toContainText("HTTP 200");
  await expect(report).toContainText("token valid (user e2e-user)");

  // Editing with the token field left empty keeps the token.
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: `Edit remote ${name}` });
  await expect(edit.getByLabel(/HF token/)).toHaveValue("");
  await expect(edit).toContainText("leave empty to keep");
  await edit.getByRole("radio", { name: /^streamed/ }).check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("streamed");
  await expect(row).toContainText("token set");

  await screenshots(page, "remotes");
});

test("a private distribution: base path checks, snippets to copy", async ({
  admin: page,
  context,
  api,
  unique,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // A remote with an HF token, and a distribution someone made over the REST API.
  const remote = await api.createRemote(unique("hub"), { hf_token: HUB_TOKEN });
  const taken = await api.createDistribution(unique("taken"));
  const name = unique("private");
  await page.goto("/distributions");
  await expect(page.getByRole("heading", { name: "Distributions" })).toBeVisible();
  await loaded(page);

  await page.getByRole("button", { name: "New distribution" }).click();
  const form = page.getByRole("form", { name: "New distribution" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel(/Base path/).fill("Not URL safe!");
  await form.getByLabel("Remote", { exact: true }).selectOption({ label: remote.name });
  // Public over a remote with an HF token: the form says what that exposes, until it is made private.
  await expect(form.getByRole("status")).toContainText("private or gated repo that token can read");
  await form.getByLabel(/^Public/).uncheck();
  await expect(form.getByRole("status")).toHaveCount(0);
  await form.getByRole("button", { name: "Create distribution" }).click();
  await expect(form.locator("#distribution-new-basePath-error")).toContainText("URL-safe");

  await form.getByLabel(/Base path/).fill(name);
  await form.getByRole("button", { name: "Create distribution" }).click();
  await expect(form).toBeHidden();
  const row = page.getByRole("row", { name: `distribution ${name}` });
  await expect(row.locator('td[data-label="Base path"]')).toHaveText(name);
  await expect(row).toContainText(remote.name);
  await expect(row).toContainText("private");

  // Overlapping another distribution's base path is refused by the server, shown at the field.
  await page.getByRole("button", { name: "New distribution" }).click();
  await form.getByLabel("Name", { exact: true }).fill(unique("overlap"));
  await form.getByLabel(/Base path/).fill(`${name}/x`);
  await form.getByLabel("Remote", { exact: true }).selectOption({ label: remote.name });
  await form.getByRole("button", { name: "Create distribution" }).click();
  const basePathError = form.locator("#distribution-new-basePath-error");
  await expect(basePathError).toContainText("overlaps");
  // The same below a distribution made over the REST API; the error goes once the path is free.
  await form.getByLabel(/Base path/).fill(`${taken.basePath}/x`);
  await form.getByRole("button", { name: "Create distribution" }).click();
  await expect(basePathError).toContainText("overlaps");
  await page.setViewportSize(PHONE);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({
    path: test.info().outputPath("distribution-form-errors-phone.png"),
    fullPage: true,
  });
  await page.setViewportSize(LAPTOP);
  await form.getByRole("button", { name: "Cancel" }).click();

  await row.getByRole("button", { name: "Snippets" }).click();
  const snippets = page.getByLabel(`snippets ${name}`, { exact: true });
  const endpoint = `${CONTENT}/${name}`;
  await expect(snippets.locator("pre").first()).toHaveText(
    `export HF_ENDPOINT=${endpoint}\nexport HF_TOKEN=<your access token>`,
  );
  await expect(snippets).toContainText(`os.environ["HF_ENDPOINT"] = "${endpoint}"`);
  await expect(snippets).toContainText(`hubUrl: "${endpoint}"`);
  const copy = snippets.getByRole("button", { name: `Copy Shell snippet for ${name}` });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`HF_ENDPOINT=${endpoint}`);

  await screenshots(page, "distributions");
});
