import { loadConfig } from "./env.ts";
import { createLogger } from "./logger.ts";
import { installProcessHandlers } from "./process-handlers.ts";
import { startContentServer, type RunningContentServer } from "./server.ts";

const config = loadConfig();
const logger = createLogger(config.logLevel);
let exiting = false;
let server: RunningContentServer | undefined;

// A stray rejection is logged and the server keeps serving; an uncaught exception shuts it down.
installProcessHandlers(logger, () => void shutDown(1));

async function shutDown(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  try {
    await server?.stop(config.shutdownGraceMs);
    logger.info("stopped");
  } catch (error) {
    logger.error({ err: error }, "shutdown failed");
    code = 1;
  }
  process.exit(code);
}

// Before the server announces itself: a signal sent as soon as it does must find its handler.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (exiting) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    logger.info({ signal, graceMs: config.shutdownGraceMs }, "shutting down: finishing transfers in flight");
    void shutDown(0);
  });
}

try {
  server = await startContentServer(config, logger);
} catch (error) {
  // Refused (another server holds the SQLite database) or failed: said once, plainly, and exit 1.
  logger.fatal({ err: error }, "cannot start");
  console.error(`Hubcache content server cannot start: ${(error as Error).message}`);
  process.exit(1);
}
logger.info(
  { url: server.url, directPort: server.directPort, storageDir: config.storageDir },
  `content server listening on ${server.url}`,
);
console.log(`Hubcache content server: ${server.url}/huggingface  (HF_ENDPOINT=${server.url}/huggingface)`);
