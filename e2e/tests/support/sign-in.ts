import { expect, type Page } from "@playwright/test";

/** Signs in through the form and waits for the console. */
export async function signIn(page: Page, user: { username: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("button", { name: /sign out/i })).toBeVisible();
}
