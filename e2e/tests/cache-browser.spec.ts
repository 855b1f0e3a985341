import { downloadFile } from "@huggingface/hub";
import { expect, test } from "@playwright/test";
import { ADMIN, E2E_PORTS } from "../playwright.config.ts";

// Runs after golden-path.spec.ts, which creates the public distribution `hf-proxy` at /huggingface.
const endpoint = `http://127.0.0.1:${E2E_PORTS.content}/huggingface`;

test("the cache browser shows what was downloaded, with sizes, and purges a file", async ({ page }) => {
  const repo = { type: "model" as const, name: "demo/tiny-model" };
  await downloadFile({ repo, path: "onnx/model.onnx", hubUrl: endpoint });

  await page.goto("/sign-in?next=/cache");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("heading", { name: "Cache", exact: true })).toBeVisible();
  await page.getByLabel("Distribution").selectOption({ label: "hf-proxy (/huggingface)" });
  await page.getByRole("button", { name: "demo/tiny-model" }).click();

  const files = page.getByRole("region", { name: "Files of demo/tiny-model" });
  const onnx = files.getByRole("row").filter({ hasText: "onnx/model.onnx" });
  await expect(onnx).toContainText("64.0 KiB");
  await page.screenshot({ path: test.info().outputPath("cache-browser.png"), fullPage: true });

  page.once("dialog", (dialog) => void dialog.accept());
  await onnx.getByRole("button", { name: "Purge file" }).click();
  await expect(onnx).toHaveCount(0);

  // Purged means fetched again on next use: the file is still served, and shows up again.
  const again = await downloadFile({ repo, path: "onnx/model.onnx", hubUrl: endpoint });
  expect(again!.size).toBe(64 * 1024);
  await page.reload();
  await page.getByLabel("Distribution").selectOption({ label: "hf-proxy (/huggingface)" });
  await page.getByRole("button", { name: "demo/tiny-model" }).click();
  await expect(files.getByRole("row").filter({ hasText: "onnx/model.onnx" })).toHaveCount(1);
});

test("the audit log tells who changed what", async ({ page }) => {
  await page.goto("/sign-in?next=/audit");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  // The golden path created these over the REST API; the purge above came from the console.
  await expect(page.getByRole("row").filter({ hasText: "remote.create hf-remote" })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: "cache.purge demo/tiny-model" })).toHaveCount(1);
  await expect(page.getByText("YOUR_HF_TOKEN")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("audit-log.png"), fullPage: true });
});

test("the dashboard shows the hit ratio and what the cache served", async ({ page }) => {
  // A second download of the same file is a cache hit.
  const repo = { type: "model" as const, name: "demo/tiny-model" };
  await downloadFile({ repo, path: "config.json", hubUrl: endpoint });
  await downloadFile({ repo, path: "config.json", hubUrl: endpoint });

  await page.goto("/sign-in?next=/dashboard");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // The content server writes its counters every few seconds.
  const row = page
    .getByRole("region", { name: "Distributions" })
    .getByRole("row")
    .filter({ hasText: "hf-proxy" });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(/\d+%/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Top repositories" })).toContainText("demo/tiny-model");
  await page.screenshot({ path: test.info().outputPath("dashboard.png"), fullPage: true });
});

test("pre-fetching a repo shows a progress bar that finishes, and survives a reload", async ({ page }) => {
  await page.goto("/sign-in?next=/cache");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.getByLabel("Distribution").selectOption({ label: "hf-proxy (/huggingface)" });
  const prefetch = page.getByRole("region", { name: "Pre-fetch" });

  await prefetch.getByLabel("Repository").fill("../etc");
  await prefetch.getByRole("button", { name: "Pre-fetch" }).click();
  await expect(prefetch.locator(".field-error")).toContainText("repo id");

  await prefetch.getByLabel("Type").selectOption("dataset");
  await prefetch.getByLabel("Repository").fill("demo/tiny-dataset");
  await prefetch.getByRole("button", { name: "Pre-fetch" }).click();
  const job = prefetch.getByRole("listitem", { name: "pre-fetch demo/tiny-dataset" });
  await expect(job).toContainText("done", { timeout: 30_000 });
  await expect(job.getByRole("progressbar")).toHaveAttribute("value", "100");
  await expect(job).toContainText("3/3 files");
  // The overview above picks up the pre-fetched repo by itself.
  await expect(page.getByRole("button", { name: "datasets/demo/tiny-dataset" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("prefetch.png"), fullPage: true });

  await page.reload();
  await page.getByLabel("Distribution").selectOption({ label: "hf-proxy (/huggingface)" });
  await expect(page.getByRole("listitem", { name: "pre-fetch demo/tiny-dataset" })).toContainText("done");
  await expect(page.getByRole("button", { name: "datasets/demo/tiny-dataset" })).toBeVisible();
});

test("the cache, dashboard and audit pages fit a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/sign-in?next=/cache");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  // exact: "Cache" alone would also match the sign-in page's "Hubcache".
  await expect(page.getByRole("heading", { name: "Cache", exact: true })).toBeVisible();
  for (const [path, heading] of [
    ["/cache", "Cache"],
    ["/dashboard", "Dashboard"],
    ["/audit", "Audit log"],
  ]) {
    await page.goto(path!);
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await expect(page.locator("main").getByText(/Loading/)).toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${path!.slice(1)}-phone.png`), fullPage: true });
  }
});
