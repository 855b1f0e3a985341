import { headers } from "next/headers";
import { createContext } from "./init.ts";
import { appRouter } from "./root.ts";

/**
 * The app's procedures called in-process by a server component, as the signed-in user of the request:
 * the pages that render on the server go through tRPC like the rest of the console.
 */
export async function serverCaller() {
  return appRouter.createCaller(await createContext({ headers: await headers() }));
}
