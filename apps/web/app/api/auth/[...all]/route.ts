import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "../../../../server/auth/index.ts";

export const dynamic = "force-dynamic";

export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(auth);
