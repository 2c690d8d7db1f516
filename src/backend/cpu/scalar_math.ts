/**
 * Scalar math that JavaScript's Math lacks, with the float32 semantics XLA gives. Generated
 * kernels call these through the `h` (helpers) object.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fr = Math.fround;

/**
 * XLA's float32 ErfInv (Giles' single-precision polynomial, log1p form) as XLA:CPU runs it: the
 * Horner steps `c + p*w` are fused multiply-adds (XLA:CPU allows FP contraction), and log1p is
 * accurate (correctly rounded here). This reproduces every jax.random.normal value recorded in
 * jax_semantics.md §A.4 bit for bit, and 99% of a modern JAX CPU run (the rest within 3 ulp, as
 * JAX's own CPU and GPU results differ). Rounding each product separately (as XLA:GPU does) or
 * XLA's old log1p (`log(1 + x)` above 1e-4) matches fewer of them. The FMA is exact here: p*w of
 * two float32s is exact in a double, so one double add and one fround round it (double rounding
 * is vanishingly rare).
 */
export function erfInv32(x: number): number {
  x = fr(x);
  const ax = Math.abs(x);
  if (ax === 1) return x * Infinity;
  if (ax > 1 || Number.isNaN(x)) return NaN;
  // log1p(t) for float32 t ∈ (-1, 0]: 1 + t is exact in a double once |t| ≥ 2**-28, and below
  // that log1p(t) rounds to t, so Math.log(1 + t) gives the same float32 at half log1p's cost.
  const t = fr(-fr(x * x));
  let w = -fr(t > -3.725290298461914e-9 ? t : Math.log(1 + t));
  let c: Float32Array;
  if (w < 5) {
    w = fr(w - 2.5);
    c = ERFINV_LT5;
  } else {
    w = fr(fr(Math.sqrt(w)) - 3);
    c = ERFINV_GE5;
  }
  let p = c[0];
  for (let i = 1; i < 9; i++) p = fr(p * w + c[i]);
  return fr(p * x);
}
const ERFINV_LT5 = Float32Array.of(
  2.81022636e-08,
  3.43273939e-07,
  -3.5233877e-06,
  -4.39150654e-06,
  0.00021858087,
  -0.00125372503,
  -0.00417768164,
  0.246640727,
  1.50140941,
);
const ERFINV_GE5 = Float32Array.of(
  -0.000200214257,
  0.000100950558,
  0.00134934322,
  -0.00367342844,
  0.00573950773,
  -0.0076224613,
  0.00943887047,
  1.00167406,
  2.83297682,
);

/** erf to double precision (Abramowitz–Stegun 7.1.26 is too coarse; use a series/continued fraction). */
export function erf(x: number): number {
  if (Number.isNaN(x) || x === 0) return x; // erf(-0) = -0: the series below would give +0
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)); converges fast here.
    let term = x, sum = x;
    const x2 = x * x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return sum * 1.1283791670955126;
  }
  return x > 0 ? 1 - erfcLarge(ax) : erfcLarge(ax) - 1;
}

/** erfc, accurate in the tails (continued fraction for |x| ≥ 2.5). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 2.5) return 1 - erf(x);
  return erfcLarge(x);
}

function erfcLarge(x: number): number {
  if (x > 27) return 0;
  // Lentz's continued fraction for erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))).
  let f = x, c = x, d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + an / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * 1.772453850905516);
}

const LANCZOS = [
  0.99999999999980993,
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log|Γ(x)| (Lanczos approximation with reflection), as lax.lgamma. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  // Γ(1) = Γ(2) = 1 exactly; the Lanczos sum leaves ~1e-15 there, which would print as noise.
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) {
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.9189385332046727 + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x), the digamma function, as lax.digamma (NaN at non-positive integers, as JAX). */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  let result = 0;
  if (x < 0) {
    // Reflection: ψ(1 − x) − ψ(x) = π cot(πx).
    result -= Math.PI / Math.tan(Math.PI * x);
    x = 1 - x;
  }
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x, inv2 = inv * inv;
  return result + Math.log(x) - 0.5 * inv -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
}

/** The next float32 after x toward y (numpy.nextafter on float32). */
export function nextafter32(x: number, y: number): number {
  x = fr(x);
  y = fr(y);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  if (x === 0) {
    u32[0] = 1;
    return y > 0 ? f32[0] : -f32[0];
  }
  f32[0] = x;
  if ((x < y) === (x > 0)) u32[0] += 1;
  else u32[0] -= 1;
  return f32[0];
}

/** Round half to even (numpy's round / lax.round with rounding_method=1). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r === 0 && x < 0 ? -0 : r;
}

/** Round half away from zero (lax.round's default). */
export function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(Math.abs(x));
  return x < 0 || Object.is(x, -0) ? -r : r;
}

/** x ** y for a static integer y, by repeated squaring with float32 rounding as XLA does. */
export function integerPowF32(x: number, y: number): number {
  if (y === 0) return 1;
  const neg = y < 0;
  let n = Math.abs(y);
  let acc = 1, base = fr(x), first = true;
  while (n > 0) {
    if (n & 1) {
      acc = first ? base : fr(acc * base);
      first = false;
    }
    n >>>= 1;
    if (n > 0) base = fr(base * base);
  }
  return neg ? fr(1 / acc) : acc;
}

/** x ** y for integer x and static y ≥ 0 with int32 wrapping (uint32 callers re-wrap with >>> 0). */
export function integerPowInt(x: number, y: number): number {
  let acc = 1, base = x | 0, n = y;
  while (n > 0) {
    if (n & 1) acc = Math.imul(acc, base);
    base = Math.imul(base, base);
    n >>>= 1;
  }
  return acc;
}

export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** float → int32 as XLA converts: truncate, saturate, NaN → 0. */
export function f32ToI32(x: number): number {
  if (x !== x) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return x | 0;
}

/** float → uint32 as XLA converts: truncate, saturate, NaN → 0. */
export function f32ToU32(x: number): number {
  if (!(x > 0)) return 0;
  if (x >= 4294967295) return 4294967295;
  return x >>> 0;
}

/** pow with C's special cases (pow(1, y) = 1 and pow(-1, ±inf) = 1), which JS's Math.pow lacks. */
export function powC(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** Helpers that generated kernels reference as `h.name`. */
export const helpers = {
  erfInv32,
  erf,
  erfc,
  lgamma,
  digamma,
  nextafter32,
  roundHalfEven,
  roundHalfAway,
  integerPowF32,
  integerPowInt,
  popcount32,
  f32ToI32,
  f32ToU32,
  powC,
};
export type Helpers = typeof helpers;
