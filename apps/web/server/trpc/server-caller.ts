import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createContext } from "./init.ts";
import { appRouter } from "./root.ts";

/**
 * The app's procedures called in-process by a server component, as the signed-in user of the request
 * (the pages that render on the server go through tRPC like the rest of the console); without a session,
 * a redirect to the sign-in page that comes back to `path`.
 */
export async function serverCaller(path: string) {
  const context = await createContext({ headers: await headers() });
  if (!context.actor) redirect(`/sign-in?next=${path}`);
  return appRouter.createCaller(context);
}
