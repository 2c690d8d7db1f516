/**
 * Fair timing of array code, with IPython's `%timeit` / `%time` output (IPython ≥ 8 formats).
 *
 * The REPL's `%timeit` and `%time` are thin wrappers around this module, so a script that times
 * with {@link timeit} prints exactly what the REPL prints.
 *
 * **Block-until-ready.** jaxscript dispatches work to the device asynchronously: a call returns a
 * `DeviceArray` before the device has computed it. A timer that stopped the clock on return would
 * measure dispatch only. So when the timed statement returns a `DeviceArray` (anything with a
 * `blockUntilReady()` method) or a container (array / plain object, nested) holding some, the
 * timer awaits `blockUntilReady()` on them before it stops the clock. It does so **once per timing
 * run, on the last loop's result**: the device executes its queue in order, so when the last
 * result is ready every earlier loop's work is done too. Waiting after every loop instead would add
 * the runtime's per-await floor to each loop and hide exactly the dispatch overlap that makes
 * `jit`ted code fast. Measured on an H200 through Deno's WebGPU, that floor is ~11 ms per wait:
 * a 3.26 ms dispatch timed 17.4 ms per loop when waited for every loop, 3.26 ms with one wait per
 * run (repl/README.md has the table). The one wait per run is amortised over the loops, which is
 * why the automatic loop count (≥ 0.2 s per run) suits device code best.
 *
 * **Setup.** `setup` ({@link TimeitOptions}) runs before every timing run, calibration runs
 * included, outside the clock — IPython's `%%timeit` setup line, which IPython places inside the
 * timed function ahead of the clock, so it runs once per run rather than once per magic.
 *
 * Statements that return no promise run in a synchronous loop ({@link timeit}); an async loop
 * ({@link timeitAsync}) costs tens of nanoseconds per iteration, which would dominate cheap
 * statements.
 *
 * **µ.** Times below a millisecond use `µs` with U+00B5 MICRO SIGN, as IPython up to 8.24 (and so
 * the original notebook) prints it; IPython 8.25+ prints U+03BC GREEK SMALL LETTER MU instead.
 *
 * @module
 */

import process from "node:process";
import { checkOptions } from "./options.ts";

/**
 * Options of {@link timeit} and {@link timeitAsync}, IPython's `%timeit` flags.
 *
 * @example
 * ```ts
 * import { timeit, type TimeitOptions } from "@jaxscript/jaxscript";
 * let clock = 0; // a fake clock: every reading advances 1 ms
 * const opts: TimeitOptions = { number: 10, repeat: 3, timer: () => (clock += 0.001) };
 * await timeit(() => {}, opts);
 * // prints: 100 µs ± 0 ns per loop (mean ± std. dev. of 3 runs, 10 loops each)
 * ```
 */
export interface TimeitOptions {
  /** Loops per timing run (`-n`); absent or 0: the smallest power of 10 that takes ≥ 0.2 s. */
  number?: number;
  /** Timing runs (`-r`), default 7. */
  repeat?: number;
  /** Significant digits in the printed times (`-p`), default 3. */
  precision?: number;
  /** Do not print anything (`-q`). */
  quiet?: boolean;
  /** The clock in seconds; default a monotonic high-resolution clock. Tests inject a fake one. */
  timer?: () => number;
  /** Where printed lines go; default `console.log`. */
  log?: (line: string) => void;
  /** Seconds spent compiling the statement (the REPL passes it); printed when over 0.1 s. */
  compileTime?: number;
  /**
   * Runs before every timing run, calibration runs included, outside the clock; a returned
   * promise is awaited. IPython's `%%timeit` setup line: it runs again for each run, so a
   * statement that consumes what the setup made (pops a list, donates a buffer) gets a fresh
   * one every run. The statement reaches the setup's values through variables both close over.
   *
   * @example
   * ```ts
   * import { timeit } from "@jaxscript/jaxscript";
   * let queue: number[] = [];
   * const r = await timeit(() => queue.pop(), {
   *   setup: () => (queue = [1, 2, 3]), // refilled before each of the 4 runs
   *   number: 3,
   *   repeat: 4,
   *   quiet: true,
   * });
   * r.all_runs.length; // 4
   * ```
   */
  setup?: () => unknown;
}

/**
 * Options of {@link time}.
 *
 * @example
 * ```ts
 * import { time, type TimeOptions } from "@jaxscript/jaxscript";
 * const lines: string[] = [];
 * const opts: TimeOptions = { log: (line) => lines.push(line) };
 * await time(() => 1 + 1, opts); // 2
 * lines.length; // 2 (CPU times and wall time)
 * ```
 */
export interface TimeOptions {
  /** Do not print anything. */
  quiet?: boolean;
  /** The wall clock in seconds (default: monotonic high-resolution clock). */
  timer?: () => number;
  /** CPU time used so far in microseconds, as `process.cpuUsage()` returns it. */
  cpuUsage?: () => { user: number; system: number };
  /** Where printed lines go; default `console.log`. */
  log?: (line: string) => void;
  /** Seconds spent compiling the statement (the REPL passes it); printed when over 0.1 s. */
  compileTime?: number;
}

const TIMEIT_KEYS = [
  "number",
  "repeat",
  "precision",
  "quiet",
  "timer",
  "log",
  "compileTime",
  "setup",
] as const;

const MICRO = "\u00b5";
const PLUS_MINUS = "\u00b1";

/** The default clock: seconds from a monotonic nanosecond counter. */
function defaultTimer(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/**
 * Rounds like C's printf (exact value, ties to even); JS's toFixed/toExponential break exact
 * ties away from zero. A tie has a short exact decimal expansion, so 30 extra digits show it.
 */
function printfRound(x: number, digits: number, exp: boolean): string {
  const fmt = (d: number) => (exp ? x.toExponential(d) : x.toFixed(d));
  const s = fmt(digits);
  const extra = Math.min(100, digits + 30);
  const long = fmt(extra);
  const [mant, e] = exp ? long.split("e") : [long, ""];
  const tail = mant.slice(mant.length - (extra - digits));
  if (!/^50*$/.test(tail)) return s;
  let kept = mant.slice(0, mant.length - (extra - digits));
  if (kept.endsWith(".")) kept = kept.slice(0, -1);
  const last = Number(kept[kept.length - 1]);
  if (last % 2 === 0) return exp ? `${kept}e${e}` : kept;
  return s;
}

/**
 * Python's `"%.*g" % (precision, x)` (C's `%g`, exact ties rounded to even).
 *
 * @example
 * ```ts
 * import { formatG } from "./timeit.ts";
 * formatG(999.5, 3);  // "1e+03"
 * formatG(0.125, 2);  // "0.12"
 * ```
 */
export function formatG(x: number, precision: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const p = precision <= 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const e = printfRound(x, p - 1, true);
  const exponent = Number(e.split("e")[1]);
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exponent < -4 || exponent >= p) {
    const [mant] = e.split("e");
    const sign = exponent < 0 ? "-" : "+";
    return `${strip(mant)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return strip(printfRound(x, p - 1 - exponent, false));
}

/**
 * Formats a duration in seconds exactly as IPython's `_format_time`: `8.86 µs`, `1 µs`,
 * `200 ms`, `0 ns`, and from a minute on `1h 2min 5s`. Keeps IPython's quirk that 9.999e-7 s
 * prints as `1e+03 ns`. µ is U+00B5 (see the module documentation).
 *
 * @example
 * ```ts
 * import { formatTime } from "./timeit.ts";
 * formatTime(8.86e-6); // "8.86 µs"
 * formatTime(0.2);     // "200 ms"
 * formatTime(3725);    // "1h 2min 5s"
 * ```
 */
export function formatTime(t: number, precision = 3): string {
  if (t >= 60) {
    const parts: [string, number][] = [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]];
    const out: string[] = [];
    let leftover = t;
    for (const [suffix, length] of parts) {
      const value = Math.trunc(leftover / length);
      if (value > 0) {
        leftover = leftover % length;
        out.push(`${value}${suffix}`);
      }
      if (leftover < 1) break;
    }
    return out.join(" ");
  }
  const units = ["s", "ms", `${MICRO}s`, "ns"];
  const scaling = [1, 1e3, 1e6, 1e9];
  // Python: -int(math.floor(math.log10(t)) // 3), where // floors.
  const order = t > 0 ? Math.min(-Math.floor(Math.floor(Math.log10(t)) / 3), 3) : 3;
  return `${formatG(t * scaling[order], precision)} ${units[order]}`;
}

/**
 * The result of {@link timeit}: IPython's `TimeitResult`, with its field names.
 *
 * @example
 * ```ts
 * import { TimeitResult } from "@jaxscript/jaxscript";
 * const r = new TimeitResult(10, 2, 0.001, 0.003, [0.01, 0.03], 0);
 * [r.average, r.stdev]; // [ 0.002, 0.001 ]
 * String(r); // "2 ms ± 1 ms per loop (mean ± std. dev. of 2 runs, 10 loops each)"
 * ```
 */
export class TimeitResult {
  /** Per-loop times of each run, seconds. */
  readonly timings: number[];

  /** Builds a result from IPython's fields (`timeit` does this; tests and reports may too). */
  constructor(
    /** Loops per run. */
    readonly loops: number,
    /** Number of runs. */
    readonly repeat: number,
    /** Fastest per-loop time, seconds. */
    readonly best: number,
    /** Slowest per-loop time, seconds. */
    readonly worst: number,
    /** Total time of each run (all its loops), seconds. */
    readonly all_runs: number[],
    /** Seconds spent compiling the statement (0 when not measured). */
    readonly compile_time: number,
    /** Significant digits used by `toString`. */
    readonly precision = 3,
  ) {
    this.timings = all_runs.map((dt) => dt / loops);
  }

  /** Mean per-loop time, seconds. */
  get average(): number {
    return this.timings.reduce((a, b) => a + b, 0) / this.timings.length;
  }

  /** Population standard deviation (÷ n, as IPython) of the per-loop times, seconds. */
  get stdev(): number {
    const mean = this.average;
    const ss = this.timings.reduce((a, x) => a + (x - mean) ** 2, 0);
    return Math.sqrt(ss / this.timings.length);
  }

  /** IPython ≥ 8's line: `8.86 µs ± 0.1 µs per loop (mean ± std. dev. of 7 runs, 100,000 loops each)`. */
  toString(): string {
    const runs = `${this.repeat} run${this.repeat === 1 ? "" : "s"}`;
    const loops = `${this.loops.toLocaleString("en-US")} loop${this.loops === 1 ? "" : "s"}`;
    const mean = formatTime(this.average, this.precision);
    const std = formatTime(this.stdev, this.precision);
    return `${mean} ${PLUS_MINUS} ${std} per loop (mean ${PLUS_MINUS} std. dev. of ${runs}, ${loops} each)`;
  }

  /** How the REPL shows a returned result (`%timeit -o`), as IPython's repr. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `<TimeitResult : ${this}>`;
  }
}

/** An array or a `Symbol.for("nodejs.util.inspect.custom")`-free plain object. */
function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Anything the timer waits for: a DeviceArray, or any object with `blockUntilReady()`.
 *
 * @example
 * ```ts
 * import type { Readyable } from "./timeit.ts";
 * const job: Readyable = { blockUntilReady: () => Promise.resolve() };
 * ```
 */
export interface Readyable {
  /** Resolves when the device has computed the value. */
  blockUntilReady(): unknown;
}

/**
 * The values with a `blockUntilReady()` method inside `value`: itself, or found in nested JS
 * arrays and plain objects (at most `limit`).
 *
 * @example
 * ```ts
 * import { findDeviceValues } from "./timeit.ts";
 * const fake = { blockUntilReady: () => Promise.resolve() };
 * findDeviceValues({ a: [fake, 1] }).length; // 1
 * ```
 */
export function findDeviceValues(value: unknown, limit = 10_000): Readyable[] {
  const found: Readyable[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number) => {
    if (found.length >= limit || depth > 64 || v === null) return;
    if (typeof v !== "object" && typeof v !== "function") return;
    if (typeof (v as Partial<Readyable>).blockUntilReady === "function") {
      found.push(v as Readyable);
      return;
    }
    if (!isContainer(v) || seen.has(v)) return;
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x, depth + 1);
  };
  visit(value, 0);
  return found;
}

/**
 * Waits until the device has computed every `DeviceArray` in `value` (an array, or arrays nested
 * in JS arrays and plain objects), like `jax.block_until_ready`. Resolves to `value`.
 *
 * @example
 * ```ts
 * import { blockUntilReady } from "./timeit.ts";
 * const out = await blockUntilReady({ loss: 1, grads: [] }); // returns its argument
 * ```
 */
export async function blockUntilReady<T>(value: T): Promise<T> {
  for (const a of findDeviceValues(value)) await a.blockUntilReady();
  return value;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function";
}

/** One timing run: `number` loops, then the device wait on the last result. */
type Run = (number: number) => Promise<number>;

function syncRun(stmt: () => unknown, timer: () => number): Run {
  return async (number) => {
    const t0 = timer();
    let last: unknown;
    for (let i = 0; i < number; i++) last = stmt();
    if (isThenable(last)) {
      await last;
      throw new ReturnedPromise();
    }
    const pending = findDeviceValues(last);
    for (const a of pending) await a.blockUntilReady();
    return timer() - t0;
  };
}

/** Thrown by a synchronous run whose statement returned a promise: time it async instead. */
class ReturnedPromise extends Error {}

function asyncRun(stmt: () => unknown, timer: () => number): Run {
  return async (number) => {
    const t0 = timer();
    let last: unknown;
    for (let i = 0; i < number; i++) last = await stmt();
    const pending = findDeviceValues(last);
    for (const a of pending) await a.blockUntilReady();
    return timer() - t0;
  };
}

/** `run` preceded by `setup` (when given), awaited if it returns a promise, before the clock. */
function withSetup(run: Run, setup: (() => unknown) | undefined): Run {
  if (!setup) return run;
  return async (number) => {
    const ready = setup();
    if (isThenable(ready)) await ready;
    return run(number);
  };
}

/** The shared driver: calibration, runs, result, printing. */
async function drive(loops: Run, opts: TimeitOptions): Promise<TimeitResult> {
  // A misspelled option (`{ numbr: 10 }`) would otherwise time with the default silently.
  checkOptions("timeit", opts, TIMEIT_KEYS);
  const run = withSetup(loops, opts.setup);
  const repeat = opts.repeat ?? 7;
  const precision = opts.precision ?? 3;
  let number = opts.number ?? 0;
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError("repeat must be ≥ 1");
  if (!Number.isInteger(number) || number < 0) throw new RangeError("number must be ≥ 0");
  if (number === 0) {
    // IPython ≥ 6: powers of ten (not timeit.autorange's 1-2-5 steps) until a run takes ≥ 0.2 s.
    for (let index = 0; index < 10; index++) {
      number = 10 ** index;
      if (await run(number) >= 0.2) break;
    }
  }
  const allRuns: number[] = [];
  for (let r = 0; r < repeat; r++) allRuns.push(await run(number));
  const best = Math.min(...allRuns) / number;
  const worst = Math.max(...allRuns) / number;
  const result = new TimeitResult(
    number,
    repeat,
    best,
    worst,
    allRuns,
    opts.compileTime ?? 0,
    precision,
  );
  if (!opts.quiet) {
    const log = opts.log ?? console.log;
    for (const line of timeitReport(result)) log(line);
  }
  return result;
}

/**
 * The lines `%timeit` prints for a result: the "slowest run" warning when IPython would give it
 * (worst > 4 × best, best > 0 and worst > 1 µs), the result line, and the compile time when over
 * 0.1 s.
 *
 * @example
 * ```ts
 * import { TimeitResult, timeitReport } from "./timeit.ts";
 * timeitReport(new TimeitResult(10, 2, 0.001, 0.003, [0.01, 0.03], 0));
 * // ["2 ms ± 1 ms per loop (mean ± std. dev. of 2 runs, 10 loops each)"]
 * ```
 */
export function timeitReport(result: TimeitResult): string[] {
  const lines: string[] = [];
  const { best, worst } = result;
  if (worst > 4 * best && best > 0 && worst > 1e-6) {
    lines.push(
      `The slowest run took ${(worst / best).toFixed(2)} times longer than the fastest. ` +
        "This could mean that an intermediate result is being cached.",
    );
  }
  lines.push(String(result));
  if (result.compile_time > 0.1) lines.push(`Compiler time: ${result.compile_time.toFixed(2)} s`);
  return lines;
}

/**
 * Times a statement the way IPython's `%timeit` does and prints its line (unless `quiet`):
 * automatic loop count (powers of 10 until a run takes ≥ 0.2 s), 7 runs, mean ± population
 * standard deviation per loop. The loop is synchronous; if the statement returns DeviceArrays
 * (or containers of them), each run waits once for the last loop's result before stopping the
 * clock (see the module documentation). Resolves to the {@link TimeitResult}. A statement that
 * returns a promise is handed to {@link timeitAsync}.
 *
 * @example
 * ```ts
 * import { timeit } from "@jaxscript/jaxscript";
 * const r = await timeit(() => Math.sqrt(2), { number: 1000, repeat: 3 });
 * // prints e.g. "3.1 ns ± 0.2 ns per loop (mean ± std. dev. of 3 runs, 1,000 loops each)"
 * console.log(r.loops, r.best <= r.worst); // 1000 true
 * ```
 */
export async function timeit(stmt: () => unknown, opts: TimeitOptions = {}): Promise<TimeitResult> {
  try {
    return await drive(syncRun(stmt, opts.timer ?? defaultTimer), opts);
  } catch (e) {
    // The statement returned a promise: a synchronous loop would time only its creation.
    if (e instanceof ReturnedPromise) return timeitAsync(stmt, opts);
    throw e;
  }
}

/**
 * {@link timeit} for statements that return promises: each loop awaits the statement. Use it
 * for code that reads data back (`await x.data()`); for everything else {@link timeit}'s
 * synchronous loop measures less overhead.
 *
 * @example
 * ```ts
 * import { timeitAsync } from "@jaxscript/jaxscript";
 * const r = await timeitAsync(async () => await Promise.resolve(1), { number: 10, quiet: true });
 * console.log(r.repeat); // 7
 * ```
 */
export function timeitAsync(
  stmt: () => Promise<unknown> | unknown,
  opts: TimeitOptions = {},
): Promise<TimeitResult> {
  return drive(asyncRun(stmt, opts.timer ?? defaultTimer), opts);
}

/**
 * The lines `%time` prints for CPU user/sys and wall seconds (POSIX form; on Windows only the
 * total CPU time), plus the compile time when over 0.1 s.
 *
 * @example
 * ```ts
 * import { timeReport } from "./timeit.ts";
 * timeReport(0.0012, 0, 0.0013, 0, "linux");
 * // ["CPU times: user 1.2 ms, sys: 0 ns, total: 1.2 ms", "Wall time: 1.3 ms"]
 * ```
 */
export function timeReport(
  user: number,
  sys: number,
  wall: number,
  compileTime = 0,
  platform: string = process.platform,
): string[] {
  const lines = platform === "win32" ? [`CPU times: total: ${formatTime(user + sys)}`] : [
    `CPU times: user ${formatTime(user)}, sys: ${formatTime(sys)}, total: ${
      formatTime(user + sys)
    }`,
  ];
  lines.push(`Wall time: ${formatTime(wall)}`);
  if (compileTime > 0.1) lines.push(`Compiler : ${formatTime(compileTime)}`);
  return lines;
}

/**
 * Runs a statement once and prints its CPU (user/sys/total, from `process.cpuUsage()`) and wall
 * times in IPython's `%time` format; resolves to the statement's value. Promises returned by the
 * statement are awaited and DeviceArrays in the value are waited for before the clock stops.
 *
 * @example
 * ```ts
 * import { time } from "@jaxscript/jaxscript";
 * const v = await time(() => [1, 2, 3].map((x) => x * 2));
 * // prints e.g.:
 * // CPU times: user 25 µs, sys: 0 ns, total: 25 µs
 * // Wall time: 27.2 µs
 * console.log(v); // [ 2, 4, 6 ]
 * ```
 */
export async function time<T>(
  stmt: () => T | Promise<T>,
  opts: TimeOptions = {},
): Promise<Awaited<T>> {
  checkOptions("time", opts, ["quiet", "timer", "cpuUsage", "log", "compileTime"]);
  const timer = opts.timer ?? defaultTimer;
  const cpu = opts.cpuUsage ?? (() => process.cpuUsage());
  const c0 = cpu();
  const t0 = timer();
  let value = stmt() as unknown;
  if (isThenable(value)) value = await value;
  for (const a of findDeviceValues(value)) await a.blockUntilReady();
  const wall = timer() - t0;
  const c1 = cpu();
  if (!opts.quiet) {
    const log = opts.log ?? console.log;
    const user = (c1.user - c0.user) / 1e6, sys = (c1.system - c0.system) / 1e6;
    for (const line of timeReport(user, sys, wall, opts.compileTime ?? 0)) log(line);
  }
  return value as Awaited<T>;
}
