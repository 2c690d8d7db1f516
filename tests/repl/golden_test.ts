/**
 * Golden transcripts: each `golden/<name>.in` is piped through the REPL as a child process of
 * the runtime running the tests (Deno or Bun), and its output, normalised (timings, addresses,
 * the repository's path, the runtime's version), must equal `golden/<name>.out` — or
 * `<name>.deno.out` / `<name>.bun.out` where the runtimes legitimately print differently.
 * `UPDATE_GOLDEN=1` rewrites the expected files from the actual output.
 *
 * Transcripts run without preloading the library (JAXSCRIPT_REPL_NO_LIBRARY=1), so they do not
 * change as the library grows; `tutorial.in` runs with it and is skipped until mod.ts exports
 * `jnp`.
 */

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { assert, test } from "../harness.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(dirname(HERE));
const GOLDEN = join(HERE, "golden");
const RUNTIME = (process.versions as Record<string, string>).bun ? "bun" : "deno";

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
    env: { ...process.env, NO_COLOR: "1", JAXSCRIPT_HISTORY: "", ...env },
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

/** The differing lines of two texts (`-` expected, `+` actual), with line numbers. */
function lineDiff(expected: string, actual: string): string {
  const e = expected.split("\n"), a = actual.split("\n");
  const out: string[] = [];
  for (let i = 0; i < Math.max(e.length, a.length) && out.length < 40; i++) {
    if (e[i] === a[i]) continue;
    if (e[i] !== undefined) out.push(`${i + 1} - ${e[i]}`);
    if (a[i] !== undefined) out.push(`${i + 1} + ${a[i]}`);
  }
  return out.join("\n");
}

function expectedFile(name: string): string {
  const specific = join(GOLDEN, `${name}.${RUNTIME}.out`);
  return existsSync(specific) ? specific : join(GOLDEN, `${name}.out`);
}

async function libraryHasJnp(): Promise<string | undefined> {
  try {
    const mod = await import(new URL("../../mod.ts", import.meta.url).href);
    return mod.jnp ? undefined : "mod.ts does not export jnp yet";
  } catch (e) {
    return `mod.ts does not load: ${(e as Error).message.split("\n")[0]}`;
  }
}

for (const file of readdirSync(GOLDEN).filter((f) => f.endsWith(".in")).sort()) {
  const name = file.slice(0, -3);
  test(`REPL transcript ${name} (${RUNTIME})`, async () => {
    const withLibrary = name === "tutorial";
    if (withLibrary) {
      const why = await libraryHasJnp();
      if (why) {
        console.log(`SKIP transcript ${name}: ${why}`);
        return;
      }
    }
    const input = readFileSync(join(GOLDEN, file), "utf8");
    const env: Record<string, string> = withLibrary ? {} : { JAXSCRIPT_REPL_NO_LIBRARY: "1" };
    const { stdout, stderr, code } = await runRepl(input, env);
    const actual = normalise(stdout);
    const target = expectedFile(name);
    if (process.env.UPDATE_GOLDEN) {
      writeFileSync(target, actual);
      return;
    }
    assert.equal(code, 0, `REPL exited with ${code}; stderr:\n${stderr}`);
    assert.ok(existsSync(target), `missing ${target} (run with UPDATE_GOLDEN=1)`);
    const expected = readFileSync(target, "utf8");
    if (actual !== expected) {
      assert.fail(
        `transcript ${name} differs from ${target}:\n${lineDiff(expected, actual)}\n` +
          `stderr:\n${stderr}`,
      );
    }
  });
}
