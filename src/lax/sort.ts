/** Multi-operand sorting along an axis, `lax.sort`. */

import { DeviceArray } from "../core/array.ts";
import { tooManyArguments } from "../options.ts";
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
 * lax.sort(jnp.array([3, 1, 2])); // an array, not a list: DeviceArray([1, 2, 3], dtype=int32)
 * ```
 */
export function sort(
  operands: DeviceArray,
  dimension?: number,
  isStable?: boolean,
  numKeys?: number,
): DeviceArray;
/**
 * Sorts a list of operands together, keyed by the first `numKeys` (`lax.sort` of a sequence).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const [, values] = lax.sort([jnp.array([2, 1]), jnp.array([10, 20])]);
 * values; // DeviceArray([20, 10], dtype=int32)
 * ```
 */
export function sort(
  operands: readonly DeviceArray[],
  dimension?: number,
  isStable?: boolean,
  numKeys?: number,
): DeviceArray[];
export function sort(
  operands: DeviceArray | readonly DeviceArray[],
  dimension = -1,
  isStable = true,
  numKeys = 1,
): DeviceArray | DeviceArray[] {
  if (arguments.length > 4) throw tooManyArguments("lax.sort", 1, 4, arguments.length);
  // JAX's lax.sort takes an array (and returns one) or a sequence of arrays.
  if (operands instanceof DeviceArray) return sort([operands], dimension, isStable, numKeys)[0];
  if (!Array.isArray(operands) || operands.length === 0) {
    throw new TypeError("Sort requires at least one operand");
  }
  const dim = normalizeAxis(dimension, operands[0].ndim);
  return bind(P.sort_p, [...operands], { dimension: dim, is_stable: isStable, num_keys: numKeys });
}
