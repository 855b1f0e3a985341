import { downloadFile } from "@huggingface/hub";
import type { Page } from "@playwright/test";
import {
  CONTENT,
  expect,
  horizontalOverflow,
  LAPTOP,
  loaded,
  PHONE,
  test,
  type Distribution,
} from "./support/fixtures.ts";

const TINY_MODEL = { type: "model" as const, name: "demo/tiny-model" };

/** The cache page, showing `distribution`. */
async function openCache(page: Page, distribution: Distribution) {
  await page.goto("/cache");
  // exact: "Cache" alone would also match "Hubcache".
  await expect(page.getByRole("heading", { name: "Cache", exact: true })).toBeVisible();
  await page
    .getByLabel("Distribution")
    .selectOption({ label: `${distribution.name} (/${distribution.basePath})` });
  // As a user would: act once the distribution's sections have loaded and stopped moving.
  await loaded(page);
}

test("the cache browser shows what was downloaded, with sizes, and purges a file", async ({
  admin: page,
  distribution,
}) => {
  await downloadFile({ repo: TINY_MODEL, path: "onnx/model.onnx", hubUrl: distribution.endpoint });

  await openCache(page, distribution);
  await page.getByRole("button", { name: "demo/tiny-model", exact: true }).click();
  const files = page.getByRole("region", { name: "Files of demo/tiny-model" });
  const onnx = files.getByRole("row").filter({ hasText: "onnx/model.onnx" });
  await expect(onnx).toContainText("64.0 KiB");
  await page.screenshot({ path: test.info().outputPath("cache-browser.png"), fullPage: true });

  await onnx.getByRole("button", { name: "Purge file" }).click();
  await expect(onnx).toContainText("Purge onnx/model.onnx?");
  await onnx.getByRole("button", { name: "Yes, purge" }).click();
  // A purge is a job the content server carries out: it shows its state, then what went, and the
  // browser refreshes by itself once it is done.
  const job = page
    .getByRole("region", { name: "Purges" })
    .getByRole("listitem")
    .filter({ hasText: "onnx/model.onnx" });
  await expect(job).toContainText("done", { timeout: 30_000 });
  await expect(job).toContainText("1 files");
  await expect(job).toContainText("64.0 KiB removed");
  await expect(onnx).toHaveCount(0);

  // Purged means fetched again on next use: the file is still served, and shows up again.
  const again = await downloadFile({
    repo: TINY_MODEL,
    path: "onnx/model.onnx",
    hubUrl: distribution.endpoint,
  });
  expect(again!.size).toBe(64 * 1024);
  // hub.js only probes the first byte; the content server finishes the download and indexes it in the
  // background, so the page is opened again until the repo is listed.
  await expect(async () => {
    await openCache(page, distribution);
    await page.getByRole("button", { name: "demo/tiny-model", exact: true }).click({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(files.getByRole("row").filter({ hasText: "onnx/model.onnx" })).toHaveCount(1);
});

test("pins a repo and a revision in the cache browser; the storage page lists them and unpins", async ({
  admin: page,
  distribution,
}) => {
  await downloadFile({ repo: TINY_MODEL, path: "config.json", hubUrl: distribution.endpoint });
  await openCache(page, distribution);
  const repoRow = page
    .getByRole("region", { name: "Cached repositories" })
    .getByRole("row")
    .filter({ hasText: "demo/tiny-model" })
    .first();
  await repoRow.getByRole("button", { name: "Pin demo/tiny-model", exact: true }).click();
  await expect(repoRow.getByRole("button", { name: "Unpin demo/tiny-model", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "demo/tiny-model", exact: true }).click();
  const files = page.getByRole("region", { name: "Files of demo/tiny-model" });
  await files
    .getByRole("button", { name: /^Pin revision / })
    .first()
    .click();
  await expect(files.getByRole("button", { name: /^Unpin revision / }).first()).toBeVisible();

  await page.setViewportSize(LAPTOP);
  await page.goto("/storage");
  await expect(page.getByRole("heading", { name: "Storage", exact: true })).toBeVisible();
  await loaded(page);
  const pins = page.getByRole("row").filter({ hasText: distribution.remote.name });
  await expect(pins).toHaveCount(2);
  await expect(pins.filter({ hasText: "every revision" })).toHaveCount(1);
  expect(await horizontalOverflow(page), "laptop").toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("storage.png"), fullPage: true });

  // Bad input is refused in the browser with the schema's message; nothing is sent.
  const retention = page.getByRole("form", { name: "Retention" });
  await retention.getByLabel(/Evict files unused for/).fill("0");
  await retention.getByRole("button", { name: "Save retention" }).click();
  await expect(retention.locator(".field-error")).toContainText("At least one day.");

  await pins
    .filter({ hasText: "every revision" })
    .getByRole("button", { name: "Unpin demo/tiny-model", exact: true })
    .click();
  await expect(pins).toHaveCount(1);

  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Storage", exact: true })).toBeVisible();
  await loaded(page);
  expect(await horizontalOverflow(page), "phone").toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("storage-phone.png"), fullPage: true });

  // Back in the cache browser the repo is no longer pinned; its revision still is.
  await page.setViewportSize(LAPTOP);
  await openCache(page, distribution);
  await expect(repoRow.getByRole("button", { name: "Pin demo/tiny-model", exact: true })).toBeVisible();
});

test("the audit log tells who changed what, and never shows an HF token", async ({
  admin: page,
  api,
  unique,
}) => {
  const token = `hf_${unique("secret").replaceAll("-", "_")}`;
  const remote = await api.createRemote(unique("audited"), { hf_token: token });
  const distribution = await api.createDistribution(unique("audited"), { remote });

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const created = page.getByRole("row").filter({ hasText: `remote.create ${remote.name}` });
  await expect(created).toHaveCount(1);
  await expect(created).toContainText("admin");
  await expect(created).toContainText('"hfToken":"(set)"');
  await expect(
    page.getByRole("row").filter({ hasText: `distribution.create ${distribution.name}` }),
  ).toHaveCount(1);
  await expect(page.locator("main")).not.toContainText(token);
  await page.screenshot({ path: test.info().outputPath("audit-log.png"), fullPage: true });
});

test("the dashboard shows the hit ratio and what the cache served", async ({ admin: page, distribution }) => {
  // The first download is read to its end, which completes only once the file is stored: the second
  // download is then a cache hit. (hub.js probes with `Range: bytes=0-0` first; a probe that arrives
  // while the first download is still in flight is a miss, so the ratio is not exactly 50%.)
  const download = () =>
    downloadFile({ repo: TINY_MODEL, path: "config.json", hubUrl: distribution.endpoint });
  expect(await (await download())?.text()).toContain("model_type");
  expect(await (await download())?.text()).toContain("model_type");

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // The content server writes its counters every few seconds: reload until this distribution has them.
  const row = page
    .getByRole("region", { name: "Distributions" })
    .getByRole("row")
    .filter({ hasText: distribution.name });
  await expect(async () => {
    await page.reload();
    const [, ratio, fromCache] = await row.getByRole("cell").allTextContents();
    expect(ratio).toMatch(/^[1-9]\d*%$/);
    expect(fromCache).not.toBe("0 B");
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Top repositories" })).toContainText("demo/tiny-model");
  // The fixtures' content server beats every 10 s: its row, heard from seconds ago, nothing offline.
  const replica = page
    .getByRole("region", { name: "Content servers" })
    .getByRole("row")
    .filter({ hasText: CONTENT });
  await expect(replica).toHaveCount(1);
  const [, url, version, , heartbeat, fills, offline] = await replica.getByRole("cell").allTextContents();
  expect(url).toBe(CONTENT);
  expect(version).not.toBe("");
  expect(heartbeat).toMatch(/^\d+ s ago$/);
  expect(fills).toMatch(/^\d+$/);
  expect(offline).toBe("none");
  await page.screenshot({ path: test.info().outputPath("dashboard.png"), fullPage: true });
});

test("pre-fetching a repo shows a progress bar that finishes, and survives a reload", async ({
  admin: page,
  distribution,
}) => {
  await openCache(page, distribution);
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

  await openCache(page, distribution);
  await expect(page.getByRole("listitem", { name: "pre-fetch demo/tiny-dataset" })).toContainText("done");
  await expect(page.getByRole("button", { name: "datasets/demo/tiny-dataset" })).toBeVisible();
});

test("the cache, dashboard, audit and storage pages fit a phone", async ({ admin: page, distribution }) => {
  await downloadFile({ repo: TINY_MODEL, path: "config.json", hubUrl: distribution.endpoint });
  await page.setViewportSize(PHONE);
  for (const [path, heading] of [
    ["/cache", "Cache"],
    ["/dashboard", "Dashboard"],
    ["/audit", "Audit log"],
    ["/storage", "Storage"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await loaded(page);
    expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${path.slice(1)}-phone.png`), fullPage: true });
  }
});
