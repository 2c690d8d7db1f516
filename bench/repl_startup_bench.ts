/**
 * REPL startup: time from spawning the REPL to its first prompt, on Deno and on Bun.
 *
 *     deno run -A bench/repl_startup_bench.ts [runs]     bun bench/repl_startup_bench.ts [runs]
 *
 * Measures, per runtime (median and min of N runs, wall clock from spawn):
 * - `tty prompt`: on a pseudo-terminal (util-linux `script`), until `In [1]:` appears — what a
 *   user sees. The budget is 300 ms.
 * - `piped first result`: `1+1` piped in, until `Out[1]: 2` — includes loading the parsers
 *   (sucrase, acorn) and the library (mod.ts), which the TTY prompt does not wait for.
 * - `runtime floor`: an empty script, the runtime's own start-up, for scale.
 */

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const MAIN = join(ROOT, "repl", "main.ts");
const RUNS = Number(process.argv[2] ?? 10);
const BUDGET_MS = 300;

function findBinary(name: string): string | undefined {
  const local = join(ROOT, "node_modules", ".bin", name);
  if (spawnSync(local, ["--version"], { stdio: "ignore" }).status === 0) return local;
  if (spawnSync(name, ["--version"], { stdio: "ignore" }).status === 0) return name;
  return undefined;
}

const RUNTIMES: { name: string; cmd: (script: string) => string[] }[] = [];
const deno = findBinary("deno");
const bun = findBinary("bun");
if (deno) RUNTIMES.push({ name: "deno", cmd: (s) => [deno, "run", "-A", "--no-lock", s] });
if (bun) RUNTIMES.push({ name: "bun", cmd: (s) => [bun, s] });

/** Spawns `argv`, writes `input`, resolves to ms until `marker` appears in stdout. */
function timeUntil(
  argv: string[],
  marker: string,
  input: string,
  env: Record<string, string> = {},
): Promise<number> {
  const t0 = performance.now();
  const child = spawn(argv[0], argv.slice(1), {
    cwd: ROOT,
    env: { ...process.env, JAXSCRIPT_HISTORY: "", NO_COLOR: "1", ...env },
    stdio: ["pipe", "pipe", "ignore"],
  });
  let out = "";
  let seen: number | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout!.on("data", (d) => {
      out += d;
      if (seen === undefined && out.includes(marker)) {
        seen = performance.now() - t0;
        child.stdin!.end("exit\r\n");
      }
    });
    child.stdin!.write(input);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      if (seen === undefined) reject(new Error(`never saw ${JSON.stringify(marker)}:\n${out}`));
      else resolve(seen);
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)})`;

async function measure(f: () => Promise<number>): Promise<number[]> {
  await f(); // warm the runtimes' caches (transpiled TS, npm packages) once
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await f());
  return xs;
}

const hasScript = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;
const empty = join(mkdtempSync(join(tmpdir(), "jaxscript-bench-")), "empty.ts");
writeFileSync(empty, "");
const shq = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

console.log(
  `REPL startup, ${RUNS} runs each (median, min); budget to first prompt ${BUDGET_MS} ms`,
);
let over = false;
for (const rt of RUNTIMES) {
  const rows: [string, string][] = [];
  const floor = await measure(async () => {
    const t0 = performance.now();
    spawnSync(rt.cmd(empty)[0], rt.cmd(empty).slice(1), { stdio: "ignore" });
    return await Promise.resolve(performance.now() - t0);
  });
  rows.push(["runtime floor (empty script)", fmt(floor)]);
  if (hasScript) {
    const line = rt.cmd(MAIN).map(shq).join(" ") + " --no-banner";
    const tty = await measure(() =>
      timeUntil(["script", "-qfec", line, "/dev/null"], "In [1]:", "")
    );
    rows.push(["tty: first prompt", fmt(tty)]);
    if (median(tty) >= BUDGET_MS) over = true;
  } else rows.push(["tty: first prompt", "skipped (no `script` command)"]);
  const piped = await measure(() =>
    timeUntil([...rt.cmd(MAIN), "--no-banner"], "Out[1]: 2", "1+1\n", {
      JAXSCRIPT_REPL_NO_LIBRARY: "1",
    })
  );
  rows.push(["piped: first result, no library", fmt(piped)]);
  const withLib = await measure(() =>
    timeUntil([...rt.cmd(MAIN), "--no-banner"], "Out[1]: 2", "1+1\n")
  );
  rows.push(["piped: first result, with mod.ts", fmt(withLib)]);
  console.log(`\n${rt.name}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(36)} ${v}`);
}
console.log(
  over ? `\nOVER BUDGET: first prompt ≥ ${BUDGET_MS} ms` : `\nwithin budget (< ${BUDGET_MS} ms)`,
);
