// `npm run backup -- <file>`: a consistent copy of the live database, taken with SQLite's online
// backup API while the bot keeps running (WAL mode: readers and the writer are not blocked).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";

if (existsSync(".env")) process.loadEnvFile(".env");

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run backup -- <backup file>");
  process.exit(2);
}
const source = process.env.DATABASE_PATH?.trim() || "./data/shop.db";
if (!existsSync(source)) {
  console.error(`No database at ${source} (DATABASE_PATH).`);
  process.exit(2);
}
if (existsSync(target)) {
  console.error(`${target} exists already; choose a new file name.`);
  process.exit(2);
}
const db = new Database(source, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const started = Date.now();
await db.backup(target);
db.close();
const copy = new Database(target, { readonly: true });
const check = copy.pragma("integrity_check", { simple: true });
copy.close();
if (check !== "ok") {
  console.error(`Backup written to ${resolve(target)} but its integrity check says: ${String(check)}`);
  process.exit(1);
}
console.log(`Backup of ${source} written to ${resolve(target)} in ${Date.now() - started} ms (integrity check ok).`);
