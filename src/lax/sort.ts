/** Multi-operand sorting along an axis, `lax.sort`. */

import type { DeviceArray } from "../core/array.ts";
import { bind } from "../core/trace.ts";
import { normalizeAxis } from "../shape.ts";
import * as P from "./prims/index.ts";

/**
 * Sorts operands along `dimension` (the last by default), `lax.sort`: keyed lexicographically by
 * the first `numKeys` operands, the others permuted alongside. Ascending, NaNs last; stable when
 * `isStable`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sort([jnp.array([3, jnp.nan, -1])]); // [ DeviceArray([-1.,  3., nan], dtype=float32) ]
 * const [keys, values] = lax.sort([jnp.array([3, 1, 2]), jnp.array([10, 20, 30])]);
 * values; // DeviceArray([20, 30, 10], dtype=int32)
 * ```
 */
export function sort(
  operands: readonly DeviceArray[],
  dimension = -1,
  isStable = true,
  numKeys = 1,
): DeviceArray[] {
  if (!Array.isArray(operands) || operands.length === 0) {
    throw new TypeError("Sort requires at least one operand");
  }
  const dim = normalizeAxis(dimension, operands[0].ndim);
  return bind(P.sort_p, [...operands], { dimension: dim, is_stable: isStable, num_keys: numKeys });
}
