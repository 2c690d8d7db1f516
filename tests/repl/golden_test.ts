/**
 * Golden transcripts: each `golden/<name>.in` is piped through the REPL as a child process of
 * the runtime running the tests (Deno or Bun), and its output, normalised (timings, addresses,
 * the repository's path, the runtime's version), must equal `golden/<name>.out` — or
 * `<name>.deno.out` / `<name>.bun.out` where the runtimes legitimately print differently.
 * `UPDATE_GOLDEN=1` rewrites the expected files from the actual output.
 *
 * Transcripts run without preloading the library (JAXSCRIPT_REPL_NO_LIBRARY=1), so they do not
 * change as the library grows; `tutorial.in` runs with it, on the CPU backend, and is skipped
 * until mod.ts exports `jnp`.
 */

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { assert, test } from "../harness.ts";
import { normalise, parsersMissing, runRepl, RUNTIME } from "./transcript.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, "golden");

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
    const missing = await parsersMissing();
    if (missing) {
      console.log(`SKIP transcript ${name}: ${missing}`);
      return;
    }
    const withLibrary = name === "tutorial";
    if (withLibrary) {
      const why = await libraryHasJnp();
      if (why) {
        console.log(`SKIP transcript ${name}: ${why}`);
        return;
      }
    }
    const input = readFileSync(join(GOLDEN, file), "utf8");
    // The tutorial runs on the CPU backend whatever the suite's JAX_PLATFORMS: the transcript
    // pins the REPL's behaviour, and its expected text must not depend on the machine's GPU.
    const env: Record<string, string> = withLibrary
      ? { JAX_PLATFORMS: "cpu" }
      : { JAXSCRIPT_REPL_NO_LIBRARY: "1" };
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
