/**
 * Exactness checks for the CPU backend's fast paths (run before trusting benchmark numbers):
 *
 *     deno run -A bench/cpu/verify.ts [programs=300]        bun bench/cpu/verify.ts
 *
 * 1. Fused jit = eager, bit for bit: random chains of elementwise ops (float32, int32, uint32,
 *    bool; scalars, size-1 broadcasts, broadcast_in_dim, reshapes) ending in reductions over
 *    random axes, run eagerly and under jit; and large float32 chains (exp, sqrt, arithmetic,
 *    sums), which jit runs as WebAssembly SIMD loops.
 * 2. The WebAssembly matrix product = the naive float32 loop in order of k (bit for bit without
 *    FMA; within an ulp with it), for odd shapes, and threads = one thread, bit for bit.
 */

import process from "node:process";
import { type DeviceArray, jit, jnp, lax } from "../../mod.ts";
import { matmulF32 } from "../../src/backend/cpu/wasm/matmul.ts";
import { wasmRuntime } from "../../src/backend/cpu/wasm/runtime.ts";

const N = Number(process.argv[2] ?? 300);
let seed = 12345;
const rnd = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const sync = (x: DeviceArray) => (x as unknown as { dataSync(): ArrayLike<number> }).dataSync();

const SHAPES = [[7], [3, 5], [2, 3, 4], [1, 6], [4, 1, 3], [], [2, 1]];
const SPECIAL = [0, -0, 1, -1, 0.5, 1e-30, 3.4e38, NaN, Infinity, -Infinity, 2 ** 31, -7];

function randomArray(shape: number[], dtype: string): DeviceArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from(
    { length: n },
    () => rnd() < 0.2 ? pick(SPECIAL) : (rnd() - 0.5) * (rnd() < 0.5 ? 10 : 1e6),
  );
  return jnp.asarray(new Float32Array(vals)).astype(dtype as "float32").reshape(shape);
}

type Op = (x: DeviceArray) => DeviceArray;
const FLOAT_UNARY: Op[] = [
  jnp.exp,
  jnp.log,
  jnp.sin,
  jnp.tanh,
  jnp.sqrt,
  jnp.abs,
  jnp.floor,
  jnp.negative,
  jnp.square,
  (x) => jnp.multiply(x, 2.5),
  (x) => jnp.add(x, 1),
  (x) => jnp.subtract(1, x),
  (x) => jnp.maximum(x, 0),
  (x) => jnp.power(x, 2),
  (x) => lax.integerPow(x, 3),
  (x) => jnp.where(jnp.greater(x, 0), x, jnp.multiply(x, 0.1)),
  jnp.round,
  jnp.sign,
  (x) => jnp.divide(x, 3),
  (x) => jnp.clip(x, -1, 1),
  (x) => lax.logistic(x),
];
const INT_UNARY: Op[] = [
  (x) => jnp.add(x, 7),
  (x) => jnp.multiply(x, -3),
  (x) => jnp.floorDivide(x, 3),
  (x) => jnp.remainder(x, 5),
  (x) => jnp.bitwiseXor(x, 0x5a5a),
  (x) => jnp.leftShift(x, 3),
  jnp.negative,
  jnp.square,
  (x) => jnp.maximum(x, 2),
];
const CONVERT: Op[] = [
  (x) => x.astype("float32"),
  (x) => x.astype("int32"),
  (x) => x.astype("uint32"),
  (x) => x.astype("bool"),
];

function randomProgram(shape: number[]): (x: DeviceArray, y: DeviceArray) => DeviceArray {
  const steps: ((x: DeviceArray, y: DeviceArray) => DeviceArray)[] = [];
  const len = 1 + Math.floor(rnd() * 6);
  for (let s = 0; s < len; s++) {
    const r = rnd();
    if (r < 0.45) {
      const f = pick(FLOAT_UNARY), g = pick(INT_UNARY);
      steps.push((x) => (x.dtype === "float32" ? f(x) : x.dtype === "bool" ? x : g(x)));
    } else if (r < 0.6) steps.push(pick(CONVERT));
    else if (r < 0.8) {
      // A binary op with the second input (broadcast against the first by numpy rules).
      const op = pick([jnp.add, jnp.multiply, jnp.subtract, jnp.maximum, jnp.minimum]);
      steps.push((x, y) => {
        const yy = y.astype(x.dtype === "bool" ? "int32" : x.dtype);
        try {
          return op(x, yy);
        } catch {
          return x;
        }
      });
    } else if (r < 0.9) steps.push((x) => x.reshape([-1]).reshape(x.shape));
    else steps.push((x) => (x.ndim >= 1 ? jnp.broadcastTo(x, [2, ...x.shape]) : x));
  }
  const red = pick(["sum", "max", "min", "prod", "none", "none"]);
  // Decided now, not while tracing (eager and jit must run the same program).
  const noAxis = rnd() < 0.3, axisR = rnd();
  const axisOf = (x: DeviceArray) =>
    x.ndim === 0 || noAxis ? undefined : Math.floor(axisR * x.ndim);
  void shape;
  return (x, y) => {
    let v = x;
    for (const s of steps) v = s(v, y);
    if (red === "none") return v;
    const axis = axisOf(v);
    if (v.dtype === "bool") v = v.astype("int32");
    const opts = axis === undefined ? {} : { axis };
    return red === "sum"
      ? jnp.sum(v, opts)
      : red === "max"
      ? jnp.max(v, opts)
      : red === "min"
      ? jnp.min(v, opts)
      : jnp.prod(v, opts);
  };
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!(Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) return false;
  }
  return true;
}

let failures = 0, checked = 0;
for (let p = 0; p < N; p++) {
  const shape = pick(SHAPES);
  const dtype = pick(["float32", "float32", "int32", "uint32", "bool"]);
  const x = randomArray(shape, dtype);
  const yShape = shape.map((d) => (rnd() < 0.4 ? 1 : d));
  const y = randomArray(rnd() < 0.2 ? [] : yShape, pick(["float32", "int32"]));
  const f = randomProgram(shape);
  let eager: ArrayLike<number>;
  try {
    eager = sync(f(x, y));
  } catch {
    continue; // an invalid random program (a dtype a primitive rejects)
  }
  const jitted = sync(jit(f)(x, y));
  checked++;
  if (!sameBits(eager, jitted)) {
    failures++;
    if (failures <= 5) {
      console.log(`fusion mismatch (program ${p}, ${dtype}${JSON.stringify(shape)}):`);
      console.log(
        "  eager",
        Array.from(eager).slice(0, 8),
        "\n  jit  ",
        Array.from(jitted).slice(0, 8),
      );
    }
  }
}
console.log(`fused jit vs eager: ${checked} programs, ${failures} mismatches`);

// Programs with several loops and steps (buffers of dead temporaries are reused by later loops).
const W = jnp.asarray(new Float32Array(40 * 24).map(() => rnd() - 0.5)).reshape([40, 24]);
const multi: [string, (x: DeviceArray) => DeviceArray][] = [
  ["mlp", (x) => jnp.sum(jnp.maximum(jnp.add(jnp.dot(x, W), 0.1), 0), { axis: 1 })],
  ["softmax", (x) => {
    const m = jnp.max(x, { axis: 1, keepdims: true });
    const e = jnp.exp(jnp.subtract(x, m));
    return jnp.divide(e, jnp.sum(e, { axis: 1, keepdims: true }));
  }],
  ["chain", (x) => jnp.multiply(jnp.tanh(jnp.dot(jnp.square(x), W)), jnp.dot(x, W))],
  ["norm", (x) => jnp.divide(x, jnp.sqrt(jnp.sum(jnp.square(x), { axis: 0 })))],
];
let multiBad = 0;
for (const [name, f] of multi) {
  for (const rows of [3, 300]) {
    const x = jnp.asarray(new Float32Array(rows * 40).map(() => (rnd() - 0.5) * 4)).reshape([
      rows,
      40,
    ]);
    if (!sameBits(sync(f(x)), sync(jit(f)(x)))) {
      multiBad++;
      console.log(`multi-loop program ${name} (${rows} rows): jit differs from eager`);
    }
  }
}
failures += multiBad;
console.log(`multi-loop programs: ${multi.length * 2} checked, ${multiBad} mismatches`);

// Large float32 loops take the WebAssembly path (wasm/loops.ts): the same check at sizes above
// WASM_MIN_SIZE, with values from the whole float32 range and the special values.
const WASM_OPS: Op[] = [
  jnp.exp,
  jnp.sqrt,
  jnp.abs,
  jnp.floor,
  jnp.ceil,
  jnp.negative,
  jnp.square,
  (x) => jnp.multiply(x, 2.5),
  (x) => jnp.add(x, 1),
  (x) => jnp.subtract(0.5, x),
  (x) => jnp.maximum(x, -3),
  (x) => jnp.minimum(x, 70),
  (x) => jnp.divide(x, 3),
  (x) => jnp.multiply(x, 1e-3),
  (x) => jnp.exp(jnp.multiply(x, 1e-2)),
];
let wasmChecked = 0, wasmBad = 0;
for (let p = 0; p < Math.max(20, N / 20); p++) {
  const shape = pick([[5000], [64, 70], [3, 2001], [2, 4, 1030]]);
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = new Float32Array(n).map(() =>
    rnd() < 0.05 ? pick(SPECIAL) : (rnd() - 0.5) * pick([1, 10, 200, 1e6])
  );
  const x = jnp.asarray(vals).reshape(shape);
  const ops = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(WASM_OPS));
  const red = pick(["all", "last", "first", "none"]);
  const f = (v: DeviceArray) => {
    for (const op of ops) v = op(v);
    if (red === "all") return jnp.sum(v);
    if (red === "last") return jnp.sum(v, { axis: -1 });
    if (red === "first") return jnp.sum(v, { axis: 0 });
    return v;
  };
  wasmChecked++;
  if (!sameBits(sync(f(x)), sync(jit(f)(x)))) {
    wasmBad++;
    if (wasmBad <= 3) console.log(`wasm loop mismatch: shape ${shape}, reduction ${red}`);
  }
}
// Loops of >= 2^17 elements are shared with the worker pool (the elementwise part in chunks,
// the sums on the calling thread in order): called a few times, once the workers are up.
for (const shape of [[131, 2003], [300000], [2, 70001]]) {
  const n = shape.reduce((a, b) => a * b, 1);
  const x = jnp.asarray(new Float32Array(n).map(() => (rnd() - 0.5) * 8)).reshape(shape);
  const f = (v: DeviceArray) => jnp.sum(jnp.exp(jnp.multiply(v, 1.5)), { axis: -1 });
  const g = (v: DeviceArray) => jnp.add(jnp.sqrt(jnp.abs(v)), jnp.sum(v));
  for (const h of [f, g]) {
    const want = sync(h(x)), jh = jit(h);
    for (let rep = 0; rep < 3; rep++) {
      wasmChecked++;
      if (!sameBits(want, sync(jh(x)))) {
        wasmBad++;
        console.log(`shared loop mismatch: shape ${shape} (call ${rep})`);
      }
      await new Promise((r) => setTimeout(r, 30));
    }
  }
}
failures += wasmBad;
console.log(`large float32 loops (WebAssembly): ${wasmChecked} programs, ${wasmBad} mismatches`);

/**
 * The reference product: c = f32(c + f32(a·b)) in order of k; with FMA the kernel rounds once,
 * c = f32(c + a·b), which double arithmetic reproduces except for rare double roundings, so
 * that mode is checked to within one ulp (and threads against one thread, bit for bit).
 */
function naive(a: Float32Array, b: Float32Array, M: number, K: number, Nn: number, fma: boolean) {
  const c = new Float32Array(M * Nn);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < Nn; j++) {
      let acc = 0;
      for (let k = 0; k < K; k++) {
        const p = a[i * K + k] * b[k * Nn + j];
        acc = Math.fround(acc + (fma ? p : Math.fround(p)));
      }
      c[i * Nn + j] = acc;
    }
  }
  return c;
}

function maxUlps(a: Float32Array, b: Float32Array): number {
  const ia = new Int32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Int32Array(b.buffer, b.byteOffset, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(
      (ia[i] < 0 ? -2147483648 - ia[i] : ia[i]) - (ib[i] < 0 ? -2147483648 - ib[i] : ib[i]),
    );
    if (d > m) m = d;
  }
  return m;
}

const fma = wasmRuntime()?.fma ?? false;
let mmBad = 0;
for (const [M, K, Nn] of [[1, 16, 1], [5, 17, 3], [16, 100, 64], [67, 300, 129], [300, 260, 70]]) {
  const a = new Float32Array(M * K).map(() => rnd() - 0.5);
  const b = new Float32Array(K * Nn).map(() => rnd() - 0.5);
  const ref = naive(a, b, M, K, Nn, fma);
  let first: Float32Array | null = null;
  // Twice: the first large product starts the workers, the second may use them.
  for (let rep = 0; rep < 2; rep++) {
    const c = new Float32Array(M * Nn);
    if (!matmulF32(a, 0, b, 0, M, K, Nn, c, 0)) throw new Error("wasm matmul unavailable");
    const ulps = maxUlps(c, ref);
    if (fma ? ulps > 1 : ulps > 0) {
      mmBad++;
      console.log(`matmul ${M}x${K}x${Nn} (rep ${rep}): ${ulps} ulps from the reference`);
    }
    if (first && !sameBits(first, c)) {
      mmBad++;
      console.log(`matmul ${M}x${K}x${Nn}: threads and one thread differ`);
    }
    first = c;
    await new Promise((r) => setTimeout(r, 50));
  }
}
console.log(`wasm matmul (fma: ${fma}) vs reference: ${mmBad} problems`);
process.exit(failures || mmBad ? 1 : 0);
