/** Approximate and exact array comparisons: isclose, allclose, arrayEqual. */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { isFloat } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { asarray, broadcastTo, promoteDTypes, toInexact } from "./convert.ts";
import { broadcastShapes } from "../shape.ts";

/**
 * Options of isclose/allclose, with numpy's defaults: `rtol` 1e-5, `atol` 1e-8, `equalNan` false.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.CloseOptions = { atol: 0.1 };
 * jnp.isclose(jnp.array([1, 2]), jnp.array([1.05, 2.5]), opts);
 * // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export interface CloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Treat NaNs in the same position as equal. */
  equalNan?: boolean;
}

/**
 * Elementwise `|a - b| <= atol + rtol·|b|`, JAX's `jnp.isclose` (infinities must match exactly; NaN
 * is not close to anything unless `equalNan`). Integer arrays are compared exactly.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isclose(jnp.array([1, 2, jnp.nan]), jnp.array([1.000001, 2.1, jnp.nan]));
 * // DeviceArray([ True, False, False], dtype=bool)
 * jnp.isclose(jnp.array([jnp.nan]), jnp.array([jnp.nan]), { equalNan: true });
 * // DeviceArray([ True], dtype=bool)
 * ```
 */
export function isclose(a: ArrayLike, b: ArrayLike, opts: CloseOptions = {}): DeviceArray {
  let [x, y] = promoteDTypes([a, b]);
  const shape = broadcastShapes(x.shape, y.shape);
  x = broadcastTo(x, shape);
  y = broadcastTo(y, shape);
  if (!isFloat(x.dtype)) return lax.eq(x, y);
  x = toInexact(x);
  y = toInexact(y);
  const rtol = opts.rtol ?? 1e-5, atol = opts.atol ?? 1e-8;
  const tol = lax.add(lax.scalar(atol, x.dtype), lax.mul(lax.scalar(rtol, x.dtype), lax.abs(y)));
  const finite = lax.bitwiseAnd(lax.isFinite(x), lax.isFinite(y));
  const close = lax.le(lax.abs(lax.sub(x, y)), tol);
  let out = lax.select(finite, close, lax.eq(x, y));
  if (opts.equalNan) out = lax.bitwiseOr(out, lax.bitwiseAnd(lax.ne(x, x), lax.ne(y, y)));
  return out;
}

/**
 * Whether all elements are close, as `isclose` (a 0-d bool array), JAX's `jnp.allclose`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.allclose(jnp.array([1, 2]), jnp.array([1, 2.000001])); // DeviceArray(True, dtype=bool)
 * await jnp.allclose(jnp.array([1, 2]), jnp.array([1, 3])).item(); // false
 * ```
 */
export function allclose(a: ArrayLike, b: ArrayLike, opts: CloseOptions = {}): DeviceArray {
  const c = isclose(a, b, opts);
  return lax.reduceAnd(c, c.shape.map((_, i) => i));
}

/**
 * Whether two arrays have the same shape and elements (a 0-d bool array), JAX's `jnp.array_equal`;
 * NaN is unequal to itself.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arrayEqual(jnp.arange(3), [0, 1, 2]); // DeviceArray(True, dtype=bool)
 * jnp.arrayEqual(jnp.arange(3), jnp.arange(4)); // DeviceArray(False, dtype=bool)
 * ```
 */
export function arrayEqual(a: ArrayLike, b: ArrayLike): DeviceArray {
  const x = asarray(a), y = asarray(b);
  if (x.shape.join() !== y.shape.join()) return asarray(false);
  const [p, q] = promoteDTypes([x, y]);
  const e = lax.eq(p, q);
  return lax.reduceAnd(e, e.shape.map((_, i) => i));
}
