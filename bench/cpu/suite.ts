/**
 * The CPU benchmark runner behind bench/cpu_bench.ts (Deno) and bench/cpu_bench_bun.ts (Bun):
 * times issue 7's workloads for jaxscript, jax-js (wasm), tfjs (wasm) and plain JS in one process
 * (rounds interleaved across libraries, so drift and other load hit all columns alike; median of
 * the rounds), numpy in a python3 subprocess, and peak memory in one fresh subprocess per library; prints the table with
 * ratios and the targets.
 *
 * Options: --only=matmul,linear,…  --libs=jax-js,tfjs-wasm,…  --rounds=N  --batch-ms=N  --json
 */

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import process from "node:process";
import {
  type Case,
  type Lib,
  makeInputs,
  maxRelDiff,
  timeCases,
  valueOf,
  type WorkloadId,
  WORKLOADS,
} from "./common.ts";
import { ours } from "./ours.ts";
import { jaxjs } from "./jaxjs.ts";
import { tfjs } from "./tfjs.ts";
import { plain } from "./plain.ts";
import { ROOT_PATH } from "./paths.ts";

declare const Bun: { version: string } | undefined;
declare const Deno: { version: { deno: string; v8: string } } | undefined;

const BYTES_MIB = 1e8 * 4 / 2 ** 20;

interface Options {
  only: Set<string> | null;
  libs: Set<string> | null;
  rounds: number;
  batchMs: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const get = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  const set = (v?: string) => (v ? new Set(v.split(",")) : null);
  return {
    only: set(get("only")),
    libs: set(get("libs")),
    rounds: Number(get("rounds") ?? 7),
    batchMs: Number(get("batch-ms") ?? 60),
    json: argv.includes("--json"),
  };
}

export function runtimeName(): string {
  if (typeof Bun !== "undefined") return `Bun ${Bun.version}`;
  if (typeof Deno !== "undefined") return `Deno ${Deno.version.deno} (V8 ${Deno.version.v8})`;
  return `Node ${process.version}`;
}

function cpuModel(): string {
  try {
    const m = readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/);
    return `${m?.[1] ?? os.cpus()[0]?.model ?? "?"}, ${os.cpus().length} cores`;
  } catch {
    return `${os.cpus()[0]?.model ?? "?"}, ${os.cpus().length} cores`;
  }
}

/** numpy results (seconds per call, memory in MiB), or the reason it was skipped. */
function runNumpy(opts: Options): Record<string, number> | string {
  // The machine's profile pins OpenBLAS to a Haswell kernel and a small L2; numpy should run as a
  // user would run it, so drop both for this subprocess only. (With `env -u`: Deno's
  // child_process merges an `env` option into its own environment instead of replacing it.)
  const py = (args: string[]) =>
    spawnSync("env", ["-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_L2_SIZE", "python3", ...args], {
      encoding: "utf8",
    });
  const script = `${ROOT_PATH}bench/cpu/numpy_bench.py`;
  const probe = py(["-c", "import numpy"]);
  if (probe.error || probe.status !== 0) return "numpy skipped: python3 with numpy not found";
  const out: Record<string, number> = {};
  const t = py([script, String(opts.batchMs)]);
  if (t.status !== 0) return `numpy failed: ${t.stderr.split("\n").slice(-3).join(" ")}`;
  Object.assign(out, JSON.parse(t.stdout));
  if (!opts.only || opts.only.has("memory")) {
    const m = py([script, "--memory"]);
    if (m.status === 0) out.memory = JSON.parse(m.stdout).memory;
  }
  return out;
}

function memoryOf(lib: string): number | null {
  const probe = `${ROOT_PATH}bench/cpu/mem_probe.ts`;
  const argv = typeof Bun !== "undefined"
    ? [process.execPath, probe, lib]
    : [process.execPath, "run", "-A", "--no-lock", probe, lib];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop()!).memory;
  } catch {
    return null;
  }
}

type Results = Record<string, Record<string, number | null>>;

export async function runSuite(argv: string[]): Promise<Results> {
  const opts = parseArgs(argv);
  const log = (s: string) => console.log(s);
  const date = new Date().toISOString().slice(0, 10);
  log(`# jaxscript CPU benchmark — ${runtimeName()} — ${cpuModel()} — ${date}`);
  const libs: Lib[] = [];
  for (const lib of [ours, jaxjs, tfjs, plain]) {
    if (opts.libs && lib !== ours && !opts.libs.has(lib.name)) continue;
    const err = await lib.init();
    if (err) log(`(${lib.name}: ${err})`);
    else libs.push(lib);
  }
  const inputs = makeInputs();
  const results: Results = {};
  for (const w of WORKLOADS) {
    if (opts.only && !opts.only.has(w.id)) continue;
    const row: Record<string, number | null> = (results[w.id] = {});
    if (w.id === "memory") {
      for (const lib of libs) row[lib.name] = memoryOf(lib.name);
      continue;
    }
    const cases = new Map<Lib, Case>();
    for (const lib of libs) {
      const c = await lib.make(w.id, inputs);
      if (c) cases.set(lib, c);
    }
    await checkResults(w.id, cases, log);
    // Time each library; the largest workloads take fewer rounds' worth of batches.
    const batchMs = w.id === "matmul" ? Math.max(opts.batchMs, 150) : opts.batchMs;
    const timed = [...cases].filter(([, c]) => !c.referenceOnly);
    const secs = await timeCases(timed.map(([, c]) => c), batchMs, opts.rounds);
    timed.forEach(([lib], k) => (row[lib.name] = valueOf(w.id, secs[k])));
    for (const c of cases.values()) c.dispose?.();
  }
  const np = runNumpy(opts);
  if (typeof np === "string") log(`(${np})`);
  else {
    for (const w of WORKLOADS) {
      if (!results[w.id] || np[w.id] === undefined) continue;
      results[w.id].numpy = w.id === "memory" ? np[w.id] : valueOf(w.id, np[w.id]);
    }
  }
  printTable(results, libs.map((l) => l.name), log);
  if (opts.json) log(JSON.stringify(results));
  return results;
}

async function checkResults(id: WorkloadId, cases: Map<Lib, Case>, log: (s: string) => void) {
  const ref = [...cases].find(([l]) => l === plain)?.[1];
  const mine = cases.get(ours);
  if (!ref?.result || !mine?.result) return;
  const d = maxRelDiff(await mine.result(), await ref.result());
  // float32 sums in another order differ by a few ulps × √n; anything near 1e-3 is a bug.
  if (!(d < 1e-4)) log(`!! ${id}: jaxscript differs from plain JS by ${d.toExponential(2)}`);
}

function fmt(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return "—";
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 : 3;
  return `${v.toFixed(digits)} ${unit}`;
}

/** "2.5× faster" style ratio of ours against another column (>1: jaxscript is better). */
function ratio(mine: number | null | undefined, other: number | null | undefined, higher: boolean) {
  if (!mine || !other) return "";
  const r = higher ? mine / other : other / mine;
  return ` (${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×)`;
}

function printTable(results: Results, libNames: string[], log: (s: string) => void) {
  const cols = ["numpy", ...libNames.filter((n) => n !== ours.name)];
  log("");
  log(`| workload | ${ours.name} | ${cols.join(" | ")} |`);
  log(`|---|---|${cols.map(() => "---").join("|")}|`);
  for (const w of WORKLOADS) {
    const row = results[w.id];
    if (!row) continue;
    const mine = row[ours.name];
    const cells = cols.map((c) => fmt(row[c], w.unit) + ratio(mine, row[c], w.higherIsBetter));
    log(`| ${w.label} | **${fmt(mine, w.unit)}** | ${cells.join(" | ")} |`);
  }
  log("");
  log("(×): how many times better jaxscript is than that column (>1: jaxscript faster/smaller).");
  log("");
  const t = (ok: boolean, s: string) => log(`${ok ? "PASS" : "MISS"}  ${s}`);
  const r = (id: string, lib: string) => results[id]?.[lib] ?? null;
  const mm = r("matmul", ours.name), mmj = r("matmul", "jax-js");
  if (mm !== null && mmj !== null) {
    t(mm >= 1.5 * mmj, `matmul ≥ 1.5× jax-js: ${(mm / mmj).toFixed(2)}×`);
  }
  const le = (id: string, limit: number, unit: string) => {
    const v = r(id, ours.name);
    if (v !== null) t(v <= limit, `${id} ≤ ${limit} ${unit}: ${fmt(v, unit)}`);
  };
  le("linear", 10, "µs");
  le("vmapdot", 8, "µs");
  le("eagerAdd", 2, "µs");
  le("expSum", 2, "ms");
  const mem = r("memory", ours.name);
  if (mem !== null) {
    t(mem <= 1.05 * BYTES_MIB, `memory ≤ 1.05× bytes: ${(mem / BYTES_MIB).toFixed(3)}×`);
  }
}
