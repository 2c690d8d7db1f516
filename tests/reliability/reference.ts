/**
 * A float64 reference evaluator for jaxscript's primitives: plain JS over Float64Array,
 * deliberately simple (index arithmetic, no fusion, no caching), written from the semantics in
 * `src/lax/prims/*.ts` doc comments and XLA's definitions — never from the kernels.
 *
 * A `Ref` holds exact values: float32 inputs are the float32 values themselves and float32
 * results are the real-number result computed in float64 (not rounded to float32), ints hold
 * their wrapped int32/uint32 value, bools 0/1.
 *
 * Each array may carry `err`, a per-element bound on how far a float32 implementation may
 * legitimately be from the exact value: float32 rounding of every primitive on the way (the
 * per-op ulp budget in `tolerances.ts`), propagated through later primitives. Elementwise ops
 * propagate input errors by evaluating at the corners of the input intervals (a discontinuity —
 * floor, a comparison flipping — shows up as a large error, so such elements are not compared);
 * data movement moves errors with the data; sums and dots use the classical bound
 * Σ|errors| + k·u·Σ|terms|.
 */

import { tolerance } from "./tolerances.ts";

export type DType = "float32" | "int32" | "uint32" | "bool";

export interface Ref {
  shape: number[];
  dtype: DType;
  data: Float64Array;
  /** Absolute error bound per element (absent: exact, e.g. inputs). */
  err?: Float64Array;
}

// Basics -------------------------------------------------------------------------------------

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Multi-index of flat index `f` in `shape`. */
export function unravel(f: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = f % shape[i];
    f = Math.floor(f / shape[i]);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < shape.length; i++) f = f * shape[i] + idx[i];
  return f;
}

export function make(shape: readonly number[], dtype: DType, values?: ArrayLike<number>): Ref {
  const data = new Float64Array(size(shape));
  if (values) { for (let i = 0; i < data.length; i++) data[i] = values[i]; }
  return { shape: [...shape], dtype, data };
}

/** The value a dtype stores for a real number (float32 rounding, int wrap, bool != 0). */
export function store(v: number, dtype: DType): number {
  switch (dtype) {
    case "float32":
      return Math.fround(v);
    case "int32":
      return Number(BigInt.asIntN(32, BigInt(Math.trunc(v))));
    case "uint32":
      return Number(BigInt.asUintN(32, BigInt(Math.trunc(v))));
    case "bool":
      return v !== 0 ? 1 : 0;
  }
}

const TWO_M24 = 2 ** -24;
const F32_MAX = 3.4028234663852886e38;

/** One float32 ulp at magnitude |v| (the spacing of float32 numbers there). */
export function ulp32(v: number): number {
  const a = Math.abs(v);
  if (!Number.isFinite(a)) return 0;
  if (a < 2 ** -126) return 2 ** -149;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 23);
}

/** Rounding error a primitive named `op` may add to a float32 result `r`. */
function roundErr(op: string, r: number, dtype: DType): number {
  if (dtype !== "float32" || !Number.isFinite(r)) return 0;
  const t = tolerance(op);
  return t.ulps * ulp32(r) + t.atol;
}

// Integer helpers (BigInt, so they are independent of Math.imul and |0 tricks) -----------------

const I32 = (v: bigint) => Number(BigInt.asIntN(32, v));
const U32 = (v: bigint) => Number(BigInt.asUintN(32, v));
const wrapInt = (v: bigint, dtype: DType) => (dtype === "uint32" ? U32(v) : I32(v));
const big = (v: number) => BigInt(v);

/** Integer division truncating toward zero, XLA's x / 0 and INT_MIN / -1. */
function intDiv(x: number, y: number, dtype: DType): number {
  if (y === 0) return dtype === "uint32" ? 0xffffffff : -1;
  return wrapInt(big(x) / big(y), dtype); // BigInt division truncates toward zero
}

/** XLA's rem for ints: sign of the dividend; x rem 0 is x. */
function intRem(x: number, y: number, dtype: DType): number {
  if (y === 0) return x;
  return wrapInt(big(x) % big(y), dtype);
}

/** C's pow special cases (pow(1, y) = 1, pow(x, ±0) = 1, pow(-1, ±inf) = 1). */
function powC(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return Math.pow(x, y);
}

function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.floor(Math.abs(x) + 0.5);
  // floor(|x| + 0.5) is exact for float32 inputs (|x| + 0.5 is exact in double).
  return x < 0 || Object.is(x, -0) ? -r : r;
}

function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  let r = d > 0.5 ? f + 1 : d < 0.5 ? f : (f % 2 === 0 ? f : f + 1);
  if (r === 0 && (x < 0 || Object.is(x, -0))) r = -0;
  return r;
}

/** erf by its Maclaurin series (|x| < 3) or the asymptotic continued fraction of erfc. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return x;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  if (a < 3) {
    let sum = 0, term = x;
    for (let n = 0; n < 200; n++) {
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-18 * Math.abs(sum)) break;
      term *= -x * x / (n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.sign(x) * (1 - erfcPositive(a));
}

/** erfc for x ≥ 3 by backward evaluation of its continued fraction. */
function erfcPositive(x: number): number {
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 3) return erfcPositive(x);
  if (x <= -6) return 2;
  return 1 - erf(x);
}

/** erf⁻¹ by Newton's method on the reference erf. */
export function erfInv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  if (y === 0) return y;
  // Start from a rough approximation, then Newton (erf' = 2/√π e^{-x²}), in the tail on erfc.
  const a = Math.abs(y);
  let x: number;
  if (a < 0.9) x = y * Math.sqrt(Math.PI) / 2;
  else {
    const w = -Math.log((1 - a) * (1 + a));
    x = Math.sign(y) * Math.sqrt(Math.max(0.5, w - Math.log(w) / 2));
  }
  for (let i = 0; i < 200; i++) {
    const ax = Math.abs(x);
    // erf(x) − y, computed as (1 − y) − erfc(x) in the tail to keep its relative accuracy.
    const fx = ax < 3 ? erf(x) - y : Math.sign(x) * ((1 - a) - erfcPositive(ax));
    const step = fx / (2 / Math.sqrt(Math.PI) * Math.exp(-x * x));
    x -= step;
    if (!(Math.abs(step) > 1e-17 * Math.abs(x))) break;
  }
  return x;
}

/** log|Γ(x)| by recurrence up to x ≥ 15 and Stirling's series (reflection below 0.5). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  let shift = 0;
  while (x < 15) {
    shift += Math.log(x);
    x += 1;
  }
  const z = 1 / (x * x);
  const series = (1 / 12 - z * (1 / 360 - z * (1 / 1260 - z * (1 / 1680 - z / 1188)))) / x;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** ψ(x) by recurrence and the asymptotic series (reflection for x < 0). */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let acc = 0;
  while (x < 15) {
    acc -= 1 / x;
    x += 1;
  }
  const z = 1 / (x * x);
  return acc + Math.log(x) - 0.5 / x -
    z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z / 132))));
}

/** The next float32 after x toward y (through the bits: one integer step). */
export function nextafter32(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  const f = new Float32Array(1), u = new Int32Array(f.buffer);
  if (x === 0) {
    u[0] = 1;
    return y > 0 ? f[0] : -f[0];
  }
  f[0] = x;
  u[0] += (y > x) === (x > 0) ? 1 : -1;
  return f[0];
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v >>>= 1) n += v & 1;
  return n;
}

function clz(x: number): number {
  let v = x >>> 0;
  if (v === 0) return 32;
  let n = 0;
  while (!(v & 0x80000000)) {
    v = (v << 1) >>> 0;
    n++;
  }
  return n;
}

/** float → int conversion: truncate, saturate, NaN → 0 (XLA). */
function floatToInt(x: number, dtype: DType): number {
  if (Number.isNaN(x)) return 0;
  const t = Math.trunc(x);
  if (dtype === "int32") return Math.min(2147483647, Math.max(-2147483648, t));
  return Math.min(4294967295, Math.max(0, t));
}

// Elementwise --------------------------------------------------------------------------------

type Scalar = (
  xs: number[],
  inDT: DType[],
  outDT: DType,
  params: Record<string, unknown>,
) => number;

const f1 = (f: (x: number) => number): Scalar => ([x]) => f(x);

/** One element of each elementwise primitive, exactly (float results unrounded). */
export const SCALAR: Record<string, Scalar> = {
  neg: ([x], [t]) => (t === "float32" ? -x : wrapInt(-big(x), t)),
  sign: ([x], [t]) =>
    t === "uint32" ? (x > 0 ? 1 : 0) : Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : x,
  floor: f1(Math.floor),
  ceil: f1(Math.ceil),
  round: ([x], _t, _o, p) => (p.rounding_method === 1 ? roundHalfEven(x) : roundHalfAway(x)),
  is_finite: ([x]) => (Number.isFinite(x) ? 1 : 0),
  exp: f1(Math.exp),
  exp2: f1((x) => Math.pow(2, x)),
  log: f1(Math.log),
  log1p: f1(Math.log1p),
  expm1: f1(Math.expm1),
  tanh: f1(Math.tanh),
  logistic: f1((x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))),
  sin: f1(Math.sin),
  cos: f1(Math.cos),
  tan: f1(Math.tan),
  asin: f1(Math.asin),
  acos: f1(Math.acos),
  atan: f1(Math.atan),
  sinh: f1(Math.sinh),
  cosh: f1(Math.cosh),
  asinh: f1(Math.asinh),
  acosh: f1(Math.acosh),
  atanh: f1(Math.atanh),
  sqrt: f1(Math.sqrt),
  rsqrt: f1((x) => 1 / Math.sqrt(x)),
  cbrt: f1(Math.cbrt),
  abs: ([x], [t]) => (t === "float32" ? Math.abs(x) : wrapInt(big(x) < 0n ? -big(x) : big(x), t)),
  not: ([x], [t]) => (t === "bool" ? 1 - x : wrapInt(~big(x), t)),
  erf: f1(erf),
  erfc: f1(erfc),
  erf_inv: f1(erfInv),
  lgamma: f1(lgamma),
  digamma: f1(digamma),
  square: ([x], [t]) => (t === "float32" ? x * x : wrapInt(big(x) * big(x), t)),
  integer_pow: ([x], [t], _o, p) => {
    const y = p.y as number;
    if (t === "float32") return Math.pow(x, y);
    if (y < 0) {
      const d = wrapInt(big(x) ** big(-y), t);
      return intDiv(1, d, t);
    }
    return wrapInt(big(x) ** big(y), t);
  },
  population_count: ([x]) => popcount(x),
  clz: ([x]) => clz(x),
  copy: ([x]) => x,

  add: ([x, y], [t]) => (t === "float32" ? x + y : wrapInt(big(x) + big(y), t)),
  sub: ([x, y], [t]) => (t === "float32" ? x - y : wrapInt(big(x) - big(y), t)),
  mul: ([x, y], [t]) => (t === "float32" ? x * y : wrapInt(big(x) * big(y), t)),
  div: ([x, y], [t]) => (t === "float32" ? x / y : intDiv(x, y, t)),
  rem: ([x, y], [t]) => (t === "float32" ? x % y : intRem(x, y, t)),
  pow: ([x, y]) => powC(x, y),
  max: ([x, y]) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x >= y ? x : y),
  min: ([x, y]) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x <= y ? x : y),
  atan2: ([x, y]) => Math.atan2(x, y),
  nextafter: ([x, y]) => nextafter32(x, y),
  and: ([x, y], [t]) => (t === "bool" ? x & y : wrapInt(big(x) & big(y), t)),
  or: ([x, y], [t]) => (t === "bool" ? x | y : wrapInt(big(x) | big(y), t)),
  xor: ([x, y], [t]) => (t === "bool" ? x ^ y : wrapInt(big(x) ^ big(y), t)),
  eq: ([x, y]) => (x === y ? 1 : 0),
  ne: ([x, y]) => (x !== y ? 1 : 0),
  lt: ([x, y]) => (x < y ? 1 : 0),
  le: ([x, y]) => (x <= y ? 1 : 0),
  gt: ([x, y]) => (x > y ? 1 : 0),
  ge: ([x, y]) => (x >= y ? 1 : 0),
  // Shift amounts are read as unsigned; ≥ 32 shifts everything out (sign fill for arithmetic).
  shift_left: ([x, y], [t]) => U32(big(y)) >= 32 ? 0 : wrapInt(big(x) << big(U32(big(y))), t),
  shift_right_logical: ([x, y], [t]) =>
    U32(big(y)) >= 32 ? 0 : wrapInt(big(U32(big(x))) >> big(U32(big(y))), t),
  shift_right_arithmetic: ([x, y], [t]) => {
    const s = U32(big(y));
    return wrapInt(big(I32(big(x))) >> big(Math.min(s, 31)), t);
  },
  select_n: ([w, ...cases]) => cases[w],
  clamp: ([lo, x, hi]) =>
    Number.isNaN(x) || Number.isNaN(lo) || Number.isNaN(hi) ? NaN : Math.min(Math.max(x, lo), hi),
  convert_element_type: ([x], [from], to) => {
    if (to === "bool") return x !== 0 ? 1 : 0;
    if (to === "float32") return Math.fround(x); // round to nearest even: exact semantics
    if (from === "float32") return floatToInt(x, to);
    return wrapInt(big(x), to);
  },
};

/** Primitives whose result dtype is bool whatever the operands. */
const BOOL_OUT = new Set(["eq", "ne", "lt", "le", "gt", "ge", "is_finite"]);

/** lax's broadcasting: rank-0 operands broadcast; the others share a rank, axes agree or are 1. */
export function laxBroadcastShape(shapes: number[][]): number[] {
  const ranked = shapes.filter((s) => s.length > 0);
  if (ranked.length === 0) return [];
  const out = [...ranked[0]];
  for (const s of ranked) {
    if (s.length !== out.length) throw new Error("reference: rank mismatch");
    s.forEach((d, i) => {
      if (d !== 1) {
        if (out[i] !== 1 && out[i] !== d) throw new Error("reference: incompatible shapes");
        out[i] = d;
      }
    });
  }
  return out;
}

/**
 * An elementwise primitive on operands with lax broadcasting. `outDType` defaults to the
 * operands' dtype (bool for comparisons; select_n takes the cases' dtype).
 */
export function elementwise(
  name: string,
  xs: Ref[],
  params: Record<string, unknown> = {},
  outDType?: DType,
): Ref {
  const f = SCALAR[name];
  if (!f) throw new Error(`reference: no elementwise rule for ${name}`);
  const inDT = xs.map((x) => x.dtype);
  const dtype = outDType ??
    (BOOL_OUT.has(name) ? "bool" : name === "select_n" ? xs[1].dtype : xs[0].dtype);
  const shape = laxBroadcastShape(xs.map((x) => x.shape));
  const n = size(shape);
  const out = make(shape, dtype);
  const anyErr = xs.some((x) => x.err);
  const err = anyErr || dtype === "float32" ? new Float64Array(n) : undefined;
  const st = xs.map((x) => (x.shape.length === 0 ? null : strides(x.shape)));
  const vals = new Array<number>(xs.length);
  const errs = new Array<number>(xs.length);
  for (let i = 0; i < n; i++) {
    const idx = shape.length ? unravel(i, shape) : [];
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j];
      let k = 0;
      const s = st[j];
      if (s) { for (let a = 0; a < idx.length; a++) k += (x.shape[a] === 1 ? 0 : idx[a]) * s[a]; }
      vals[j] = x.data[k];
      errs[j] = x.err ? x.err[k] : 0;
    }
    const r = f(vals, inDT, dtype, params);
    out.data[i] = r;
    if (err) {
      let e = roundErr(name, r, dtype);
      if (name === "integer_pow" && dtype === "float32") e += powSteps(vals[0], params.y as number);
      if (anyErr && errs.some((v) => v > 0)) {
        e += cornerDeviation(f, vals, errs, inDT, dtype, params, r);
      }
      err[i] = e;
    }
  }
  if (err) out.err = err;
  return out;
}

/**
 * integer_pow multiplies in float32 step by step (as XLA): when a partial power overflows or
 * becomes subnormal, the float32 result legitimately departs from the exact one.
 */
function powSteps(x: number, y: number): number {
  const m = Math.abs(x) ** Math.abs(y);
  return m > 3.4e38 || (m < 2 ** -126 && m !== 0) ? Infinity : 0;
}

/**
 * How far f moves when each operand moves within its error interval: the largest deviation over
 * the interval corners and midpoints, with a safety factor (Infinity when NaN-ness changes).
 */
function cornerDeviation(
  f: Scalar,
  vals: number[],
  errs: number[],
  inDT: DType[],
  outDT: DType,
  params: Record<string, unknown>,
  center: number,
): number {
  const choices = vals.map((v, j) => {
    const e = errs[j];
    if (!(e > 0)) return [v];
    if (!Number.isFinite(e)) return [NaN];
    if (inDT[j] === "bool") return [0, 1];
    if (inDT[j] !== "float32") return [v, v - Math.ceil(e), v + Math.ceil(e)];
    return [v - e, v - e / 2, v, v + e / 2, v + e];
  });
  let dev = 0;
  const pick = new Array<number>(vals.length);
  const rec = (j: number): void => {
    if (dev === Infinity) return;
    if (j === vals.length) {
      const r = f(pick, inDT, outDT, params);
      if (Number.isNaN(r) !== Number.isNaN(center)) dev = Infinity;
      else if (!Number.isNaN(r)) {
        const d = Math.abs(r - center);
        if (Number.isNaN(d)) dev = r === center ? dev : Infinity; // inf - inf
        else dev = Math.max(dev, d);
      }
      return;
    }
    for (const c of choices[j]) {
      if (Number.isNaN(c)) {
        dev = Infinity;
        return;
      }
      pick[j] = c;
      rec(j + 1);
    }
  };
  rec(0);
  return dev === Infinity ? Infinity : dev * 1.5;
}

// Data movement ------------------------------------------------------------------------------

/** Builds an array whose element i is source element src(i) (or `fill` when src gives -1). */
function gatherFlat(
  x: Ref,
  shape: number[],
  src: (outIdx: number[]) => number,
  fill?: { value: number; err: number },
): Ref {
  const n = size(shape);
  const out = make(shape, x.dtype);
  const err = x.err || (fill && fill.err > 0) ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const k = src(shape.length ? unravel(i, shape) : []);
    if (k < 0) {
      out.data[i] = fill!.value;
      if (err) err[i] = fill!.err;
    } else {
      out.data[i] = x.data[k];
      if (err) err[i] = x.err ? x.err[k] : 0;
    }
  }
  if (err) out.err = err;
  return out;
}

export function broadcastInDim(x: Ref, shape: number[], dims: number[]): Ref {
  const st = strides(x.shape);
  return gatherFlat(x, shape, (o) => {
    let k = 0;
    dims.forEach((d, i) => (k += (x.shape[i] === 1 ? 0 : o[d]) * st[i]));
    return k;
  });
}

export function reshape(x: Ref, shape: number[]): Ref {
  if (size(shape) !== size(x.shape)) throw new Error("reference: reshape size");
  return { ...x, shape: [...shape] };
}

export function transpose(x: Ref, perm: number[]): Ref {
  const st = strides(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  return gatherFlat(x, shape, (o) => o.reduce((k, v, i) => k + v * st[perm[i]], 0));
}

export function rev(x: Ref, dims: number[]): Ref {
  return gatherFlat(
    x,
    x.shape,
    (o) => ravel(o.map((v, i) => (dims.includes(i) ? x.shape[i] - 1 - v : v)), x.shape),
  );
}

export function slice(x: Ref, start: number[], limit: number[], stride?: number[] | null): Ref {
  const s = stride ?? start.map(() => 1);
  const shape = start.map((b, i) => Math.max(0, Math.ceil((limit[i] - b) / s[i])));
  return gatherFlat(x, shape, (o) => ravel(o.map((v, i) => start[i] + v * s[i]), x.shape));
}

/** lax.pad: [lo, hi, interior] per axis; negative lo/hi crop. */
export function pad(x: Ref, value: Ref, config: [number, number, number][]): Ref {
  const shape = x.shape.map((d, i) => {
    const [lo, hi, interior] = config[i];
    return lo + hi + d + Math.max(0, d - 1) * interior;
  });
  return gatherFlat(x, shape, (o) => {
    const idx: number[] = [];
    for (let i = 0; i < o.length; i++) {
      const [lo, , interior] = config[i];
      const p = o[i] - lo;
      if (p < 0 || p % (interior + 1) !== 0) return -1;
      const j = p / (interior + 1);
      if (j >= x.shape[i]) return -1;
      idx.push(j);
    }
    return ravel(idx, x.shape);
  }, { value: value.data[0], err: value.err ? value.err[0] : 0 });
}

export function concatenate(xs: Ref[], dim: number): Ref {
  const shape = [...xs[0].shape];
  shape[dim] = xs.reduce((a, x) => a + x.shape[dim], 0);
  const n = size(shape);
  const out = make(shape, xs[0].dtype);
  const anyErr = xs.some((x) => x.err);
  const err = anyErr ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const o = unravel(i, shape);
    let j = 0, off = o[dim];
    while (off >= xs[j].shape[dim]) off -= xs[j++].shape[dim];
    const idx = [...o];
    idx[dim] = off;
    const k = ravel(idx, xs[j].shape);
    out.data[i] = xs[j].data[k];
    if (err) err[i] = xs[j].err ? xs[j].err![k] : 0;
  }
  if (err) out.err = err;
  return out;
}

/** dynamic_slice: start indices clamped so the window stays inside (XLA). */
export function dynamicSlice(x: Ref, starts: number[], sizes: number[]): Ref {
  const s = starts.map((v, i) => Math.min(Math.max(v, 0), x.shape[i] - sizes[i]));
  return slice(x, s, s.map((v, i) => v + sizes[i]));
}

export function iota(dtype: DType, shape: number[], dim: number): Ref {
  const out = make(shape, dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = unravel(i, shape)[dim];
  return out;
}

// Reductions ---------------------------------------------------------------------------------

/** Visits, for each output element, the flat indices of the reduced elements (in order). */
function reduceGroups(
  shape: number[],
  axes: number[],
  visit: (outFlat: number, members: number[]) => void,
): number[] {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = kept.map((i) => shape[i]);
  const redShape = axes.map((i) => shape[i]);
  const nOut = size(outShape), nRed = size(redShape);
  for (let o = 0; o < nOut; o++) {
    const oi = unravel(o, outShape);
    const members: number[] = [];
    for (let r = 0; r < nRed; r++) {
      const ri = unravel(r, redShape);
      const full = new Array<number>(shape.length);
      kept.forEach((a, i) => (full[a] = oi[i]));
      axes.forEach((a, i) => (full[a] = ri[i]));
      members.push(ravel(full, shape));
    }
    visit(o, members);
  }
  return outShape;
}

export type ReduceOp = "sum" | "prod" | "max" | "min" | "and" | "or" | "xor";

/** reduce_* over `axes` (XLA: sum from +0, prod from 1, max/min propagate NaN). */
export function reduce(op: ReduceOp, x: Ref, axes: number[]): Ref {
  const t = x.dtype;
  // No axes: the operand itself (lax.reduce_* over () is the identity, -0.0 included).
  if (axes.length === 0) return { ...x, shape: [...x.shape] };
  const results: number[] = [], errs: number[] = [];
  const outShape = reduceGroups(x.shape, axes, (_o, m) => {
    let acc: number, e = 0;
    const ev = (k: number) => (x.err ? x.err[k] : 0);
    switch (op) {
      case "sum": {
        if (t === "float32") {
          acc = 0;
          let mag = 0;
          for (const k of m) {
            acc += x.data[k];
            mag += Math.abs(x.data[k]);
            e += ev(k);
          }
          e += tolerance("reduce_sum").perTerm * m.length * TWO_M24 * mag;
          if (mag > F32_MAX) e = Infinity; // a partial sum may overflow float32
        } else {
          let b = 0n;
          for (const k of m) b += big(x.data[k]);
          acc = wrapInt(b, t);
        }
        break;
      }
      case "prod": {
        if (t === "float32") {
          // Running error bound: e ← e·|x| + |acc|·e_x + e·e_x + one rounding (relative, or
          // absolute at the subnormal spacing when the partial product underflows).
          acc = 1;
          const k = tolerance("reduce_prod").perTerm;
          for (const j of m) {
            const v = x.data[j], ex = ev(j);
            e = e * Math.abs(v) + Math.abs(acc) * ex + e * ex;
            acc *= v;
            e += k * (TWO_M24 * Math.abs(acc) + 2 ** -149);
            if (Math.abs(acc) > F32_MAX) e = Infinity; // overflowed: inf·0 may follow
          }
        } else {
          let b = 1n;
          for (const k of m) b = BigInt.asIntN(64, b * big(x.data[k]));
          acc = wrapInt(b, t);
        }
        break;
      }
      case "max":
      case "min": {
        acc = op === "max" ? -Infinity : Infinity;
        if (t === "int32") acc = op === "max" ? -2147483648 : 2147483647;
        if (t === "uint32") acc = op === "max" ? 0 : 4294967295;
        if (t === "bool") acc = op === "max" ? 0 : 1;
        for (const k of m) {
          const v = x.data[k];
          if (Number.isNaN(v) || Number.isNaN(acc)) acc = NaN;
          else acc = op === "max" ? Math.max(acc, v) : Math.min(acc, v);
          e = Math.max(e, ev(k));
        }
        break;
      }
      default: {
        let b = op === "and" ? (t === "bool" ? 1n : -1n) : 0n;
        for (const k of m) {
          const v = big(x.data[k]);
          b = op === "and" ? b & v : op === "or" ? b | v : b ^ v;
        }
        acc = t === "bool" ? Number(b & 1n) : wrapInt(b, t);
      }
    }
    results.push(acc);
    errs.push(t === "float32" ? e + roundErr(`reduce_${op}`, acc, t) : e);
  });
  const out = make(outShape, t, results);
  if (t === "float32" || x.err) out.err = Float64Array.from(errs);
  return out;
}

/** argmax/argmin along one axis: first index of the extreme; NaN counts as extreme (first wins). */
export function argReduce(op: "argmax" | "argmin", x: Ref, axis: number): Ref {
  const res: number[] = [], errs: number[] = [];
  const outShape = reduceGroups(x.shape, [axis], (_o, m) => {
    let best = 0;
    for (let j = 1; j < m.length; j++) {
      const v = x.data[m[j]], b = x.data[m[best]];
      if (Number.isNaN(b)) break;
      if (Number.isNaN(v) || (op === "argmax" ? v > b : v < b)) best = j;
    }
    res.push(best);
    // With input errors, a near-tie can legitimately pick another index.
    let uncertain = false;
    if (x.err) {
      const b = x.data[m[best]], eb = x.err[m[best]];
      for (let j = 0; j < m.length; j++) {
        if (j !== best && Math.abs(x.data[m[j]] - b) <= x.err[m[j]] + eb) uncertain = true;
      }
    }
    errs.push(uncertain ? Infinity : 0);
  });
  const out = make(outShape, "int32", res);
  if (x.err) out.err = Float64Array.from(errs);
  return out;
}

export type CumOp = "cumsum" | "cumprod" | "cummax" | "cummin" | "cumlogsumexp";

/** Cumulative reductions along `axis` (optionally reversed). */
export function cumulative(op: CumOp, x: Ref, axis: number, reverse = false): Ref {
  const out = make(x.shape, x.dtype);
  const err = x.dtype === "float32" || x.err ? new Float64Array(out.data.length) : undefined;
  const t = x.dtype;
  // Walk each line along `axis`.
  const lineShape = x.shape.filter((_, i) => i !== axis);
  const n = x.shape[axis];
  for (let l = 0; l < size(lineShape); l++) {
    const li = unravel(l, lineShape);
    const at = (j: number) => {
      const full = [...li];
      full.splice(axis, 0, j);
      return ravel(full, x.shape);
    };
    let acc = 0, accB = 0n, mag = 0, e = 0;
    for (let s = 0; s < n; s++) {
      const k = at(reverse ? n - 1 - s : s);
      const v = x.data[k], ev = x.err ? x.err[k] : 0;
      switch (op) {
        case "cumsum":
          if (t === "float32") {
            acc = s === 0 ? v : acc + v;
            mag += Math.abs(v);
            e += ev;
          } else {
            accB += big(v);
            acc = wrapInt(accB, t);
          }
          break;
        case "cumprod":
          if (t === "float32") {
            e = s === 0 ? ev : e * Math.abs(v) + Math.abs(acc) * ev + e * ev;
            acc = s === 0 ? v : acc * v;
            if (s > 0) e += tolerance(op).perTerm * (TWO_M24 * Math.abs(acc) + 2 ** -149);
            if (Math.abs(acc) > F32_MAX) e = Infinity;
          } else {
            accB = s === 0 ? big(v) : BigInt.asIntN(64, accB * big(v));
            acc = wrapInt(accB, t);
          }
          break;
        case "cummax":
        case "cummin":
          acc = s === 0
            ? v
            : Number.isNaN(acc) || Number.isNaN(v)
            ? NaN
            : op === "cummax"
            ? Math.max(acc, v)
            : Math.min(acc, v);
          e = Math.max(e, ev);
          break;
        case "cumlogsumexp": {
          // log Σ exp, accumulated stably in double.
          if (s === 0) acc = v;
          else {
            const hi = Math.max(acc, v), lo = Math.min(acc, v);
            acc = hi === -Infinity ? -Infinity : hi + Math.log1p(Math.exp(lo - hi));
          }
          e = Math.max(e, ev);
          break;
        }
      }
      out.data[k] = acc;
      if (err) {
        let ek = 0;
        if (t === "float32") {
          const tol = tolerance(op);
          if (op === "cumsum") {
            ek = mag > F32_MAX ? Infinity : e + tol.perTerm * (s + 1) * TWO_M24 * mag;
          } else if (op === "cumprod") ek = e;
          else if (op === "cumlogsumexp") {
            ek = e + tol.perTerm * (s + 2) * TWO_M24 * (1 + Math.abs(acc));
          } else ek = e;
          ek += roundErr(op, acc, t);
        } else ek = e;
        err[k] = ek;
      }
    }
  }
  if (err) out.err = err;
  return out;
}

// dot_general --------------------------------------------------------------------------------

/** ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch)). */
export type DotDims = [[number[], number[]], [number[], number[]]];

/** dot_general; output axes: batch, lhs free, rhs free. Sums start at +0. */
export function dotGeneral(a: Ref, b: Ref, [[lc, rc], [lb, rb]]: DotDims, outDType?: DType): Ref {
  const dtype = outDType ?? a.dtype;
  const lfree = a.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rfree = b.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  const bShape = lb.map((i) => a.shape[i]);
  const cShape = lc.map((i) => a.shape[i]);
  const shape = [...bShape, ...lfree.map((i) => a.shape[i]), ...rfree.map((i) => b.shape[i])];
  const out = make(shape, dtype);
  const float = dtype === "float32";
  const err = float || a.err || b.err ? new Float64Array(out.data.length) : undefined;
  const nC = size(cShape);
  for (let o = 0; o < out.data.length; o++) {
    const oi = unravel(o, shape);
    const bi = oi.slice(0, lb.length);
    const li = oi.slice(lb.length, lb.length + lfree.length);
    const ri = oi.slice(lb.length + lfree.length);
    let acc = 0, accB = 0n, mag = 0, e = 0;
    for (let c = 0; c < nC; c++) {
      const ci = unravel(c, cShape);
      const ai = new Array<number>(a.shape.length), bj = new Array<number>(b.shape.length);
      lb.forEach((ax, i) => (ai[ax] = bi[i]));
      rb.forEach((ax, i) => (bj[ax] = bi[i]));
      lfree.forEach((ax, i) => (ai[ax] = li[i]));
      rfree.forEach((ax, i) => (bj[ax] = ri[i]));
      lc.forEach((ax, i) => (ai[ax] = ci[i]));
      rc.forEach((ax, i) => (bj[ax] = ci[i]));
      const ka = ravel(ai, a.shape), kb = ravel(bj, b.shape);
      const x = a.data[ka], y = b.data[kb];
      if (float) {
        acc += x * y;
        mag += Math.abs(x * y);
        const ex = a.err ? a.err[ka] : 0, ey = b.err ? b.err[kb] : 0;
        e += Math.abs(x) * ey + Math.abs(y) * ex + ex * ey;
      } else accB += big(x) * big(y);
    }
    out.data[o] = float ? acc : wrapInt(accB, dtype);
    if (err) {
      err[o] = float && mag > F32_MAX
        ? Infinity
        : float
        ? e + tolerance("dot_general").perTerm * (nC + 1) * TWO_M24 * mag +
          roundErr("dot_general", acc, dtype)
        : 0;
    }
  }
  if (err) out.err = err;
  return out;
}

// Sorting ------------------------------------------------------------------------------------

/** numpy/JAX sort order for floats: -0 == +0, NaN after everything (stable). */
function lessKey(a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return a < b;
}

/**
 * lax.sort of several operands along `dim`, keyed lexicographically by the first `numKeys`,
 * stable. (Insertion sort: simple and obviously stable.)
 */
export function sort(xs: Ref[], dim: number, numKeys = 1): Ref[] {
  const shape = xs[0].shape;
  const outs = xs.map((x) => make(shape, x.dtype));
  const errs = xs.map((x) => (x.err ? new Float64Array(x.data.length) : undefined));
  const lineShape = shape.filter((_, i) => i !== dim);
  const n = shape[dim];
  for (let l = 0; l < size(lineShape); l++) {
    const li = unravel(l, lineShape);
    const at = (j: number) => {
      const full = [...li];
      full.splice(dim, 0, j);
      return ravel(full, shape);
    };
    const order = Array.from({ length: n }, (_, j) => j);
    const less = (p: number, q: number) => {
      for (let k = 0; k < numKeys; k++) {
        const a = xs[k].data[at(p)], b = xs[k].data[at(q)];
        if (lessKey(a, b)) return true;
        if (lessKey(b, a)) return false;
      }
      return false;
    };
    for (let i = 1; i < n; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= 0 && less(v, order[j])) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
    // With key errors, values within error of a neighbour may legitimately swap: the sorted
    // keys move by at most the largest key error, the other operands become uncertain.
    let keyErr = 0;
    if (xs[0].err) { for (let j = 0; j < n; j++) keyErr = Math.max(keyErr, xs[0].err[at(j)]); }
    let tie = false;
    if (keyErr > 0) {
      for (let j = 1; j < n; j++) {
        if (Math.abs(xs[0].data[at(order[j])] - xs[0].data[at(order[j - 1])]) <= 2 * keyErr) {
          tie = true;
        }
      }
    }
    for (let j = 0; j < n; j++) {
      xs.forEach((x, i) => {
        outs[i].data[at(j)] = x.data[at(order[j])];
        const e = errs[i];
        if (e) e[at(j)] = i === 0 ? keyErr : tie ? Infinity : x.err![at(order[j])];
      });
      if (keyErr > 0 && tie) {
        outs.forEach((_, i) => {
          if (i > 0) {
            if (!errs[i]) errs[i] = new Float64Array(outs[i].data.length);
            errs[i]![at(j)] = Infinity;
          }
        });
      }
    }
  }
  outs.forEach((o, i) => errs[i] && (o.err = errs[i]));
  return outs;
}

// Gather (XLA semantics; used for jnp indexing patterns) -------------------------------------

export interface GatherDims {
  offset_dims: number[];
  collapsed_slice_dims: number[];
  start_index_map: number[];
  operand_batching_dims: number[];
  start_indices_batching_dims: number[];
}

/**
 * XLA gather with the index vector on the last axis of `indices`. "clip" clamps each start so
 * the slice fits; "fill" reads `fill` for the whole slice when its start is out of bounds.
 */
export function gather(
  x: Ref,
  indices: Ref,
  dn: GatherDims,
  sliceSizes: number[],
  mode: "clip" | "fill" = "clip",
  fill = NaN,
): Ref {
  const batchShape = indices.shape.slice(0, -1);
  const nvec = indices.shape[indices.shape.length - 1];
  const windowAxes = x.shape.map((_, i) => i).filter((i) =>
    !dn.collapsed_slice_dims.includes(i) && !dn.operand_batching_dims.includes(i)
  );
  const rank = batchShape.length + windowAxes.length;
  const shape: number[] = [];
  let b = 0, w = 0;
  for (let i = 0; i < rank; i++) {
    shape.push(dn.offset_dims.includes(i) ? sliceSizes[windowAxes[w++]] : batchShape[b++]);
  }
  return gatherFlat(x, shape, (o) => {
    const bi: number[] = [], wi: number[] = [];
    o.forEach((v, i) => (dn.offset_dims.includes(i) ? wi.push(v) : bi.push(v)));
    const start = new Array<number>(x.shape.length).fill(0);
    for (let k = 0; k < nvec; k++) {
      start[dn.start_index_map[k]] = indices.data[ravel([...bi, k], indices.shape)];
    }
    dn.operand_batching_dims.forEach((d, i) => (start[d] = bi[dn.start_indices_batching_dims[i]]));
    let oob = false;
    for (let d = 0; d < x.shape.length; d++) {
      const hi = x.shape[d] - sliceSizes[d];
      if (start[d] < 0 || start[d] > hi) {
        if (mode === "fill") oob = true;
        start[d] = Math.min(Math.max(start[d], 0), hi);
      }
    }
    if (oob) return -1;
    const full = [...start];
    windowAxes.forEach((d, i) => (full[d] += wi[i]));
    return ravel(full, x.shape);
  }, { value: fill, err: 0 });
}

/**
 * numpy integer-array indexing along one axis (`x[..., idx, ...]` / jnp.take): negative indices
 * wrap once; the result has idx's shape in place of `axis`. Out-of-range indices read `fill`
 * (jnp.take's default "fill" mode) — callers choose in-range indices for `x.get`.
 */
export function takeAlongAxis(x: Ref, idx: Ref, axis: number, fill = NaN): Ref {
  const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
  const n = x.shape[axis];
  return gatherFlat(x, shape, (o) => {
    const pre = o.slice(0, axis), ii = o.slice(axis, axis + idx.shape.length);
    const post = o.slice(axis + idx.shape.length);
    let j = idx.data[ravel(ii, idx.shape)];
    if (j < 0) j += n;
    if (j < 0 || j >= n) return -1;
    return ravel([...pre, j, ...post], x.shape);
  }, { value: fill, err: 0 });
}

/** Whole-array select with lax semantics: which is bool (false → cases[0]) or int32. */
export function selectN(which: Ref, cases: Ref[]): Ref {
  return elementwise("select_n", [which, ...cases]);
}

export function convert(x: Ref, to: DType): Ref {
  return elementwise("convert_element_type", [x], {}, to);
}
