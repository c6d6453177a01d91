import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("npm run demo", () => {
  it("runs the real bot against the simulators and ends its transcript with the completed notice", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/demo.ts"], { timeout: 60_000, env: { ...process.env, LOG_LEVEL: "warn" } });
    const lines = stdout.trim().split("\n");
    expect(stdout).toContain("/credit 2002 50000");
    expect(stdout).toMatch(/Order #1 is placed/);
    expect(lines.at(-1)).toMatch(/Order #1 \(.*\) is completed\./);
    expect(stdout).not.toContain("demo-key");
  }, 60_000);
});
