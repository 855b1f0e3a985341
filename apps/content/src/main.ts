import { loadConfig } from "./env.ts";
import { createLogger } from "./logger.ts";
import { startContentServer } from "./server.ts";

const config = loadConfig();
const logger = createLogger(config.logLevel);
const server = await startContentServer(config, logger);
logger.info({ url: server.url, storageDir: config.storageDir }, `content server listening on ${server.url}`);
console.log(`Hubcache content server: ${server.url}/huggingface  (HF_ENDPOINT=${server.url}/huggingface)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    logger.info({ signal }, "shutting down");
    void server.stop().then(() => process.exit(0));
  });
}
