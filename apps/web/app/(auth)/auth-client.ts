"use client";

import { usernameClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** better-auth's browser client for /api/auth on this origin. */
export const authClient = createAuthClient({ plugins: [usernameClient()] });
