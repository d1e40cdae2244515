/**
 * `npm start` prints reports of hundreds of kilobytes into pipes (CI logs, the end-to-end suites).
 * Its exit must wait for a slow reader instead of dropping what the pipe could not take yet.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";

const FIXTURE = path.join(__dirname, "fixtures", "print-then-exit.ts");
const LINES = 20_000; // about 1.8 MB, many times a pipe's buffer

/**
 * Runs the fixture and reads its stdout only after the child has exited, or after it has
 * started writing and then stopped for a while (blocked on the full pipe, as it should be).
 */
async function runWithSlowReader(): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, String(LINES)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pause();
  child.stderr.resume();
  let exited = false;
  child.once("exit", () => (exited = true));
  while (!exited && child.stdout.readableLength === 0) await sleep(20);
  if (!exited) await sleep(300);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, stdout: Buffer.concat(chunks).toString() };
}

it("exits with its code only after a slow reader has received every line", async () => {
  const { code, stdout } = await runWithSlowReader();
  expect(code).toBe(3);
  const lines = stdout.trimEnd().split("\n");
  expect(lines.length).toBe(LINES);
  expect(lines.at(-1)).toMatch(new RegExp(`^line ${LINES - 1} x+$`));
});
