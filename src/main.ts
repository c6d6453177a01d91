import { existsSync } from "node:fs";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

// .env is optional: real deployments often set the environment directly.
if (existsSync(".env")) process.loadEnvFile(".env");

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

const logger = createLogger({ level: config.logLevel });
const app = await createApp(config, { logger });

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  try {
    await app.stop();
    process.exit(0);
  } catch (err) {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, "shutdown failed");
    process.exit(1);
  }
};
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

try {
  await app.start();
} catch (err) {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, "could not start the bot");
  await app.stop().catch(() => undefined);
  process.exit(1);
}
