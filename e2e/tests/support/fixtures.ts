import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type Page,
  type TestInfo,
} from "@playwright/test";
import superjson, { type SuperJSONResult } from "superjson";
import { ADMIN, E2E_PORTS, HUB_URL } from "../../playwright.config.ts";

/**
 * What the specs share: names unique to each test (specs run in parallel, against one database), sign-in
 * over the auth API (only the login test uses the form), and set-up over the REST API and tRPC, so that a
 * spec reads as what a user does in the console.
 */

export { expect };
export const WEB = `http://127.0.0.1:${E2E_PORTS.web}`;
export const CONTENT = `http://127.0.0.1:${E2E_PORTS.content}`;
export const REMOTES = "/pulp/api/v3/remotes/hugging_face/hugging-face/";
export const DISTRIBUTIONS = "/pulp/api/v3/distributions/hugging_face/hugging-face/";
export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface Credentials {
  username: string;
  password: string;
}

export const basic = (user: Credentials) => ({
  Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
});

/** Signs in over the auth API: the session cookie lands in the context `request` belongs to. */
export async function signInOverApi(request: APIRequestContext, user: Credentials): Promise<void> {
  const response = await request.post(`${WEB}/api/auth/sign-in/username`, {
    data: user,
    headers: { origin: WEB },
  });
  expect(response.status(), `sign-in of ${user.username}`).toBe(200);
}

export interface TrpcResult<T> {
  status: number;
  /** The tRPC error code of a refusal (NOT_FOUND, FORBIDDEN...). */
  code?: string;
  data?: T;
}

/** A tRPC call as the console makes it (superjson): queries by GET, mutations by POST. */
export async function trpc<T = unknown>(
  request: APIRequestContext,
  path: string,
  input: unknown,
  kind: "query" | "mutation",
): Promise<TrpcResult<T>> {
  const wire = superjson.serialize(input);
  const response =
    kind === "query"
      ? await request.get(`${WEB}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(wire))}`)
      : await request.post(`${WEB}/api/trpc/${path}`, { data: wire });
  const body = (await response.json()) as { result?: { data: SuperJSONResult }; error?: SuperJSONResult };
  const error = body.error && superjson.deserialize<{ data?: { code?: string } }>(body.error);
  return {
    status: response.status(),
    code: error?.data?.code,
    data: body.result && superjson.deserialize<T>(body.result.data),
  };
}

/** The horizontal scroll a page needs at its current width (0: everything fits). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Waits until a page of the console has loaded what it shows (nothing says "Loading" any more). */
export async function loaded(page: Page): Promise<void> {
  await expect(page.locator("main").getByText(/Loading/)).toHaveCount(0);
}

let counter = 0;
/** An id no other test of this run (or of an earlier run on the same database) uses. */
function uniqueId(testInfo: TestInfo): string {
  return `${testInfo.workerIndex}${Date.now().toString(36)}${(counter++).toString(36)}`;
}

export interface Remote {
  href: string;
  id: string;
  name: string;
}

export interface Distribution {
  href: string;
  id: string;
  name: string;
  basePath: string;
  /** What clients set HF_ENDPOINT to. */
  endpoint: string;
  remote: Remote;
}

/** The admin's REST calls (HTTP Basic, as the seed README does). */
export class AdminApi {
  constructor(private readonly request: APIRequestContext) {}

  async createRemote(name: string, extra: { hf_token?: string } = {}): Promise<Remote> {
    const response = await this.request.post(`${WEB}${REMOTES}`, {
      headers: basic(ADMIN),
      // The admin may change more than one team (specs add teams): creates name theirs.
      data: { name, hf_hub_url: HUB_URL, policy: "on_demand", team: "default", ...extra },
    });
    expect(response.status(), await response.text()).toBe(201);
    const href = ((await response.json()) as { pulp_href: string }).pulp_href;
    return { href, id: idOf(href), name };
  }

  /** A distribution of a new remote, once the content server serves it (it re-reads its configuration). */
  async createDistribution(
    name: string,
    options: { basePath?: string; isPublic?: boolean; remote?: Remote } = {},
  ): Promise<Distribution> {
    const remote = options.remote ?? (await this.createRemote(`${name}-remote`));
    const basePath = options.basePath ?? name;
    const response = await this.request.post(`${WEB}${DISTRIBUTIONS}`, {
      headers: basic(ADMIN),
      data: {
        name,
        base_path: basePath,
        remote: remote.href,
        public: options.isPublic ?? true,
        team: "default",
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    const href = ((await response.json()) as { pulp_href: string }).pulp_href;
    const endpoint = `${CONTENT}/${basePath}`;
    // 404 until the content server has picked the new base path up; then 200 (public) or 401 (private).
    await expect
      .poll(async () => (await fetch(`${endpoint}/api/models/demo/tiny-model`)).status, { timeout: 15_000 })
      .not.toBe(404);
    return { href, id: idOf(href), name, basePath, endpoint, remote };
  }

  /** A tRPC call as the admin that must succeed; its result. */
  async trpc<T>(path: string, input: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
    const result = await trpc<T>(this.request, path, input, kind);
    expect(result.status, `${path}: ${result.code ?? ""}`).toBe(200);
    return result.data as T;
  }

  /** A user who can sign in, in no team yet (the instance admin creates users over tRPC). */
  async createUser(username: string): Promise<Credentials> {
    const user = { username, password: `${username}-e2e-password` };
    await this.trpc("user.create", { data: user });
    return user;
  }
}

const idOf = (href: string) => href.split("/").filter(Boolean).at(-1) ?? "";

interface Fixtures {
  /** `unique("remote")` → "remote-0lq3x9a0": lowercase, URL-safe, a valid name and base path. */
  unique: (label: string) => string;
  /** A username of its own (3-30 of a-z, 0-9, '_' and '.'). */
  uniqueUsername: (label: string) => string;
  /** The admin's REST and tRPC set-up, signed in over the API. */
  api: AdminApi;
  /** A page of the console, signed in as the admin (over the API). */
  admin: Page;
  /** Opens a page in a new browser context, signed in as `user` (closed after the test). */
  pageAs: (user: Credentials) => Promise<Page>;
  /** A public distribution of its own over a remote of its own, served by the content server. */
  distribution: Distribution;
}

async function signedInPage(browser: Browser, user: Credentials): Promise<Page> {
  const context = await browser.newContext({ baseURL: WEB });
  const page = await context.newPage();
  await signInOverApi(page.request, user);
  return page;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright wants the fixtures object destructured
  unique: async ({}, use, testInfo) => {
    await use((label) => `${label}-${uniqueId(testInfo)}`);
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  uniqueUsername: async ({}, use, testInfo) => {
    await use((label) => `${label}_${uniqueId(testInfo)}`.slice(0, 30));
  },
  api: async ({ playwright }, use) => {
    const request = await playwright.request.newContext({ baseURL: WEB });
    await signInOverApi(request, ADMIN);
    await use(new AdminApi(request));
    await request.dispose();
  },
  admin: async ({ page }, use) => {
    await signInOverApi(page.request, ADMIN);
    await use(page);
  },
  pageAs: async ({ browser }, use) => {
    const pages: Page[] = [];
    await use(async (user) => {
      const page = await signedInPage(browser, user);
      pages.push(page);
      return page;
    });
    for (const page of pages) await page.context().close();
  },
  distribution: async ({ api, unique }, use) => {
    await use(await api.createDistribution(unique("dist")));
  },
});
