import { downloadFile } from "@huggingface/hub";
import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { ADMIN, E2E_PORTS, HUB_URL } from "../playwright.config.ts";

/**
 * The seed (Pulp plugin) README's commands, verbatim but for the host and port: its `localhost:5001` is the
 * web app, `https://huggingface.co` the stand-in Hub, `your-pulp-instance` the content server.
 */
const SEED_README = String.raw`
set -euo pipefail
curl -X POST http://localhost:5001/pulp/api/v3/remotes/hugging_face/hugging-face/ \
  -H "Content-Type: application/json" \
  -u admin:password \
  -d '{
    "name": "hf-remote",
    "hf_hub_url": "https://huggingface.co",
    "policy": "on_demand"
  }'

curl -X POST http://localhost:5001/pulp/api/v3/remotes/hugging_face/hugging-face/ \
  -H "Content-Type: application/json" \
  -u admin:password \
  -d '{
    "name": "hf-private",
    "hf_hub_url": "https://huggingface.co",
    "policy": "on_demand",
    "hf_token": "YOUR_HF_TOKEN"
  }'

REMOTE_HREF=$(curl -s http://localhost:5001/pulp/api/v3/remotes/hugging_face/hugging-face/ -u admin:password | jq -r '.results[] | select(.name=="hf-remote") | .pulp_href')

curl -X POST http://localhost:5001/pulp/api/v3/distributions/hugging_face/hugging-face/ \
  -H "Content-Type: application/json" \
  -u admin:password \
  -d "{
    \"name\": \"hf-proxy\",
    \"base_path\": \"huggingface\",
    \"remote\": \"$REMOTE_HREF\"
  }"

curl http://your-pulp-instance/pulp/content/huggingface/demo/tiny-model/resolve/main/config.json
curl http://your-pulp-instance/pulp/content/huggingface/api/models/demo/tiny-model
curl http://your-pulp-instance/pulp/content/huggingface/api/models/demo/tiny-model/tree/main
`;

function runSeedReadme(): string {
  const script = SEED_README.replaceAll("http://localhost:5001", `http://127.0.0.1:${E2E_PORTS.web}`)
    .replaceAll("admin:password", `${ADMIN.username}:${ADMIN.password}`)
    .replaceAll("https://huggingface.co", HUB_URL)
    .replaceAll("http://your-pulp-instance", `http://127.0.0.1:${E2E_PORTS.content}`)
    .replaceAll("curl ", "curl -sS --fail-with-body ");
  return execFileSync("bash", ["-c", script], { encoding: "utf8" });
}

async function signIn(page: Page, password = ADMIN.password) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
}

test.describe.serial("golden path", () => {
  test("the seed README's curl commands configure the cache and serve content", () => {
    const output = runSeedReadme();
    expect(output).toContain('"model_type": "llama"');
    expect(output).toContain('"rfilename":"config.json"');
    expect(output).toContain('"path":"model.safetensors"');
    expect(output).not.toContain("YOUR_HF_TOKEN");
  });

  test("signing in shows the distribution, and its HF_ENDPOINT serves real clients", async ({ page }) => {
    await signIn(page);
    const distribution = page.getByRole("region", { name: "distribution hf-proxy" });
    await expect(distribution).toBeVisible();
    await expect(distribution.getByText("public")).toBeVisible();
    const shell = distribution.locator("pre").filter({ hasText: "HF_ENDPOINT" }).first();
    await expect(shell).toHaveText(/^export HF_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\/huggingface$/);
    await page.screenshot({ path: test.info().outputPath("console-home.png"), fullPage: true });

    // What a user pastes is what works: the endpoint from the page, with the real @huggingface/hub client.
    const endpoint = (await shell.textContent())!.replace("export HF_ENDPOINT=", "");
    const config = await downloadFile({
      repo: "demo/tiny-model",
      path: "model.safetensors",
      hubUrl: endpoint,
    });
    expect(config!.size).toBe(2 * 1024 * 1024);
  });

  test("a wrong password is refused with a message, and the console stays closed", async ({ page }) => {
    await signIn(page, "not-the-password");
    // The form's own alert (Next also renders an empty route-announcer alert).
    await expect(page.locator(".auth-error")).toHaveText(/invalid|incorrect|wrong/i);
    await expect(page).toHaveURL(/\/sign-in/);
    await page.screenshot({ path: test.info().outputPath("sign-in-error.png"), fullPage: true });
  });

  test("the console works at phone width", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    await expect(page.getByRole("heading", { name: "Distributions" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath("console-phone.png"), fullPage: true });
  });
});
