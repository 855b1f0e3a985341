import { downloadFile } from "@huggingface/hub";
import { expect, test } from "@playwright/test";

test("the console shows the default distribution, and its HF_ENDPOINT serves real clients", async ({
  page,
}) => {
  await page.goto("/");
  const distribution = page.getByRole("region", { name: "distribution huggingface" });
  await expect(distribution).toBeVisible();
  await expect(distribution.getByText("public")).toBeVisible();
  const shell = distribution.locator("pre").filter({ hasText: "HF_ENDPOINT" }).first();
  await expect(shell).toHaveText(/^export HF_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\/huggingface$/);
  await page.screenshot({ path: test.info().outputPath("console-home.png"), fullPage: true });

  // What a user pastes is what works: the endpoint from the page, with the real @huggingface/hub client.
  const endpoint = (await shell.textContent())!.replace("export HF_ENDPOINT=", "");
  const config = await downloadFile({ repo: "demo/tiny-model", path: "config.json", hubUrl: endpoint });
  expect(JSON.parse(await config!.text())).toMatchObject({ model_type: "llama" });
});

test("the console works at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Hubcache" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath("console-phone.png"), fullPage: true });
});
