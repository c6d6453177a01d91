import pino, { type Logger } from "pino";

export type { Logger };

/**
 * One JSON line per event on stdout. Secrets never reach it: the panel key travels only in
 * request bodies we never log, and these paths are redacted should an object carry them.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const opts = {
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    base: undefined,
    redact: {
      paths: ["key", "*.key", "token", "*.token", "botToken", "*.botToken", "apiKey", "*.apiKey", "config.panelApiKey", "config.botToken"],
      censor: "[redacted]",
    },
  };
  return options.destination ? pino(opts, options.destination as pino.DestinationStream) : pino(opts);
}

/** A logger that drops everything; for unit tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: "silent" });
