import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./client.ts";
import {
  bootstrapDefaults,
  findActiveContentToken,
  listDistributions,
  touchContentToken,
} from "./content-queries.ts";
import { isUniqueViolation } from "./errors.ts";
import { SecretBox } from "./secret-box.ts";
import { openTestDb, seedRemote, testProviders } from "./test-support.ts";
import { generateToken, hashToken } from "./tokens.ts";

const providers = await testProviders();
const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function runBootstrapChild(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const bun = path.resolve(pkgDir, "../../node_modules/.bin/bun");
    const child = spawn(bun, ["scripts/test-bootstrap-child.ts", url], {
      cwd: pkgDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${out}`)),
    );
  });
}
const box = SecretBox.fromSecret("content-queries-test");

describe.each(providers)("content queries on %s", (provider) => {
  describe("bootstrapDefaults", () => {
    let handle: Awaited<ReturnType<typeof openTestDb>> | undefined;
    afterEach(async () => {
      await handle?.dispose();
      handle = undefined;
    });

    it("creates team, remote and public distribution once, then does nothing", async () => {
      handle = await openTestDb(provider);
      const { db } = handle;
      expect(
        await bootstrapDefaults(db, {
          hubUrl: "http://127.0.0.1:9/hub",
          hubToken: "hf_secret",
          secretBox: box,
        }),
      ).toBe(true);
      expect(await bootstrapDefaults(db, { hubUrl: "http://other", secretBox: box })).toBe(false);

      expect(await db.team.findMany({ select: { slug: true } })).toEqual([{ slug: "default" }]);
      const routes = await listDistributions(db);
      expect(routes).toHaveLength(1);
      const [route] = routes;
      expect(route).toMatchObject({
        name: "huggingface",
        basePath: "huggingface",
        isPublic: true,
        remote: {
          name: "huggingface",
          hubUrl: "http://127.0.0.1:9/hub",
          policy: "on_demand",
          connectTimeoutMs: 10_000,
          readTimeoutMs: 60_000,
          includePatterns: [],
          excludePatterns: [],
        },
      });
      expect(route?.remote.hfTokenEncrypted).toMatch(/^v1:/);
      expect(box.open(route?.remote.hfTokenEncrypted ?? "")).toBe("hf_secret");
    });

    it("stores no token when none is given", async () => {
      handle = await openTestDb(provider);
      expect(await bootstrapDefaults(handle.db, { hubUrl: "https://huggingface.co", secretBox: box })).toBe(
        true,
      );
      const [route] = await listDistributions(handle.db);
      expect(route?.remote.hfTokenEncrypted).toBeNull();
    });

    it("is race-safe: concurrent callers create exactly one set", async () => {
      handle = await openTestDb(provider);
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          bootstrapDefaults(handle!.db, { hubUrl: "https://huggingface.co", secretBox: box }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await handle.db.team.count()).toBe(1);
      expect(await handle.db.remote.count()).toBe(1);
      expect(await handle.db.distribution.count()).toBe(1);
    });

    it("is race-safe across processes (Bun children)", async () => {
      handle = await openTestDb(provider);
      const outputs = await Promise.all(Array.from({ length: 3 }, () => runBootstrapChild(handle!.url)));
      expect(
        outputs.filter((o) => o.includes("created=true")),
        outputs.join("\n"),
      ).toHaveLength(1);
      expect(
        outputs.filter((o) => o.includes("created=false")),
        outputs.join("\n"),
      ).toHaveLength(2);
      expect(await handle.db.team.count()).toBe(1);
      expect(await handle.db.distribution.count()).toBe(1);
    });

    it("fills in an existing default team that has nothing to serve yet (the web app's first start)", async () => {
      handle = await openTestDb(provider);
      const team = await handle.db.team.create({ data: { name: "Default", slug: "default" } });
      expect(await bootstrapDefaults(handle.db, { hubUrl: "https://huggingface.co", secretBox: box })).toBe(
        true,
      );
      const [route] = await listDistributions(handle.db);
      expect(route).toMatchObject({ teamId: team.id, basePath: "huggingface" });
      expect(await handle.db.team.count()).toBe(1);
    });

    it("does nothing when a remote already exists", async () => {
      handle = await openTestDb(provider);
      await seedRemote(handle.db);
      expect(await bootstrapDefaults(handle.db, { hubUrl: "https://huggingface.co", secretBox: box })).toBe(
        false,
      );
      expect(await handle.db.distribution.count()).toBe(0);
    });
  });

  describe("distributions and tokens", () => {
    let handle: Awaited<ReturnType<typeof openTestDb>>;
    let db: Db;
    beforeAll(async () => {
      handle = await openTestDb(provider);
      db = handle.db;
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it("lists distributions with their remote, patterns parsed", async () => {
      const { teamId, remoteId } = await seedRemote(db);
      await db.remote.update({
        where: { id: remoteId },
        data: {
          policy: "streamed",
          includePatterns: JSON.stringify(["org/*"]),
          excludePatterns: JSON.stringify(["org/private-*", "*/secret"]),
        },
      });
      await db.distribution.create({
        data: { teamId, remoteId, name: "main", basePath: "zz-list", isPublic: false },
      });
      const route = (await listDistributions(db)).find((d) => d.basePath === "zz-list");
      expect(route).toMatchObject({
        teamId,
        name: "main",
        isPublic: false,
        remote: {
          id: remoteId,
          policy: "streamed",
          includePatterns: ["org/*"],
          excludePatterns: ["org/private-*", "*/secret"],
        },
      });
    });

    it("rejects a basePath that is already used, even by another team", async () => {
      const a = await seedRemote(db, "a");
      const b = await seedRemote(db, "b");
      await db.distribution.create({
        data: { teamId: a.teamId, remoteId: a.remoteId, name: "x", basePath: "shared" },
      });
      const err = await db.distribution
        .create({ data: { teamId: b.teamId, remoteId: b.remoteId, name: "y", basePath: "shared" } })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(isUniqueViolation(err)).toBe(true);
      expect(await db.distribution.count({ where: { basePath: "shared" } })).toBe(1);
    });

    it("rejects a duplicate distribution or remote name within a team", async () => {
      const a = await seedRemote(db, "dup");
      await db.distribution.create({
        data: { teamId: a.teamId, remoteId: a.remoteId, name: "same", basePath: "dup-1" },
      });
      await expect(
        db.distribution.create({
          data: { teamId: a.teamId, remoteId: a.remoteId, name: "same", basePath: "dup-2" },
        }),
      ).rejects.toSatisfy(isUniqueViolation);
      await expect(db.remote.create({ data: { teamId: a.teamId, name: "hf" } })).rejects.toSatisfy(
        isUniqueViolation,
      );
    });

    it("finds active tokens only: not revoked, not expired, right team", async () => {
      const { teamId } = await seedRemote(db, "tok");
      const other = await seedRemote(db, "tok-other");
      const now = new Date();
      const make = async (name: string, data: { expiresAt?: Date; revokedAt?: Date } = {}) => {
        const secret = generateToken();
        await db.contentToken.create({ data: { teamId, name, secretHash: hashToken(secret), ...data } });
        return hashToken(secret);
      };
      const active = await make("active");
      const future = await make("future", { expiresAt: new Date(now.getTime() + 60_000) });
      const expired = await make("expired", { expiresAt: new Date(now.getTime() - 1_000) });
      const revoked = await make("revoked", { revokedAt: new Date(now.getTime() - 1_000) });

      expect((await findActiveContentToken(db, teamId, active))?.name).toBe("active");
      expect((await findActiveContentToken(db, teamId, future))?.name).toBe("future");
      expect(await findActiveContentToken(db, teamId, expired)).toBeNull();
      expect(await findActiveContentToken(db, teamId, revoked)).toBeNull();
      expect(await findActiveContentToken(db, other.teamId, active)).toBeNull();
      expect(await findActiveContentToken(db, teamId, hashToken("hc_unknown"))).toBeNull();
      expect(await findActiveContentToken(db, teamId, future, new Date(now.getTime() + 120_000))).toBeNull();
    });

    it("touches a token's lastUsedAt", async () => {
      const { teamId } = await seedRemote(db, "touch");
      const token = await db.contentToken.create({
        data: { teamId, name: "t", secretHash: hashToken(generateToken()) },
      });
      expect(token.lastUsedAt).toBeNull();
      const when = new Date("2030-01-02T03:04:05.678Z");
      await touchContentToken(db, token.id, when);
      expect((await db.contentToken.findUnique({ where: { id: token.id } }))?.lastUsedAt).toEqual(when);
      await expect(touchContentToken(db, "missing")).resolves.toBeUndefined();
    });

    it("refuses a remote with an invalid policy or patterns when listing", async () => {
      const { teamId, remoteId } = await seedRemote(db, "bad");
      await db.distribution.create({ data: { teamId, remoteId, name: "bad", basePath: "bad-policy" } });
      await db.remote.update({ where: { id: remoteId }, data: { policy: "sometimes" } });
      await expect(listDistributions(db)).rejects.toThrow(/remote policy/);
      await db.remote.update({
        where: { id: remoteId },
        data: { policy: "on_demand", includePatterns: '{"no":1}' },
      });
      await expect(listDistributions(db)).rejects.toThrow(/includePatterns/);
      await db.team.delete({ where: { id: teamId } });
      await expect(listDistributions(db)).resolves.toBeInstanceOf(Array);
    });
  });
});
