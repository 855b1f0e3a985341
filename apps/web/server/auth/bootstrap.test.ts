import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { adminCreationLog } from "./bootstrap.ts";

describe("the first admin's creation message", () => {
  it("reaches the log even when LOG_LEVEL hides info (a generated password is shown only there)", () => {
    const lines: string[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const quiet = pino({ level: "error", base: { service: "web" } }, stdout);
    quiet.info("hidden at this level");
    adminCreationLog(quiet)('Created user "admin" with the password s3cret-once');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      level: 30,
      service: "web",
      component: "bootstrap",
      msg: 'Created user "admin" with the password s3cret-once',
    });
  });
});
