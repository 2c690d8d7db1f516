/**
 * Shared pieces of the CPU benchmark (bench/cpu_bench.ts): the workloads of issue 7's table, the
 * interface each library adapter implements, deterministic input data, and the timer.
 *
 * Every library gets the same inputs (a fixed LCG, values in [-0.5, 0.5)) so that no library is
 * timed on data it could special-case (jax-js multiplies `ones` matrices ~3× faster than random
 * ones, for instance).
 */

/** The rows of the table, in order. */
export const WORKLOADS = [
  {
    id: "matmul",
    label: "f32 matmul 1024³",
    unit: "GFLOP/s",
    higherIsBetter: true,
  },
  {
    id: "linear",
    label: "linear layer (16,100)·(100,64)+b, jitted, per call",
    unit: "µs",
    higherIsBetter: false,
  },
  {
    id: "vmapdot",
    label: "100 row-wise dots of (150,) f32, jit(vmap(dot))",
    unit: "µs",
    higherIsBetter: false,
  },
  {
    id: "eagerAdd",
    label: "eager add of two 10-element arrays, per op",
    unit: "µs",
    higherIsBetter: false,
  },
  {
    id: "expSum",
    label: "exp(2a+1).sum() over 1e6 f32, jitted",
    unit: "ms",
    higherIsBetter: false,
  },
  {
    id: "jitTrivial",
    label: "jit call overhead, x => x + 1 on f32[10]",
    unit: "µs",
    higherIsBetter: false,
  },
  {
    id: "memory",
    label: "peak memory holding one 1e8 f32 array",
    unit: "MiB",
    higherIsBetter: false,
  },
] as const;

export type WorkloadId = (typeof WORKLOADS)[number]["id"];

/** One prepared workload: `run` does one unit of work (one call, one op, one matmul). */
export interface Case {
  run: () => unknown;
  /** True when `run` returns a promise that must be awaited per call (jax-js's workers). */
  async?: boolean;
  /** The result as a flat Float32Array, for the correctness check against plain JS. */
  result?: () => Float32Array | Promise<Float32Array>;
  dispose?: () => void;
  /** Supplies only the reference result (plain JS has no per-op dispatch to time). */
  referenceOnly?: boolean;
}

/** A library adapter. `make` returns null for workloads the library cannot express. */
export interface Lib {
  name: string;
  /** Loads the library; resolves to an error message when it is unavailable. */
  init(): Promise<string | null>;
  make(id: WorkloadId, data: Inputs): Promise<Case | null>;
}

/** Deterministic inputs in [-0.5, 0.5), the same for every library. */
export function randomF32(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

/** All inputs of the time workloads. */
export interface Inputs {
  mmA: Float32Array; // 1024×1024
  mmB: Float32Array;
  linX: Float32Array; // 16×100
  linW: Float32Array; // 100×64
  linB: Float32Array; // 64
  dotA: Float32Array; // 100×150
  dotB: Float32Array;
  addA: Float32Array; // 10
  addB: Float32Array;
  expA: Float32Array; // 1e6
}

export function makeInputs(): Inputs {
  return {
    mmA: randomF32(1024 * 1024, 1),
    mmB: randomF32(1024 * 1024, 2),
    linX: randomF32(1600, 3),
    linW: randomF32(6400, 4),
    linB: randomF32(64, 5),
    dotA: randomF32(15000, 6),
    dotB: randomF32(15000, 7),
    addA: randomF32(10, 8),
    addB: randomF32(10, 9),
    expA: randomF32(1_000_000, 10),
  };
}

/**
 * Seconds per call for each case: after a warm-up (JIT tiers, jit caches, worker start-up) and
 * calibrating a batch size per case (≥ minBatchMs per batch), `rounds` rounds each time one
 * batch of every case in turn — interleaved, so that load from other processes and clock drift
 * fall on all libraries alike — and each case's median batch is reported.
 */
export async function timeCases(
  cases: Case[],
  minBatchMs: number,
  rounds: number,
): Promise<number[]> {
  const sizes: number[] = [];
  for (const c of cases) {
    const w0 = performance.now();
    for (let i = 0; (i < 5 || performance.now() - w0 < 300) && i < 10000; i++) {
      if (c.async) await c.run();
      else c.run();
    }
    let n = 1;
    for (;;) {
      const t = await timeBatch(c, n);
      if (t >= minBatchMs || n >= 1 << 24) break;
      n = Math.max(n * 2, Math.ceil((n * minBatchMs * 1.2) / Math.max(t, 1e-3)));
    }
    sizes.push(n);
  }
  const times: number[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      times[k].push((await timeBatch(cases[k], sizes[k])) / sizes[k]);
    }
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return t[t.length >> 1] / 1000;
  });
}

/** Seconds per call of one case (see timeCases). */
export async function timeCase(c: Case, minBatchMs: number, rounds: number): Promise<number> {
  return (await timeCases([c], minBatchMs, rounds))[0];
}

async function timeBatch(c: Case, n: number): Promise<number> {
  const t0 = performance.now();
  if (c.async) {
    for (let i = 0; i < n; i++) await c.run();
  } else {
    const run = c.run;
    for (let i = 0; i < n; i++) run();
  }
  return performance.now() - t0;
}

/** The reported value of a workload from seconds per call. */
export function valueOf(id: WorkloadId, seconds: number): number {
  switch (id) {
    case "matmul":
      return (2 * 1024 ** 3) / seconds / 1e9;
    case "expSum":
      return seconds * 1e3;
    default:
      return seconds * 1e6;
  }
}

/** Largest difference relative to the reference's largest magnitude: max|a-b| / max|b|. */
export function maxRelDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = d;
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return m / (scale || 1);
}
