import { ADMIN_ROLES } from "@hubcache/db/enums";
import type { Role } from "@hubcache/services/schemas";

/**
 * Whether a team's `role` may change the team: rename it, manage members, tokens and retention. The
 * services' own rule (owners and admins), so the console offers only what they accept.
 */
export const canChange = (role: Role): boolean => ADMIN_ROLES.includes(role);
