import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Outside this repository the CLI is installed from its packed tarball (`npm pack`, then
 * `npm install -g`): the package must carry everything it runs with (its build, its dependencies from the
 * registry, none of the workspace's).
 */
const dir = mkdtempSync(join(tmpdir(), "hubcache-cli-install-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the packed CLI", () => {
  it("installs globally from its tarball and runs", () => {
    const npm = (args: string[], cwd: string) =>
      execFileSync("npm", args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, npm_config_loglevel: "error" },
      });
    npm(["pack", "--pack-destination", dir], join(import.meta.dirname, ".."));
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
    expect(tarball).toMatch(/^hubcache-cli-\d+\.\d+\.\d+\.tgz$/);
    const prefix = join(dir, "global");
    npm(
      [
        "install",
        "-g",
        "--prefix",
        prefix,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        join(dir, tarball ?? ""),
      ],
      dir,
    );
    const bin = join(prefix, "bin", "hubcache");
    const help = execFileSync(bin, ["--help"], { encoding: "utf8", env: { ...process.env, HOME: dir } });
    expect(help).toContain("Usage: hubcache");
    expect(help).toContain("distribution");
    // No instance configured: a usage error (exit 2) that says how to log in.
    let code = 0;
    let stderr = "";
    try {
      execFileSync(bin, ["whoami"], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: dir },
        stdio: "pipe",
      });
    } catch (error) {
      code = (error as { status: number }).status;
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(code).toBe(2);
    expect(stderr).toContain("hubcache login");
  });
});
