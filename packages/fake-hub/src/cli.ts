import { parseArgs } from "node:util";
import { seedDemoRepos, startFakeHub } from "./index.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9000" },
    host: { type: "string", default: "127.0.0.1" },
    // `--token hf_xxx=alice`: a bearer token the hub accepts (repeatable); without any, all are anonymous.
    token: { type: "string", multiple: true },
  },
});
const tokens = values.token?.length
  ? Object.fromEntries(
      values.token.map((pair) => {
        const [token = "", user = "user"] = pair.split("=");
        return [token, { user }];
      }),
    )
  : undefined;
const hub = await startFakeHub({ port: Number(values.port), host: values.host, tokens });
seedDemoRepos(hub);
console.log(hub.url);

const stop = (): void => void hub.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
