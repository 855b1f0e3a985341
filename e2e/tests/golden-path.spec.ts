import { downloadFile } from "@huggingface/hub";
import type { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { ADMIN, E2E_PORTS, HUB_URL } from "../playwright.config.ts";
import { expect, horizontalOverflow, PHONE, test, WEB, type Credentials } from "./support/fixtures.ts";

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
`;

/** The README's last commands: clients fetching through the new distribution. */
const SEED_README_CLIENTS = String.raw`
set -euo pipefail
curl http://your-pulp-instance/pulp/content/huggingface/demo/tiny-model/resolve/main/config.json
curl http://your-pulp-instance/pulp/content/huggingface/api/models/demo/tiny-model
curl http://your-pulp-instance/pulp/content/huggingface/api/models/demo/tiny-model/tree/main
`;

function run(commands: string): string {
  const script = commands
    .replaceAll("http://localhost:5001", `http://127.0.0.1:${E2E_PORTS.web}`)
    .replaceAll("admin:password", `${ADMIN.username}:${ADMIN.password}`)
    .replaceAll("https://huggingface.co", HUB_URL)
    .replaceAll("http://your-pulp-instance", `http://127.0.0.1:${E2E_PORTS.content}`)
    .replaceAll("curl ", "curl -sS --fail-with-body ");
  return execFileSync("bash", ["-c", script], { encoding: "utf8" });
}

test("the seed README's curl commands configure the cache; the console shows the distribution, whose HF_ENDPOINT serves real clients", async ({
  admin,
}) => {
  const configured = run(SEED_README);
  // The REST API answers with the remote it created, never with its HF token (write-only).
  expect(configured).toContain('"name":"hf-private"');
  expect(configured).not.toContain("YOUR_HF_TOKEN");
  // The content server re-reads its configuration every CONFIG_REFRESH_MS (2 s) and answers with the
  // configuration it has meanwhile: a distribution is served from the first reload after its creation.
  const served = `http://127.0.0.1:${E2E_PORTS.content}/pulp/content/huggingface/api/models/demo/tiny-model`;
  await expect.poll(async () => (await fetch(served)).status, { timeout: 15_000 }).toBe(200);
  const output = run(SEED_README_CLIENTS);
  expect(output).toContain('"model_type": "llama"');
  expect(output).toContain('"rfilename":"config.json"');
  expect(output).toContain('"path":"model.safetensors"');

  await admin.goto("/");
  const distribution = admin.getByRole("region", { name: "distribution hf-proxy" });
  await expect(distribution).toBeVisible();
  await expect(distribution.getByText("public")).toBeVisible();
  const shell = distribution.locator("pre").filter({ hasText: "HF_ENDPOINT" }).first();
  await expect(shell).toHaveText(/^export HF_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\/huggingface$/);
  await admin.screenshot({ path: test.info().outputPath("console-home.png"), fullPage: true });

  // What a user pastes is what works: the endpoint from the page, with the real @huggingface/hub client.
  const endpoint = (await shell.textContent())!.replace("export HF_ENDPOINT=", "");
  const weights = await downloadFile({
    repo: "demo/tiny-model",
    path: "model.safetensors",
    hubUrl: endpoint,
  });
  expect(weights!.size).toBe(2 * 1024 * 1024);
});

/** The one test that signs in through the form, as a user does. */
async function signInWithTheForm(page: Page, user: Credentials) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /sign in/i }).click();
}

test("signing in with the form opens the console; signing out closes it", async ({
  page,
  api,
  uniqueUsername,
}) => {
  const user = await api.createUser(uniqueUsername("form"));
  await signInWithTheForm(page, user);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  await expect(page.locator(".who")).toContainText(user.username);
  await page.getByRole("button", { name: /sign out/i }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/remotes");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused with a message, and the console stays closed", async ({
  page,
  api,
  uniqueUsername,
}) => {
  const user = await api.createUser(uniqueUsername("wrong"));
  await signInWithTheForm(page, { ...user, password: "not-the-password" });
  // The form's own alert (Next also renders an empty route-announcer alert).
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(
    /invalid|incorrect|wrong/i,
  );
  await expect(page).toHaveURL(/\/sign-in/);
  await page.screenshot({ path: test.info().outputPath("sign-in-error.png"), fullPage: true });
});

test("the console works at phone width", async ({ admin, distribution }) => {
  await admin.setViewportSize(PHONE);
  await admin.goto("/");
  await expect(admin.getByRole("heading", { name: "Distributions" })).toBeVisible();
  await expect(admin.getByRole("region", { name: `distribution ${distribution.name}` })).toBeVisible();
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
  await admin.screenshot({ path: test.info().outputPath("console-phone.png"), fullPage: true });
});

test("the console cannot be framed by another site, and every kind of answer says so", async ({ page }) => {
  for (const path of ["/sign-in", "/api/auth/get-session", "/pulp/api/v3/status/", "/api/trpc/remote.list"]) {
    const response = await page.request.get(`${WEB}${path}`);
    const headers = response.headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
  // A page of another site that frames the sign-in form: the browser refuses to render it.
  await page.route("http://attacker.test/", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<h1>win a prize</h1><iframe name="victim" src="${WEB}/sign-in"></iframe>`,
    }),
  );
  // "load" waits for the frame too, whether it rendered or was refused.
  await page.goto("http://attacker.test/", { waitUntil: "load" });
  await expect(page.getByRole("heading", { name: "win a prize" })).toBeVisible();
  const victim = page.frame({ name: "victim" });
  expect(victim).not.toBeNull();
  // Refused: Chromium shows its error page in the frame instead of the console's.
  expect(victim!.url()).not.toContain(WEB);
  await expect(victim!.getByLabel("Password")).toHaveCount(0);
  await expect(victim!.getByRole("button", { name: /sign in/i })).toHaveCount(0);
});
