/** Running the REPL as a child process for transcript tests, and normalising its output. */

import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { loadDeps } from "../../repl/deps.ts";

/** The repository root. */
export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
/**
 * Why the REPL cannot run here, if it cannot: its parsers (sucrase, acorn) do not load — on Bun
 * when package.json's dependencies are not installed, on Deno without access to the npm
 * registry. The REPL tests then skip with this reason printed, rather than fail the suite.
 */
export async function parsersMissing(): Promise<string | undefined> {
  try {
    await loadDeps();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The runtime running the tests, which also runs the REPL under test. */
export const RUNTIME = (process.versions as Record<string, string>).bun ? "bun" : "deno";

/** The command line that runs the REPL on the current runtime. */
export function replCommand(extra: string[] = []): string[] {
  const main = join(ROOT, "repl", "main.ts");
  return RUNTIME === "bun"
    ? [process.execPath, main, ...extra]
    : [process.execPath, "run", "-A", "--no-lock", main, ...extra];
}

/** Runs the REPL with `input` on stdin; resolves to stdout and stderr. */
export function runRepl(
  input: string,
  env: Record<string, string> = {},
  extra: string[] = [],
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const [cmd, ...args] = replCommand(extra);
  const child = spawn(cmd, args, {
    cwd: ROOT,
    // NO_COLOR is not set: piped output must be plain by itself.
    env: { ...process.env, JAXSCRIPT_HISTORY: "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "", stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  child.stdin!.end(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

const TIME = String
  .raw`-?\d+(?:\.\d+)?(?:e[+-]\d+)? (?:ns|µs|ms|s)|\d+(?:d|h|min|s)(?: \d+(?:d|h|min|s))*`;

/** Replaces what varies between runs and machines with placeholders. */
export function normalise(out: string): string {
  return out
    .replaceAll(ROOT, "<repo>")
    .replace(/^jaxscript \S+ REPL on (Deno|Bun) \S+\./m, "jaxscript <version> REPL on <runtime>.")
    .replace(/^The slowest run took .*\n/gm, "")
    .replace(/^Compiler (time: .*|: .*)\n/gm, "")
    .replace(new RegExp(`(${TIME}) ± (${TIME}) per loop`, "g"), "<t> ± <t> per loop")
    .replace(
      new RegExp(`CPU times: user (${TIME}), sys: (${TIME}), total: (${TIME})`, "g"),
      "CPU times: user <t>, sys: <t>, total: <t>",
    )
    .replace(new RegExp(`Wall time: (${TIME})`, "g"), "Wall time: <t>")
    .replace(/0x[0-9a-f]{4,}/g, "0x<addr>");
}
