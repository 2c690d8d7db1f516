/**
 * The WebAssembly runtime of the CPU backend: one module (the kernels of gemm_kernel.ts), one
 * memory, and — where SharedArrayBuffer and `node:worker_threads` exist (Deno, Bun, Node) — a
 * pool of workers that instantiate the same module on the same shared memory and take tasks of a
 * parallel job. Without them (or with JAXSCRIPT_CPU_THREADS=1) everything runs on the calling
 * thread, with identical results: tasks partition the output, and no element's arithmetic
 * depends on which thread computes it.
 *
 * Memory map: [0, 256) control words (Int32, below); then one packing buffer per thread; then
 * exp.ts's table (for the fused loops of loops.ts); then a scratch arena that each kernel call bump-allocates from the start (calls are synchronous and
 * never nested, so the arena is free again when a call returns).
 *
 * A job: the main thread writes its arguments to ARGS, resets DONE, publishes
 * NEXT = ntasks << 16 | 0 and bumps GEN (waking sleeping workers). Any thread claims a task by a
 * compare-exchange of NEXT (index + 1) while index < ntasks, reads the arguments after claiming
 * (they stay fixed while a claimed task is unfinished), runs it and increments DONE. The main
 * thread claims tasks too, then waits for DONE = ntasks. Because a claim names the job's own
 * word, a worker that wakes late can only claim tasks of the job that is current.
 */

import { buildGemmModule, GEMM_SHAPES, gemmName, packedABytes } from "./gemm_kernel.ts";
import { ModuleBuilder } from "./emitter.ts";
import { EXP_TABLE } from "../exp.ts";
import { wasmApi, type WasmMemory, type WasmModule } from "./wasm_api.ts";

const WA = wasmApi!; // (Runtime is only constructed where WebAssembly exists; see wasmRuntime)
import { cpuEnv } from "../env.ts";

export const CTL = { GEN: 0, NEXT: 1, DONE: 2, READY: 3, KIND: 4, ARGS: 8 } as const;
const CTL_BYTES = 256;
const PAGE = 65536;
/** 2 GiB: byte addresses stay positive as i32. */
const MAX_PAGES = 32768;
/** Bytes of each thread's packed-A buffer (one MC×KC block). */
export const AP_BYTES = Math.max(...GEMM_SHAPES.map(packedABytes));
/** Fused loops shorter than this run on one thread (waking a worker costs ~10-50 µs). */
const PARALLEL_LOOP_MIN = 1 << 17;
/** The most chunks a loop job is split into, and the most tasks `parallel` tracks one by one. */
export const MAX_LOOP_TASKS = 256;
/** The most threads (main included) the pool will use. */
const MAX_THREADS = 16;
/** Bytes of the constant pool (16-byte vector constants that kernels load; see `splat`). */
const CONST_BYTES = 1024;

export interface Kernels {
  /** packB{nr}(b, ldb4, k, n, bp, p0, p1) and gemmRows{mr}x{nr}(…) for each tiling. */
  [name: string]: (...args: number[]) => void;
  dots(a: number, b: number, out: number, n: number, k: number, bStride4: number): void;
}

const shared = typeof SharedArrayBuffer !== "undefined";

/**
 * node:worker_threads where the runtime has it (Deno, Bun, Node), loaded when this module loads:
 * starting workers is then synchronous, so a program that never yields to the event loop (a
 * benchmark loop, a long script) still gets them. Browsers: null, one thread.
 */
const workerThreads: typeof import("node:worker_threads") | null = await import(
  "node:worker_threads"
).catch(() => null);

/** node:os, for the CPU count where navigator.hardwareConcurrency is missing (Node 20). */
const nodeOs: typeof import("node:os") | null = await import("node:os").catch(() => null);

class Runtime {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  readonly k: Kernels;
  /** The control words (re-made when a non-shared memory grows and detaches its buffer). */
  ctl: Int32Array;
  /** Threads that may run tasks (main + workers), fixed at start-up. */
  readonly threads: number;
  readonly arenaBase: number;
  /** Address of exp.ts's EXP_TABLE. */
  readonly expTable: number;
  /** Per-task "finished" flags of loop jobs (Int32, MAX_LOOP_TASKS of them). */
  readonly flagsBase: number;
  /** The constant pool (CONST_BYTES). */
  readonly constBase: number;
  private readonly consts = new Map<string, number>();
  /** The memory's type, for other modules importing it (loops.ts). */
  readonly memoryDescriptor: { initial: number; maximum: number; shared: boolean };
  /** Whether matrix products round a·b + c once (relaxed SIMD's madd is fused here). */
  readonly fma: boolean;
  private f32View: Float32Array;
  private workersStarted = false;
  /** Loop modules (loops.ts), by id; workers instantiate them on first use. */
  private readonly modules: WasmModule[] = [];
  /** Per worker, the channel that carries modules (read synchronously with receiveMessageOnPort). */
  private readonly ports: { postMessage(m: unknown): void }[] = [];

  constructor() {
    this.threads = threadCount();
    this.expTable = CTL_BYTES + this.threads * AP_BYTES;
    this.flagsBase = this.expTable + EXP_TABLE.byteLength;
    this.constBase = this.flagsBase + 4 * MAX_LOOP_TASKS;
    this.arenaBase = this.constBase + CONST_BYTES;
    const initial = Math.ceil((this.arenaBase + (1 << 20)) / PAGE);
    const useShared = shared && this.threads > 1;
    this.memoryDescriptor = { initial, maximum: MAX_PAGES, shared: useShared };
    this.memory = new WA.Memory(this.memoryDescriptor);
    new Float64Array(this.memory.buffer, this.expTable, EXP_TABLE.length).set(EXP_TABLE);
    const madd = relaxedMadd();
    this.fma = madd === "fused";
    this.module = new WA.Module(
      buildGemmModule(madd !== null, this.memoryDescriptor),
    );
    const inst = new WA.Instance(this.module, { env: { memory: this.memory } });
    this.k = inst.exports as unknown as Kernels;
    this.ctl = new Int32Array(this.memory.buffer, 0, CTL_BYTES / 4);
    this.f32View = new Float32Array(this.memory.buffer);
  }

  /** Makes the arena at least `bytes` long; returns false if memory cannot grow that far. */
  reserve(bytes: number): boolean {
    const end = this.arenaBase + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) return false;
      this.memory.grow(pages);
      this.ctl = new Int32Array(this.memory.buffer, 0, CTL_BYTES / 4);
    }
    return true;
  }

  /** A Float32Array over the whole memory (re-made after growth). */
  get f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer || this.f32View.length === 0) {
      this.f32View = new Float32Array(this.memory.buffer);
    }
    return this.f32View;
  }

  /** The packing buffer of thread `t` (0 = main). */
  apOf(t: number): number {
    return CTL_BYTES + t * AP_BYTES;
  }

  /**
   * Runs tasks 0..ntasks-1 of a job whose arguments are already in ARGS, with `run(task, thread)`
   * on this thread and the workers' copy of the same dispatch on theirs; `first` runs on this
   * thread once the workers have been woken, and `after(task)` on this thread for each task, in
   * order, as soon as it is finished (so that copying results out overlaps the rest of the job).
   */
  parallel(
    kind: number,
    ntasks: number,
    run: (task: number, thread: number) => void,
    first?: () => void,
    after?: (task: number) => void,
  ): void {
    const ctl = this.ctl;
    if (ntasks > 1 && this.threads > 1) this.startWorkers();
    if (ntasks <= 1 || Atomics.load(ctl, CTL.READY) === 0) {
      first?.();
      for (let t = 0; t < ntasks; t++) {
        run(t, 0);
        after?.(t);
      }
      return;
    }
    // Per-task "finished" flags (set by whoever ran the task), for `after`.
    const flags = after && ntasks <= MAX_LOOP_TASKS
      ? new Int32Array(this.memory.buffer, this.flagsBase, MAX_LOOP_TASKS)
      : null;
    flags?.fill(0, 0, ntasks);
    ctl[CTL.KIND] = kind;
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.store(ctl, CTL.NEXT, ntasks << 16);
    Atomics.add(ctl, CTL.GEN, 1);
    Atomics.notify(ctl, CTL.GEN);
    // Work of the calling thread's own that can overlap the workers' (e.g. touching the pages of
    // a fresh output array).
    first?.();
    let next = 0; // the next task to pass to `after`
    for (;;) {
      if (flags && next < ntasks && Atomics.load(flags, next) === 1) {
        after!(next++);
        continue;
      }
      const v = Atomics.load(ctl, CTL.NEXT);
      const idx = v & 0xffff;
      if (idx < v >>> 16) {
        if (Atomics.compareExchange(ctl, CTL.NEXT, v, v + 1) !== v) continue;
        run(idx, 0);
        if (flags) Atomics.store(flags, idx, 1);
        Atomics.add(ctl, CTL.DONE, 1);
        continue;
      }
      if (!flags || next >= ntasks) break;
      Atomics.wait(flags, next, 0, 1); // a worker is finishing task `next`
    }
    for (;;) {
      const done = Atomics.load(ctl, CTL.DONE);
      if (done >= ntasks) break;
      Atomics.wait(ctl, CTL.DONE, done, 10);
    }
    if (after && !flags) { for (let t = 0; t < ntasks; t++) after(t); }
  }

  /** Registers a loop module for the workers; returns its id. */
  registerModule(module: WasmModule): number {
    const id = this.modules.length;
    this.modules.push(module);
    for (const p of this.ports) p.postMessage({ id, module });
    return id;
  }

  /**
   * The address of a 16-byte vector of `value` in each lane ("f32" four lanes, "f64" two), in
   * the constant pool (written on first request, before any module that loads it exists).
   */
  splat(type: "f32" | "f64", value: number): number {
    const key = `${type}:${Object.is(value, -0) ? "-0" : value}`;
    let addr = this.consts.get(key);
    if (addr === undefined) {
      addr = this.constBase + 16 * this.consts.size;
      if (addr + 16 > this.constBase + CONST_BYTES) throw new Error("constant pool full");
      const lanes = type === "f32" ? new Float32Array(4) : new Float64Array(2);
      lanes.fill(value);
      new Uint8Array(this.memory.buffer, addr, 16).set(new Uint8Array(lanes.buffer));
      this.consts.set(key, addr);
    }
    return addr;
  }

  /** Stores a float64 at a byte address. */
  f64Set(addr: number, v: number): void {
    new Float64Array(this.memory.buffer, addr, 1)[0] = v;
  }

  /**
   * Runs `run(start, end)` over [0, n) in chunks shared with the workers (job kind 2: the
   * workers call `elem(...args, start, end)` of loop module `id`), and `after(start, end)` on
   * this thread for each chunk, in order, as soon as it is finished — so a sequential pass over
   * the results (the sums) overlaps the rest of the parallel work. Returns false, having done
   * nothing, when the loop is too small to share or the pool is not running.
   */
  parallelLoop(
    id: number,
    args: number[],
    n: number,
    run: (start: number, end: number) => void,
    after: (start: number, end: number) => void,
  ): boolean {
    if (this.threads === 1 || n < PARALLEL_LOOP_MIN || args.length > 48) return false;
    this.startWorkers();
    const ctl = this.ctl;
    if (Atomics.load(ctl, CTL.READY) === 0) return false;
    // Chunks are multiples of 64 elements, so no two chunks' vector steps touch the same bytes.
    const chunk = Math.ceil(n / (this.threads * 8) / 64) * 64;
    const ntasks = Math.ceil(n / chunk);
    if (ntasks > MAX_LOOP_TASKS) return false;
    const flags = new Int32Array(this.memory.buffer, this.flagsBase, MAX_LOOP_TASKS);
    flags.fill(0, 0, ntasks);
    ctl[CTL.ARGS] = id;
    ctl[CTL.ARGS + 1] = args.length;
    ctl[CTL.ARGS + 2] = n;
    ctl[CTL.ARGS + 3] = chunk;
    for (let k = 0; k < args.length; k++) ctl[CTL.ARGS + 4 + k] = args[k];
    ctl[CTL.KIND] = 2;
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.store(ctl, CTL.NEXT, ntasks << 16);
    Atomics.add(ctl, CTL.GEN, 1);
    Atomics.notify(ctl, CTL.GEN);
    const range = (t: number): [number, number] => [t * chunk, Math.min(n, (t + 1) * chunk)];
    let next = 0; // the next chunk to pass to `after`
    while (next < ntasks) {
      if (Atomics.load(flags, next) === 1) {
        after(...range(next++));
        continue;
      }
      const v = Atomics.load(ctl, CTL.NEXT);
      const idx = v & 0xffff;
      if (idx < v >>> 16) {
        if (Atomics.compareExchange(ctl, CTL.NEXT, v, v + 1) !== v) continue;
        run(...range(idx));
        Atomics.store(flags, idx, 1);
        Atomics.add(ctl, CTL.DONE, 1);
        continue;
      }
      Atomics.wait(flags, next, 0, 1); // a worker is finishing chunk `next`
    }
    // Every chunk is finished and passed on; the job's last tasks are all done.
    return true;
  }

  /** Starts the workers; jobs run on this thread alone until they report ready. */
  private startWorkers(): void {
    if (this.workersStarted || !workerThreads) return;
    this.workersStarted = true;
    const { Worker, MessageChannel } = workerThreads;
    try {
      for (let i = 1; i < this.threads; i++) {
        const w = new Worker(WORKER_SOURCE, { eval: true });
        const { port1, port2 } = new MessageChannel();
        const init = { module: this.module, memory: this.memory, id: i, port: port2 };
        w.postMessage({ ...init, flagsAt: this.flagsBase }, [port2]);
        for (const [id, module] of this.modules.entries()) port1.postMessage({ id, module });
        this.ports.push(port1);
        // Idle workers must not keep the process alive.
        w.unref();
        port1.unref();
      }
    } catch {
      // No workers here after all: stay single-threaded.
    }
  }
}

/**
 * How the engine runs relaxed SIMD's f32x4.relaxed_madd: "fused" (one rounding; V8 on x86-64
 * with FMA3), "unfused" (a multiply then an add; JavaScriptCore here), or null where it is
 * unavailable or JAXSCRIPT_CPU_FMA=0 (then the kernels multiply and add, the same on every engine
 * and machine). Found by computing (1+2⁻¹²)² − (1+2⁻¹¹): 2⁻²⁴ when fused, 0 when not.
 */
function relaxedMadd(): "fused" | "unfused" | null {
  if (cpuEnv("JAXSCRIPT_CPU_FMA") === "0") return null;
  const mod = new ModuleBuilder({ initial: 1, maximum: 1, shared: false });
  const f = mod.func("madd", ["f32", "f32", "f32"], ["f32"]);
  const [a, b, c] = f.params;
  f.get(a).f32x4Splat().get(b).f32x4Splat().get(c).f32x4Splat().f32x4RelaxedMadd();
  f.f32x4ExtractLane(0);
  try {
    const bytes = mod.encode();
    if (!WA.validate(bytes)) return null;
    const memory = new WA.Memory({ initial: 1, maximum: 1 });
    const inst = new WA.Instance(new WA.Module(bytes), { env: { memory } });
    const madd = inst.exports.madd as (a: number, b: number, c: number) => number;
    const x = 1 + 2 ** -12;
    return madd(x, x, -(1 + 2 ** -11)) === 2 ** -24 ? "fused" : "unfused";
  } catch {
    return null;
  }
}

function osCpuCount(): number | undefined {
  try {
    return nodeOs ? nodeOs.availableParallelism?.() ?? nodeOs.cpus().length : undefined;
  } catch {
    return undefined;
  }
}

function threadCount(): number {
  const env = Number(cpuEnv("JAXSCRIPT_CPU_THREADS"));
  if (Number.isInteger(env) && env >= 1) return Math.min(env, MAX_THREADS);
  if (!shared) return 1;
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency ?? osCpuCount();
  return Math.max(1, Math.min(hc ?? 1, MAX_THREADS));
}

/**
 * The worker: instantiates the module on the shared memory, then loops claiming tasks and
 * sleeping on GEN. Job kind 1 is gemm; its dispatch mirrors `gemmTask` in matmul.ts. Plain
 * CommonJS for `new Worker(src, { eval: true })`, which Deno, Bun and Node all accept.
 */
const WORKER_SOURCE = `
const { parentPort, receiveMessageOnPort } = require("node:worker_threads");
parentPort.once("message", ({ module, memory, id, port, flagsAt }) => {
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
  // Loop modules (job kind 2), instantiated when a job first needs them.
  const mods = [], insts = [];
  const loopFn = (k) => {
    for (let m; !mods[k] && (m = receiveMessageOnPort(port)); ) mods[m.message.id] = m.message.module;
    if (!mods[k]) return null;
    insts[k] ??= new WebAssembly.Instance(mods[k], { env: { memory } }).exports.elem;
    return insts[k];
  };
  const ctl = new Int32Array(memory.buffer, 0, ${CTL_BYTES / 4});
  const ap = ${CTL_BYTES} + id * ${AP_BYTES};
  const flags = new Int32Array(memory.buffer, flagsAt, ${MAX_LOOP_TASKS});
  const A = ${CTL.ARGS};
  Atomics.add(ctl, ${CTL.READY}, 1);
  let seen = Atomics.load(ctl, ${CTL.GEN});
  for (;;) {
    for (;;) {
      const v = Atomics.load(ctl, ${CTL.NEXT});
      const idx = v & 0xffff;
      if (idx >= v >>> 16) break;
      // A loop job needs its module: without it, leave the tasks to the others. (This reads
      // the job before claiming, so it may be a stale guess; the claim below is what counts.)
      if (ctl[${CTL.KIND}] === 2 && !loopFn(ctl[A])) break;
      if (Atomics.compareExchange(ctl, ${CTL.NEXT}, v, v + 1) !== v) continue;
      if (ctl[${CTL.KIND}] === 2) {
        // loop: ARGS = module id, nargs, n, chunk, args… (fixed while this task is unfinished;
        // its module was posted before the job, so it is in the port's queue if not loaded).
        let fn;
        while (!(fn = loopFn(ctl[A])));
        const nargs = ctl[A + 1], n = ctl[A + 2], chunk = ctl[A + 3];
        const args = [];
        for (let k = 0; k < nargs; k++) args.push(ctl[A + 4 + k]);
        fn(...args, idx * chunk, Math.min(n, (idx + 1) * chunk));
      } else if (ctl[${CTL.KIND}] === 3) {
        // packB: ARGS = b, ldb4, k, n, bp, panelsPerTask, np, nr
        const ppt = ctl[A + 5];
        ex["packB" + ctl[A + 7]](ctl[A], ctl[A + 1], ctl[A + 2], ctl[A + 3], ctl[A + 4], idx * ppt,
          Math.min(ctl[A + 6], (idx + 1) * ppt));
      } else if (ctl[${CTL.KIND}] === 1) {
        // gemm: ARGS = a, lda4, bp, c, ldc4, M, np, K, rowsPerTask, colTasks, panelsPerTask, tiling
        const rt = ctl[A + 8], ct = ctl[A + 9], ppt = ctl[A + 10];
        const r = (idx / ct) | 0, q = idx - r * ct;
        const m0 = r * rt, m1 = Math.min(ctl[A + 5], m0 + rt);
        const p0 = q * ppt, p1 = Math.min(ctl[A + 6], p0 + ppt);
        const gemm = ex[${JSON.stringify(GEMM_SHAPES.map(gemmName))}[ctl[A + 11]]];
        gemm(ctl[A], ctl[A + 1], ctl[A + 2], ctl[A + 3], ctl[A + 4], m0, m1, p0, p1,
          ctl[A + 7], ap);
      }
      // Finished: the task's flag (the main thread may be waiting on it), then the count.
      if (idx < ${MAX_LOOP_TASKS}) {
        Atomics.store(flags, idx, 1);
        Atomics.notify(flags, idx);
      }
      Atomics.add(ctl, ${CTL.DONE}, 1);
      Atomics.notify(ctl, ${CTL.DONE});
    }
    Atomics.wait(ctl, ${CTL.GEN}, seen);
    seen = Atomics.load(ctl, ${CTL.GEN});
  }
});
`;

let rt: Runtime | null | undefined;

/** The runtime, created on first use; null where WebAssembly SIMD is unavailable. */
export function wasmRuntime(): Runtime | null {
  if (rt === undefined) {
    try {
      rt = new Runtime();
    } catch {
      rt = null;
    }
  }
  return rt;
}

export type { Runtime };
