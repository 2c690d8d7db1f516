/**
 * Generic checkers for JVP, transpose and batching rules. Each compares a transformation against
 * a reference computed without it, on the host in float64:
 * - `checkVmap`: vmap of f equals f applied to each example and stacked (also with the batch
 *   axis elsewhere, with some arguments unbatched, and under a nested vmap);
 * - `checkJvp`: jvp of f equals central finite differences;
 * - `checkTranspose`: ⟨vjp(u), v⟩ == ⟨u, jvp(v)⟩, which ties each transpose rule to its JVP.
 * The array shuffling on the host here (take, stack, moveaxis) is deliberately independent of
 * the library, so a wrong structural rule cannot hide behind the same wrong kernel.
 */

import "../../../mod.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import { type ArrayImpl, fromHostData } from "../../../src/core/array_impl.ts";
import { isZero, type Tangent, Zero } from "../../../src/core/ad_util.ts";
import type { BatchDim } from "../../../src/core/primitive.ts";
import { allocTyped, type DType, isFloat } from "../../../src/dtype.ts";
import { moveaxis, vmapFlat } from "../../../src/interpreters/batching.ts";
import { jvpFlat, tangentAval } from "../../../src/interpreters/jvp.ts";
import { instantiateZeros, vjpFlat } from "../../../src/interpreters/ad.ts";
import { traceToJaxpr } from "../../../src/interpreters/tracing.ts";
import type { Jaxpr } from "../../../src/core/jaxpr.ts";
import { assert } from "../../harness.ts";

/** A function under test: arrays in, one array or a list of arrays out. */
export type Fn = (...args: DeviceArray[]) => DeviceArray | DeviceArray[];

const flat = (f: Fn) => (...args: DeviceArray[]): DeviceArray[] => {
  const out = f(...args);
  return Array.isArray(out) ? out : [out];
};

// Host arrays ------------------------------------------------------------------------------------

/** An array on the host: row-major values as JS numbers, with its shape and dtype. */
export interface Host {
  data: number[];
  shape: number[];
  dtype: DType;
}

/**
 * Reads an array back to the host. Asynchronous because on WebGPU the values live on the GPU
 * until read (a synchronous `dataSync()` only works where they are on the host already).
 */
export async function toHost(x: DeviceArray): Promise<Host> {
  const data = await (x as ArrayImpl).data();
  return { data: Array.from(data), shape: [...x.shape], dtype: x.dtype };
}

/** Reads several arrays back, in order. */
async function toHosts(xs: readonly DeviceArray[]): Promise<Host[]> {
  const out: Host[] = [];
  for (const x of xs) out.push(await toHost(x));
  return out;
}

export function toDevice(h: Host): ArrayImpl {
  const buf = allocTyped(h.dtype, h.data.length);
  h.data.forEach((v, i) => (buf[i] = v));
  return fromHostData(buf, h.shape, h.dtype);
}

/** An array from nested-free data: `arr([1, 2, 3, 4], [2, 2])`. */
export function arr(data: readonly number[], shape: readonly number[], dtype: DType = "float32") {
  return toDevice({ data: [...data], shape: [...shape], dtype });
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Calls fn(flatIndex, multiIndex) for every element of `shape` in row-major order. */
function forEachIndex(shape: readonly number[], fn: (flat: number, idx: number[]) => void) {
  const n = size(shape);
  const idx = shape.map(() => 0);
  for (let k = 0; k < n; k++) {
    fn(k, idx);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
}

function flatIndex(shape: readonly number[], idx: readonly number[]): number {
  let f = 0;
  for (let a = 0; a < shape.length; a++) f = f * shape[a] + idx[a];
  return f;
}

/** Element `i` along `axis` (that axis removed). */
export function hostTake(h: Host, axis: number, i: number): Host {
  const shape = h.shape.filter((_, a) => a !== axis);
  const data = new Array<number>(size(shape));
  forEachIndex(shape, (k, idx) => {
    const full = [...idx];
    full.splice(axis, 0, i);
    data[k] = h.data[flatIndex(h.shape, full)];
  });
  return { data, shape, dtype: h.dtype };
}

/** Stacks same-shaped arrays along a new `axis`. */
export function hostStack(hs: Host[], axis: number): Host {
  const shape = [...hs[0].shape];
  shape.splice(axis, 0, hs.length);
  const data = new Array<number>(size(shape));
  forEachIndex(shape, (k, idx) => {
    const inner = idx.filter((_, a) => a !== axis);
    data[k] = hs[idx[axis]].data[flatIndex(hs[0].shape, inner)];
  });
  return { data, shape, dtype: hs[0].dtype };
}

export function hostMoveAxis(h: Host, from: number, to: number): Host {
  const n = h.shape[from];
  const parts = Array.from({ length: n }, (_, i) => hostTake(h, from, i));
  return hostStack(parts, to);
}

function hostReverse(h: Host, axis: number): Host {
  const n = h.shape[axis];
  return hostStack(Array.from({ length: n }, (_, i) => hostTake(h, axis, n - 1 - i)), axis);
}

// Random inputs ----------------------------------------------------------------------------------

/** A small seeded generator (mulberry32), so failures reproduce. */
export class Rng {
  constructor(private s: number) {}
  uniform(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(): number {
    const u = Math.max(this.uniform(), 1e-12), v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Standard normal float32 array. */
  randn(shape: readonly number[]): ArrayImpl {
    return toDevice({
      data: Array.from({ length: size(shape) }, () => this.normal()),
      shape: [...shape],
      dtype: "float32",
    });
  }
  /** Uniform in [lo, hi). */
  rand(shape: readonly number[], lo = 0, hi = 1): ArrayImpl {
    const data = Array.from({ length: size(shape) }, () => lo + (hi - lo) * this.uniform());
    return toDevice({ data, shape: [...shape], dtype: "float32" });
  }
  /** Integers in [lo, hi). */
  randint(shape: readonly number[], lo: number, hi: number, dtype: DType = "int32"): ArrayImpl {
    const data = Array.from(
      { length: size(shape) },
      () => lo + Math.floor((hi - lo) * this.uniform()),
    );
    return toDevice({ data, shape: [...shape], dtype });
  }
}

// Comparisons ------------------------------------------------------------------------------------

export interface Tol {
  rtol?: number;
  atol?: number;
}

/** Exact for integer/bool arrays, within tolerance for floats (NaN matches NaN). */
export function assertHostClose(actual: Host, expected: Host, what: string, tol: Tol = {}): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const exact = !isFloat(expected.dtype);
  const rtol = tol.rtol ?? 1e-5, atol = tol.atol ?? 1e-5;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i], e = expected.data[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const ok = exact ? a === e : a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) assert.fail(`${what}: at flat index ${i}: expected ${e}, got ${a}`);
  }
}

// checkVmap --------------------------------------------------------------------------------------

/** f on every example (slice b of each batched argument), stacked along axis 0. */
async function perExample(
  f: Fn,
  args: DeviceArray[],
  inDims: BatchDim[],
  n: number,
): Promise<Host[]> {
  const hosts = await toHosts(args);
  const outs: Host[][] = [];
  for (let b = 0; b < n; b++) {
    const ex = args.map((
      a,
      i,
    ) => (inDims[i] === null ? a : toDevice(hostTake(hosts[i], inDims[i]!, b))));
    outs.push(await toHosts(flat(f)(...ex)));
  }
  return outs[0].map((_, j) => hostStack(outs.map((o) => o[j]), 0));
}

function batchSize(args: DeviceArray[], inDims: BatchDim[]): number {
  const i = inDims.findIndex((d) => d !== null);
  if (i < 0) throw new Error("checkVmap needs at least one batched argument");
  return args[i].shape[inDims[i]!];
}

/** vmapFlat's outputs with the batch axis moved (or broadcast) to the front, on the host. */
async function vmapped(
  f: Fn,
  args: DeviceArray[],
  inDims: BatchDim[],
  n: number,
): Promise<Host[]> {
  const [outs, dims] = vmapFlat(flat(f), n, args, inDims);
  return (await toHosts(outs)).map((h, j) => {
    const d = dims[j];
    if (d === null) return hostStack(Array.from({ length: n }, () => h), 0);
    return d === 0 ? h : hostMoveAxis(h, d, 0);
  });
}

function compareAll(actual: Host[], expected: Host[], what: string, tol: Tol) {
  assert.equal(actual.length, expected.length, `${what}: number of outputs`);
  actual.forEach((a, j) => assertHostClose(a, expected[j], `${what}, output ${j}`, tol));
}

/**
 * Checks vmap of `f` over `args` batched along `inDims` (null: unbatched) against a loop over
 * examples; then the same with each batch axis moved to every other position, with each batched
 * argument in turn made unbatched (its first example), and nested in an outer vmap of size 2.
 */
export async function checkVmap(
  f: Fn,
  args: DeviceArray[],
  inDims: BatchDim[],
  tol: Tol = {},
): Promise<void> {
  const n = batchSize(args, inDims);
  const expected = await perExample(f, args, inDims, n);
  compareAll(await vmapped(f, args, inDims, n), expected, "vmap", tol);

  const hosts = await toHosts(args);
  for (let i = 0; i < args.length; i++) {
    const a = args[i], d = inDims[i], h = hosts[i];
    if (d === null) continue;
    for (let p = 0; p < a.ndim; p++) {
      if (p === d) continue;
      const moved = [...args];
      moved[i] = toDevice(hostMoveAxis(h, d, p));
      const dims = [...inDims];
      dims[i] = p;
      compareAll(
        await vmapped(f, moved, dims, n),
        expected,
        `vmap (arg ${i} batched at ${p})`,
        tol,
      );
    }
    if (inDims.filter((x) => x !== null).length > 1) {
      const fixed = [...args];
      fixed[i] = toDevice(hostTake(h, d, 0));
      const dims = [...inDims];
      dims[i] = null;
      compareAll(
        await vmapped(f, fixed, dims, n),
        await perExample(f, fixed, dims, n),
        `vmap (arg ${i} unbatched)`,
        tol,
      );
    }
  }

  // Nested: an outer batch of two, the second member with every inner batch reversed.
  const otherHosts = hosts.map((h, i) => (inDims[i] === null ? h : hostReverse(h, inDims[i]!)));
  const other = args.map((a, i) => (inDims[i] === null ? a : toDevice(otherHosts[i])));
  const outer = args.map((a, i) =>
    inDims[i] === null ? a : toDevice(hostStack([hosts[i], otherHosts[i]], 0))
  );
  const outerDims = inDims.map((d) => (d === null ? null : 0));
  const inner = (...xs: DeviceArray[]) => {
    const [outs, dims] = vmapFlat(flat(f), n, xs, inDims);
    return outs.map((o, j) => moveaxis(o, dims[j], 0, n));
  };
  const nested = await vmapped(inner, outer, outerDims, 2);
  const expectedOther = await perExample(f, other, inDims, n);
  const expectedNested = expected.map((e, j) => hostStack([e, expectedOther[j]], 0));
  compareAll(nested, expectedNested, "nested vmap", tol);
}

// checkJvp ---------------------------------------------------------------------------------------

export interface JvpOptions extends Tol {
  /** Finite-difference step (default 1e-3). */
  eps?: number;
  seed?: number;
}

/** Random tangents for float arguments, symbolic zeros for the others. */
function randomTangents(args: DeviceArray[], rng: Rng): Tangent[] {
  return args.map((a) => (isFloat(a.dtype) ? rng.randn(a.shape) : new Zero(tangentAval(a.aval))));
}

async function axpy(x: DeviceArray, t: Tangent, s: number): Promise<DeviceArray> {
  if (isZero(t)) return x;
  const hx = await toHost(x), ht = await toHost(t);
  return toDevice({ ...hx, data: hx.data.map((v, i) => v + s * ht.data[i]) });
}

/**
 * Checks jvp of `f` at `args` (float arguments get random tangents) against central finite
 * differences, and its primal outputs against `f`. Non-float outputs must have zero tangents.
 */
export async function checkJvp(f: Fn, args: DeviceArray[], opts: JvpOptions = {}): Promise<void> {
  const eps = opts.eps ?? 1e-3, rtol = opts.rtol ?? 1e-2, atol = opts.atol ?? 1e-3;
  const rng = new Rng(opts.seed ?? 1);
  const tangents = randomTangents(args, rng);
  const [primals, tOut] = jvpFlat(flat(f), args, tangents);
  const direct = await toHosts(flat(f)(...args));
  compareAll(await toHosts(primals), direct, "jvp primal outputs", {});
  const shifted = async (s: number) => {
    const xs: DeviceArray[] = [];
    for (let i = 0; i < args.length; i++) xs.push(await axpy(args[i], tangents[i], s));
    return await toHosts(flat(f)(...xs));
  };
  const plus = await shifted(eps);
  const minus = await shifted(-eps);
  const gots = await toHosts(tOut.map((t) => instantiateZeros(t)));
  gots.forEach((got, j) => {
    if (!isFloat(direct[j].dtype)) {
      assert.ok(got.data.every((v) => v === 0), `jvp output ${j}: non-float output has a tangent`);
      return;
    }
    const fd = plus[j].data.map((p, i) => (p - minus[j].data[i]) / (2 * eps));
    const scale = 1 + Math.max(0, ...fd.map(Math.abs));
    fd.forEach((e, i) => {
      const a = got.data[i];
      if (!(Math.abs(a - e) <= atol * scale + rtol * Math.abs(e))) {
        assert.fail(`jvp output ${j} at flat index ${i}: finite differences ${e}, jvp ${a}`);
      }
    });
  });
}

/** The tangent outputs of jvp with the given tangents, on the host. */
export function jvpValues(f: Fn, args: DeviceArray[], tangents: Tangent[]): Promise<Host[]> {
  return toHosts(jvpFlat(flat(f), args, tangents)[1].map((t) => instantiateZeros(t)));
}

// checkTranspose ---------------------------------------------------------------------------------

const dotHost = (a: Host, b: Host) => a.data.reduce((s, v, i) => s + v * b.data[i], 0);
const absDotHost = (a: Host, b: Host) => a.data.reduce((s, v, i) => s + Math.abs(v * b.data[i]), 0);

/**
 * Checks reverse mode against forward mode: for random output cotangents u and input tangents v
 * (float ones only), ⟨vjp(u), v⟩ must equal ⟨u, jvp(v)⟩. Also checks vjp's primal outputs.
 */
export async function checkTranspose(
  f: Fn,
  args: DeviceArray[],
  opts: { seed?: number; rtol?: number } = {},
): Promise<void> {
  const rng = new Rng(opts.seed ?? 2);
  const [outs, backward] = vjpFlat(flat(f), args);
  compareAll(
    await toHosts(outs),
    await toHosts(flat(f)(...args)),
    "vjp primal outputs",
    {},
  );
  const u: Tangent[] = outs.map((
    o,
  ) => (isFloat(o.dtype) ? rng.randn(o.shape) : new Zero(tangentAval(o.aval))));
  const cts = backward(u);
  const v = randomTangents(args, rng);
  const tv = await jvpValues(f, args, v);
  let lhs = 0, rhs = 0, scale = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!isFloat(a.dtype)) continue;
    const ct = await toHost(instantiateZeros(cts[i]));
    assert.deepEqual(ct.shape, a.shape, `vjp cotangent ${i}: shape`);
    const vi = await toHost(v[i] as DeviceArray);
    lhs += dotHost(ct, vi);
    scale += absDotHost(ct, vi);
  }
  for (let j = 0; j < outs.length; j++) {
    if (!isFloat(outs[j].dtype)) continue;
    const uj = await toHost(u[j] as DeviceArray);
    rhs += dotHost(uj, tv[j]);
    scale += absDotHost(uj, tv[j]);
  }
  const rtol = opts.rtol ?? 1e-4;
  if (!(Math.abs(lhs - rhs) <= rtol * (1 + scale))) {
    assert.fail(`⟨vjp(u), v⟩ = ${lhs} but ⟨u, jvp(v)⟩ = ${rhs}`);
  }
}

/** The cotangents vjp gives for output cotangents `u`, on the host. */
export function vjpValues(f: Fn, args: DeviceArray[], u: DeviceArray[]): Promise<Host[]> {
  const [, backward] = vjpFlat(flat(f), args);
  return toHosts(backward(u).map((t) => instantiateZeros(t)));
}

/** Runs all three checkers: jvp and transpose at `args`, vmap over `batched` along `inDims`. */
export async function checkAll(
  f: Fn,
  args: DeviceArray[],
  batched: DeviceArray[],
  inDims: BatchDim[],
  opts: JvpOptions = {},
): Promise<void> {
  await checkJvp(f, args, opts);
  await checkTranspose(f, args);
  await checkVmap(f, batched, inDims);
}

// Jaxpr inspection -------------------------------------------------------------------------------

/** The jaxpr of vmap(f) (batched along inDims), to check that work stays batched. */
export function vmapJaxpr(f: Fn, args: DeviceArray[], inDims: BatchDim[]): Jaxpr {
  const n = batchSize(args, inDims);
  return traceToJaxpr((...xs) => vmapFlat(flat(f), n, xs, inDims)[0], args.map((a) => a.aval))
    .jaxpr;
}

/** How many equations of each primitive a jaxpr has. */
export function primitiveCounts(jaxpr: Jaxpr): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of jaxpr.eqns) counts[e.primitive.name] = (counts[e.primitive.name] ?? 0) + 1;
  return counts;
}
