import { parseArgs } from "node:util";
import { seedDemoRepos, startFakeHub } from "./index.ts";

const { values } = parseArgs({
  options: { port: { type: "string", default: "9000" }, host: { type: "string", default: "127.0.0.1" } },
});
const hub = await startFakeHub({ port: Number(values.port), host: values.host });
seedDemoRepos(hub);
console.log(hub.url);

const stop = (): void => void hub.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
