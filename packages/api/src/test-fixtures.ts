import { SecretBox, type Db } from "@hubcache/db";
import { randomBytes } from "node:crypto";
import { ApiError } from "./errors.ts";
import type { Actor } from "./services/access.ts";

export const secrets = SecretBox.fromSecret("api-tests");

/** A user (as an Actor) who is `role` in a new team. */
export async function userInTeam(
  db: Db,
  role: "owner" | "admin" | "member" = "owner",
  teamId?: string,
): Promise<Actor & { teamId: string }> {
  const suffix = randomBytes(4).toString("hex");
  const team = teamId
    ? { id: teamId }
    : await db.team.create({ data: { name: `team-${suffix}`, slug: `team-${suffix}` } });
  const username = `user-${suffix}`;
  const user = await db.user.create({ data: { username, name: username, email: `${username}@users.test` } });
  await db.membership.create({ data: { teamId: team.id, userId: user.id, role } });
  return { userId: user.id, username: user.username, teamId: team.id };
}

/** The ApiError a call is refused with (fails the test if it succeeds or throws anything else). */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}
