import { createTrpcHandler } from "../../../../server/trpc/handler.ts";
import { createContext } from "../../../../server/trpc/init.ts";

export const dynamic = "force-dynamic";

const handler = createTrpcHandler({ createContext: (headers) => createContext({ headers }) });

export { handler as GET, handler as POST };
