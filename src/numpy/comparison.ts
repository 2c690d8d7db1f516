/** Approximate and exact array comparisons: isclose, allclose, arrayEqual. */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { isFloat } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { asarray, broadcastTo, promoteDTypes, toInexact } from "./convert.ts";
import { checkExtraArguments, splitTrailingArguments } from "../options.ts";
import { broadcastShapes, describeValue } from "../shape.ts";

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

/** isclose's trailing arguments, JAX's positional rtol, atol, equal_nan or an options object. */
function closeOptions(fn: string, args: unknown[]): CloseOptions {
  const o = splitTrailingArguments(fn, 2, args, ["rtol", "atol", "equalNan"], [], 2);
  for (const k of ["rtol", "atol"] as const) {
    if (o[k] != null && typeof o[k] !== "number") {
      throw new TypeError(`${fn}: ${k} must be a number, got ${describeValue(o[k])}`);
    }
  }
  return o as CloseOptions;
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
 * jnp.isclose(jnp.array([1, 2]), jnp.array([1.05, 2.5]), 0, 0.1); // JAX's positional rtol, atol
 * // DeviceArray([ True, False], dtype=bool)
 * ```
 */
export function isclose(
  a: ArrayLike,
  b: ArrayLike,
  rtol?: number | CloseOptions,
  ...more: [atol?: number | CloseOptions, equalNan?: boolean | CloseOptions]
): DeviceArray {
  const opts = closeOptions("jnp.isclose", [rtol, ...more]);
  let [x, y] = promoteDTypes([a, b]);
  const shape = broadcastShapes(x.shape, y.shape);
  x = broadcastTo(x, shape);
  y = broadcastTo(y, shape);
  if (!isFloat(x.dtype)) return lax.eq(x, y);
  x = toInexact(x);
  y = toInexact(y);
  const rt = opts.rtol ?? 1e-5, at = opts.atol ?? 1e-8;
  const tol = lax.add(lax.scalar(at, x.dtype), lax.mul(lax.scalar(rt, x.dtype), lax.abs(y)));
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
 * const a = jnp.array([1, 2], "float32"), b = jnp.array([1, 3], "float32");
 * await jnp.allclose(a, b, 0.5).item(); // true (rtol positional)
 * ```
 */
export function allclose(
  a: ArrayLike,
  b: ArrayLike,
  rtol?: number | CloseOptions,
  ...more: [atol?: number | CloseOptions, equalNan?: boolean | CloseOptions]
): DeviceArray {
  const c = isclose(a, b, closeOptions("jnp.allclose", [rtol, ...more]));
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
 * jnp.arrayEqual([1, jnp.nan], [1, jnp.nan], true); // equal_nan: DeviceArray(True, dtype=bool)
 * ```
 */
export function arrayEqual(
  a: ArrayLike,
  b: ArrayLike,
  equalNan?: boolean | { equalNan?: boolean },
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("jnp.arrayEqual", 2, 3, arguments.length, null, null);
  }
  const o = splitTrailingArguments("jnp.arrayEqual", 2, [equalNan], ["equalNan"]);
  const x = asarray(a), y = asarray(b);
  if (x.shape.join() !== y.shape.join()) return asarray(false);
  const [p, q] = promoteDTypes([x, y]);
  let e = lax.eq(p, q);
  if (o.equalNan && isFloat(p.dtype)) {
    e = lax.bitwiseOr(e, lax.bitwiseAnd(lax.ne(p, p), lax.ne(q, q)));
  }
  return lax.reduceAnd(e, e.shape.map((_, i) => i));
}
