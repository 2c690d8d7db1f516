/**
 * JVP, transpose and batching rules of the reductions (reduce_sum/prod/max/min/and/or/xor,
 * argmax/argmin) and the cumulative reductions (cumsum/cumprod/cummax/cummin/cumlogsumexp).
 *
 * cumprod's JVP is a first-order linear recurrence along the axis, `dy[k] = a[k]·dy[k-1] + b[k]`,
 * with coefficients from the primals, solved with a log-depth scan of pads, multiplies and adds;
 * cummax, cummin and cumlogsumexp differentiate through JAX's associative-scan tree
 * (associative_scan.ts). Either way the tangent is linear in the input tangent (transposable for
 * grad) and itself differentiable (for higher derivatives).
 */

import type { DeviceArray } from "../../core/array.ts";
import type { Primitive } from "../../core/primitive.ts";
import { bind1 } from "../../core/trace.ts";
import { isFloat } from "../../dtype.ts";
import * as lax from "../lax.ts";
import * as P from "../prims/index.ts";
import {
  associativeScanJvp,
  type CombineJvp,
  extremalCombine,
  logaddexpCombine,
} from "./associative_scan.ts";
import {
  defLinearJvp,
  defZeroJvp,
  isZero,
  range,
  shiftAlong,
  shiftAxis,
  type UndefPrimal,
  Zero,
  zeroTangent,
} from "./util.ts";

// Batching: the batch axis passes through; reduced axes are renumbered around it. ----------------

function batchReducer(prim: Primitive): void {
  prim.batch = ([x], [d], params) => {
    const bd = d as number;
    const axes = params.axes as number[];
    const out = bd - axes.filter((a) => a < bd).length;
    const moved = axes.map((a) => shiftAxis(a, bd));
    return [[bind1(prim, [x], { ...params, axes: moved })], [out]];
  };
}

function batchCumulative(prim: Primitive): void {
  prim.batch = ([x], [d], params) => {
    const axis = shiftAxis(params.axis as number, d as number);
    return [[bind1(prim, [x], { ...params, axis })], [d]];
  };
}

for (
  const p of [
    P.reduce_sum_p,
    P.reduce_prod_p,
    P.reduce_max_p,
    P.reduce_min_p,
    P.reduce_and_p,
    P.reduce_or_p,
    P.reduce_xor_p,
    P.argmax_p,
    P.argmin_p,
  ]
) batchReducer(p);
for (const p of [P.cumsum_p, P.cumprod_p, P.cummax_p, P.cummin_p, P.cumlogsumexp_p]) {
  batchCumulative(p);
}

// Integer and boolean results have zero tangents.
for (const p of [P.reduce_and_p, P.reduce_or_p, P.reduce_xor_p, P.argmax_p, P.argmin_p]) {
  defZeroJvp(p);
}

/** The axes of `x` that a reduction over `axes` keeps. */
function keptAxes(ndim: number, axes: readonly number[]): number[] {
  return range(ndim).filter((i) => !axes.includes(i));
}

// reduce_sum ------------------------------------------------------------------------------------

defLinearJvp(P.reduce_sum_p, [0]);
P.reduce_sum_p.transpose = ([ct], [x], params) => {
  const aval = (x as UndefPrimal).aval;
  if (isZero(ct)) return [new Zero(aval)];
  return [lax.broadcastInDim(ct, aval.shape, keptAxes(aval.ndim, params.axes as number[]))];
};

// reduce_prod -----------------------------------------------------------------------------------

P.reduce_prod_p.jvp = ([x], [t], params) => {
  const ans = bind1(P.reduce_prod_p, [x], params);
  if (isZero(t) || !isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
  // d(∏x) = Σ_k t_k ∏_{j≠k} x_j. The products of all other elements come from exclusive
  // cumulative products from both ends, which stay exact when some x_j are zero (unlike ans/x).
  const axes = params.axes as number[];
  const kept = keptAxes(x.ndim, axes);
  const flat = (a: DeviceArray) => {
    const moved = lax.transpose(a, [...axes, ...kept]);
    const n = axes.reduce((m, i) => m * a.shape[i], 1);
    return lax.reshape(moved, [n, ...kept.map((i) => a.shape[i])]);
  };
  const xf = flat(x);
  const before = shiftAlong(lax.cumprod(xf, 0), 1, 0, 1);
  const after = shiftAlong(lax.cumprod(xf, 0, true), 1, 0, 1, true);
  const others = lax.mul(before, after);
  return [[ans], [lax.reduceSum(lax.mul(flat(t), others), [0])]];
};

// reduce_max / reduce_min -----------------------------------------------------------------------

/**
 * JAX's location-based rule: the tangent of the extreme value is the mean of the input tangents
 * at the positions that attain it (ties share equally).
 */
function chooserJvp(prim: Primitive): void {
  prim.jvp = ([x], [t], params) => {
    const ans = bind1(prim, [x], params);
    if (isZero(t) || !isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
    const axes = params.axes as number[];
    const expanded = lax.broadcastInDim(ans, x.shape, keptAxes(x.ndim, axes));
    const where = lax.convertElementType(lax.eq(x, expanded), t.dtype);
    const counts = lax.reduceSum(where, axes);
    return [[ans], [lax.div(lax.reduceSum(lax.mul(t, where), axes), counts)]];
  };
}
chooserJvp(P.reduce_max_p);
chooserJvp(P.reduce_min_p);

// Cumulative reductions -------------------------------------------------------------------------

/**
 * Solves `y[k] = a[k]·y[k-1] + b[k]` along `axis` (or `y[k] = a[k]·y[k+1] + b[k]` when
 * `reverse`), with zero before the start. Hillis–Steele scan: after the step with shift s, each
 * position holds the affine map over the last 2s positions, composed from two maps of s.
 */
export function linearRecurrence(
  a: DeviceArray,
  b: DeviceArray,
  axis: number,
  reverse: boolean,
): DeviceArray {
  const n = a.shape[axis];
  let A = a, B = b;
  for (let s = 1; s < n; s *= 2) {
    // Shifted-in positions hold the identity map (multiply by 1, add 0).
    const Bs = shiftAlong(B, s, axis, 0, reverse);
    B = lax.add(lax.mul(A, Bs), B);
    if (2 * s < n) A = lax.mul(A, shiftAlong(A, s, axis, 1, reverse));
  }
  return B;
}

defLinearJvp(P.cumsum_p, [0]);
P.cumsum_p.transpose = ([ct], [x], params) => {
  const aval = (x as UndefPrimal).aval;
  if (isZero(ct)) return [new Zero(aval)];
  // Each input feeds every output at or after it: a cumulative sum in the other direction.
  return [lax.cumsum(ct, params.axis as number, !(params.reverse as boolean))];
};

/** Defines a cumulative JVP from the recurrence coefficients (a, b) = coeffs(x, ans, t). */
function cumulativeJvp(
  prim: Primitive,
  coeffs: (
    x: DeviceArray,
    ans: DeviceArray,
    t: DeviceArray,
    axis: number,
    reverse: boolean,
  ) => [DeviceArray, DeviceArray],
): void {
  prim.jvp = ([x], [t], params) => {
    const ans = bind1(prim, [x], params);
    if (isZero(t) || !isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
    const axis = params.axis as number, reverse = params.reverse as boolean;
    const [a, b] = coeffs(x, ans, t, axis, reverse);
    return [[ans], [linearRecurrence(a, b, axis, reverse)]];
  };
}

// y[k] = y[k-1]·x[k]  ⇒  dy[k] = x[k]·dy[k-1] + y[k-1]·t[k]   (y[-1] = 1).
cumulativeJvp(P.cumprod_p, (x, ans, t, axis, reverse) => {
  const prev = shiftAlong(ans, 1, axis, 1, reverse);
  return [x, lax.mul(t, prev)];
});

/**
 * JAX differentiates cummax, cummin and cumlogsumexp as the associative scan of max, min and
 * logaddexp; the derivative's conventions (max's ties, logaddexp at infinities) apply at each
 * combination of that tree, so the JVP follows the same tree.
 */
function scanJvp(prim: Primitive, combine: CombineJvp): void {
  prim.jvp = ([x], [t], params) => {
    const ans = bind1(prim, [x], params);
    if (isZero(t) || !isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
    const axis = params.axis as number, reverse = params.reverse as boolean;
    return [[ans], [associativeScanJvp(combine, x, t, axis, reverse)]];
  };
}
scanJvp(P.cummax_p, extremalCombine(lax.max));
scanJvp(P.cummin_p, extremalCombine(lax.min));
scanJvp(P.cumlogsumexp_p, logaddexpCombine);
