/**
 * Per-primitive tolerances of the differential tests, per backend. A float32 result may be
 * `ulps` float32 ulps (plus `atol`) from the exact value; reductions and dots may add
 * `perTerm`·n·2⁻²⁴·Σ|terms| (n terms). Integer and bool results are always exact, and NaN, ±inf
 * and the sign of zero must match exactly wherever the error bound is finite.
 *
 * CPU: kernels compute each float32 element in float64 and round once, and accumulate sums and
 * dots in float64, so one ulp covers rounding (double rounding included); products of several
 * roundings (integer_pow by squaring, XLA's erf_inv polynomial) get more.
 * WebGPU: WGSL's accuracy requirements (§ "Floating Point Accuracy" of the WGSL spec), which are
 * looser for transcendental functions, and float32 accumulation in reductions.
 */

import { PLATFORM } from "./config.ts";

export interface Tol {
  ulps: number;
  atol: number;
  perTerm: number;
  /** Whether the sign of a zero result must match (false where XLA leaves it unspecified). */
  zeroSign: boolean;
}

const base: Tol = { ulps: 1, atol: 0, perTerm: 0, zeroSign: true };

const CPU: Record<string, Partial<Tol>> = {
  integer_pow: { ulps: 12 },
  erf_inv: { ulps: 8 },
  erf: { ulps: 2, atol: 2 ** -40 },
  erfc: { ulps: 2 },
  lgamma: { ulps: 2, atol: 2 ** -40 },
  digamma: { ulps: 2, atol: 2 ** -40 },
  max: { zeroSign: false },
  min: { zeroSign: false },
  clamp: { zeroSign: false },
  reduce_max: { zeroSign: false },
  reduce_min: { zeroSign: false },
  cummax: { zeroSign: false },
  cummin: { zeroSign: false },
  reduce_sum: { perTerm: 1 },
  reduce_prod: { perTerm: 1 },
  cumsum: { perTerm: 1 },
  cumprod: { perTerm: 1 },
  cumlogsumexp: { ulps: 2, perTerm: 2 },
  dot_general: { perTerm: 1 },
};

const WEBGPU: Record<string, Partial<Tol>> = {
  ...CPU,
  div: { ulps: 3 },
  exp: { ulps: 64 },
  exp2: { ulps: 64 },
  expm1: { ulps: 64, atol: 2 ** -21 },
  log: { ulps: 4, atol: 2 ** -21 },
  log1p: { ulps: 4, atol: 2 ** -21 },
  sin: { ulps: 4, atol: 2 ** -11 },
  cos: { ulps: 4, atol: 2 ** -11 },
  tan: { ulps: 64, atol: 2 ** -10 },
  asin: { ulps: 4096, atol: 2 ** -20 },
  acos: { ulps: 4096, atol: 2 ** -20 },
  atan: { ulps: 4096 },
  atan2: { ulps: 4096 },
  sinh: { ulps: 64, atol: 2 ** -20 },
  cosh: { ulps: 64 },
  tanh: { ulps: 64, atol: 2 ** -20 },
  asinh: { ulps: 64, atol: 2 ** -20 },
  acosh: { ulps: 64, atol: 2 ** -20 },
  atanh: { ulps: 64, atol: 2 ** -20 },
  logistic: { ulps: 64 },
  sqrt: { ulps: 3 },
  rsqrt: { ulps: 3 },
  cbrt: { ulps: 64 },
  pow: { ulps: 4096 },
  erf: { ulps: 16, atol: 2 ** -20 },
  erfc: { ulps: 64, atol: 2 ** -20 },
  lgamma: { ulps: 64, atol: 2 ** -18 },
  digamma: { ulps: 64, atol: 2 ** -18 },
  reduce_sum: { perTerm: 2 },
  reduce_prod: { perTerm: 2 },
  cumsum: { perTerm: 2 },
  cumprod: { perTerm: 2 },
  cumlogsumexp: { ulps: 64, perTerm: 4 },
  dot_general: { perTerm: 2 },
};

/** The tolerance of primitive `op` on the backend under test. */
export function tolerance(op: string): Tol {
  const t = (PLATFORM === "webgpu" ? WEBGPU : CPU)[op];
  return t ? { ...base, ...t } : base;
}
