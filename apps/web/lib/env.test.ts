import { describe, expect, it } from "vitest";
import { parseWebEnv } from "./env.ts";

describe("parseWebEnv", () => {
  it("keeps every default: SQLite under ./data, localhost ports, huggingface.co", () => {
    const env = parseWebEnv({ INIT_CWD: "/srv/hubcache" });
    expect(env).toMatchObject({
      databaseUrl: "file:./data/hubcache.db",
      contentUrl: "http://localhost:8080",
      publicUrl: "http://localhost:3000",
      webPort: "3000",
      remoteUrlAllowlist: ["https://huggingface.co"],
      trustedProxies: [],
      signInAttemptsPerMinute: undefined,
      adminPassword: undefined,
      logLevel: "info",
      building: false,
    });
  });

  it("treats empty values as unset, and follows the ports into the default URLs", () => {
    const env = parseWebEnv({
      DATABASE_URL: "",
      ADMIN_PASSWORD: "",
      CONTENT_PORT: "9090",
      WEB_PORT: "4000",
      INIT_CWD: "/x",
    });
    expect(env.databaseUrl).toBe("file:./data/hubcache.db");
    expect(env.adminPassword).toBeUndefined();
    expect(env.contentUrl).toBe("http://localhost:9090");
    expect(env.publicUrl).toBe("http://localhost:4000");
  });

  it("takes the values given: public URLs as origins, the sign-in limit", () => {
    const env = parseWebEnv({
      CONTENT_PUBLIC_URL: "https://cache.example.com",
      WEB_PUBLIC_URL: "https://hub.example.com/console/",
      SIGN_IN_ATTEMPTS_PER_MINUTE: "100",
      TRUSTED_PROXIES: "10.0.0.0/8, ::1",
      REMOTE_URL_ALLOWLIST: "https://*.example.com",
      NEXT_PHASE: "phase-production-build",
    });
    expect(env).toMatchObject({
      contentUrl: "https://cache.example.com",
      publicUrl: "https://hub.example.com",
      signInAttemptsPerMinute: 100,
      trustedProxies: ["10.0.0.0/8", "::1"],
      remoteUrlAllowlist: ["https://*.example.com"],
      building: true,
    });
  });

  it("stops start-up on a bad value, naming every bad variable", () => {
    expect(() => parseWebEnv({ WEB_PUBLIC_URL: "ftp://hub" })).toThrow(/WEB_PUBLIC_URL must be http\(s\)/);
    expect(() => parseWebEnv({ WEB_PUBLIC_URL: "not a url" })).toThrow(/WEB_PUBLIC_URL is not a URL/);
    expect(() => parseWebEnv({ SIGN_IN_ATTEMPTS_PER_MINUTE: "0" })).toThrow(
      /SIGN_IN_ATTEMPTS_PER_MINUTE must be an integer from 1 to 1000, got "0"/,
    );
    expect(() => parseWebEnv({ REMOTE_URL_ALLOWLIST: "huggingface" })).toThrow(/REMOTE_URL_ALLOWLIST/);
    expect(() => parseWebEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => parseWebEnv({ WEB_PORT: "http", TRUSTED_PROXIES: "proxy" })).toThrow(
      /WEB_PORT: must be a port number.*TRUSTED_PROXIES: "proxy"/,
    );
  });
});
