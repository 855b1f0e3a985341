import { createPasswordUser, DEFAULT_TEAM_SLUG, isUniqueViolation, type Db } from "@hubcache/db";
import { invalid, parseInput, refused } from "../errors.ts";
import { userInputSchema } from "../schemas.ts";
import { audit, type Actor } from "./access.ts";

/**
 * The `default` team's id when the actor is the instance admin: an owner of that team (the bootstrapped
 * `admin` account); null for anyone else.
 */
async function instanceAdminTeamId(db: Db, actor: Actor): Promise<string | null> {
  const membership = await db.membership.findFirst({
    where: { userId: actor.userId, role: "owner", team: { slug: DEFAULT_TEAM_SLUG } },
    select: { teamId: true },
  });
  return membership?.teamId ?? null;
}

export async function isInstanceAdmin(db: Db, actor: Actor): Promise<boolean> {
  return (await instanceAdminTeamId(db, actor)) !== null;
}

/**
 * Creates a user who can sign in with this password (and belongs to no team yet). Instance admins only.
 * `hashPassword` is the sign-in library's own (better-auth's), passed in so that this package does not
 * depend on it.
 */
export async function createUser(
  db: Db,
  actor: Actor,
  input: unknown,
  hashPassword: (password: string) => Promise<string>,
): Promise<{ id: string; username: string }> {
  const adminTeamId = await instanceAdminTeamId(db, actor);
  if (adminTeamId === null) throw refused(403, "Only the instance admin can create users.");
  const data = parseInput(userInputSchema, input);
  const taken = () => invalid({ username: ["This username is taken."] });
  if (await db.user.findUnique({ where: { username: data.username }, select: { id: true } })) throw taken();
  const passwordHash = await hashPassword(data.password);
  try {
    const user = await db.$transaction((tx) =>
      createPasswordUser(tx, { username: data.username, passwordHash }),
    );
    await audit(db, actor, adminTeamId, "user.create", user.username);
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
