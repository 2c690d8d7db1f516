/**
 * The JVP of a cumulative reduction as JAX computes it: the forward-mode derivative of
 * `lax.associative_scan` with the reduction's binary operation. The combination tree matters
 * where the operation's derivative has a convention — max/min split the tangent equally on a tie
 * at every combination, so a tie of four equal elements gives each a quarter, not the 1/8, 1/8,
 * 1/4, 1/2 of a sequential scan; logaddexp's derivative treats +inf specially — so the tangents
 * go through `lax.associativeScan` (JAX's tree, combination for combination) paired with values.
 *
 * Tangents only ever meet slices, pads, concatenations, additions and multiplications by
 * coefficients computed from the primals, so the result is linear in the input tangent
 * (transposable for grad) and built of differentiable lax operations (for higher derivatives).
 */

import type { DeviceArray } from "../../core/array.ts";
import * as lax from "../lax.ts";
import { associativeScan } from "../control_flow/associative_scan.ts";

/** A value and its tangent. */
export type Dual = [value: DeviceArray, tangent: DeviceArray];

/** A binary operation on duals: the operation on the values, its JVP on the tangents. */
export type CombineJvp = (a: Dual, b: Dual) => Dual;

/**
 * The tangent of `associative_scan(combine, x, axis, reverse)` for input tangent `t`: element k
 * is the JVP of combining elements 0…k (k…n-1 when `reverse`), in the order JAX combines them.
 */
export function associativeScanJvp(
  combine: CombineJvp,
  x: DeviceArray,
  t: DeviceArray,
  axis: number,
  reverse: boolean,
): DeviceArray {
  return associativeScan(combine, [x, t] as Dual, { axis, reverse })[1];
}

// The combinations of the cumulative reductions -------------------------------------------------

/** 1 where x is the result and y is not, ½ where both are (JAX's `_balanced_eq`). */
function balancedEq(x: DeviceArray, z: DeviceArray, y: DeviceArray): DeviceArray {
  const one = lax.scalar(1, z.dtype);
  const xe = lax.convertElementType(lax.eq(x, z), z.dtype);
  const ye = lax.convertElementType(lax.eq(y, z), z.dtype);
  return lax.div(xe, lax.add(one, ye));
}

/** `lax.max` or `lax.min` with its balanced JVP: ties split the tangent equally. */
export function extremalCombine(pick: typeof lax.max): CombineJvp {
  return ([a, ta], [b, tb]) => {
    const v = pick(a, b);
    return [v, lax.add(lax.mul(ta, balancedEq(a, v, b)), lax.mul(tb, balancedEq(b, v, a)))];
  };
}

/** +inf replaced by 0 (JAX's `_replace_inf` in logaddexp's JVP). */
function replaceInf(x: DeviceArray): DeviceArray {
  const zeros = lax.broadcastInDim(lax.scalar(0, x.dtype), x.shape, []);
  return lax.select(lax.eq(x, lax.scalar(Infinity, x.dtype)), zeros, x);
}

/**
 * JAX's `logaddexp` and its custom JVP: t_a·e^(a−v) + t_b·e^(b−v) with +inf read as 0 in the
 * exponents (so a −inf operand contributes nothing where the result is finite).
 */
export const logaddexpCombine: CombineJvp = ([a, ta], [b, tb]) => {
  const delta = lax.sub(a, b);
  const v = lax.select(
    lax.ne(delta, delta),
    lax.add(a, b), // NaNs, or infinities of one sign.
    lax.add(lax.max(a, b), lax.log1p(lax.exp(lax.neg(lax.abs(delta))))),
  );
  const weight = (x: DeviceArray) => lax.exp(lax.sub(replaceInf(x), replaceInf(v)));
  return [v, lax.add(lax.mul(ta, weight(a)), lax.mul(tb, weight(b)))];
};
