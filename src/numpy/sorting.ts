/** Sorting of jax.numpy: sort and argsort (stable, NaNs last, as numpy). */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions } from "../options.ts";
import { normalizeAxis } from "../shape.ts";
import { asarray } from "./convert.ts";

// `stable` is accepted as JAX's keyword: the sort is always stable, which `stable: false` allows.
const SORT_KEYS = ["axis", "descending", "stable"] as const;

function prepare(x: ArrayLike, axis: number | null | undefined): [DeviceArray, number] {
  let a = asarray(x);
  if (axis === null) {
    a = lax.reshape(a, [a.size]);
    return [a, 0];
  }
  // A 0-d array has no axis -1: numpy and JAX raise AxisError (sort with axis: null instead).
  return [a, normalizeAxis(axis ?? -1, a.ndim)];
}

/**
 * A sorted copy along an axis (the last by default; the flattened array for `axis: null`), JAX's
 * `jnp.sort`: stable, ascending, NaNs last.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.sort(jnp.array([3, 1, 2])); // DeviceArray([1, 2, 3], dtype=int32)
 * jnp.sort(jnp.array([2, jnp.nan, -1])); // DeviceArray([-1.,  2., nan], dtype=float32)
 * jnp.sort(jnp.array([[3, 1], [0, 2]]), { axis: 0 });
 * // DeviceArray([[0, 1],
 * //              [3, 2]], dtype=int32)
 * ```
 */
export function sort(
  x: ArrayLike,
  opts: { axis?: number | null; descending?: boolean; stable?: boolean } = {},
): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.sort", 1, 2, arguments.length, null, null);
  checkOptions("jnp.sort", opts, SORT_KEYS);
  const [a, axis] = prepare(x, opts.axis);
  const out = lax.sort([a], axis)[0];
  return opts.descending ? lax.rev(out, [axis]) : out;
}

/**
 * Indices that sort an array along an axis (the last by default; the flattened array for `axis:
 * null`), JAX's `jnp.argsort`: stable, so ties keep their order; NaNs last.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.argsort(jnp.array([3, 1, 2])); // DeviceArray([1, 2, 0], dtype=int32)
 * jnp.argsort(jnp.array([1, 0, 1, 0])); // DeviceArray([1, 3, 0, 2], dtype=int32)
 * ```
 */
export function argsort(
  x: ArrayLike,
  opts: { axis?: number | null; descending?: boolean; stable?: boolean } = {},
): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.argsort", 1, 2, arguments.length, null, null);
  checkOptions("jnp.argsort", opts, SORT_KEYS);
  const [a, axis] = prepare(x, opts.axis);
  const iota = lax.broadcastedIota("int32", a.shape, axis);
  if (opts.descending) {
    // Sort the reversed array stably and map indices back, so ties keep ascending order.
    const r = lax.sort([lax.rev(a, [axis]), iota], axis, true, 1)[1];
    const n = lax.scalar(a.shape[axis] - 1, "int32");
    return lax.rev(lax.sub(n, r), [axis]);
  }
  return lax.sort([a, iota], axis, true, 1)[1];
}
