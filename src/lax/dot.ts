/** Tensor contractions: `dotGeneral` and its matrix/vector special case `dot`. */

import type { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import type { DType } from "../dtype.ts";
import * as P from "./prims/index.ts";
import type { DotDimensionNumbers } from "./prims/index.ts";

/**
 * General tensor contraction, `lax.dot_general`: `dimensionNumbers` is `[[lhsContracting,
 * rhsContracting], [lhsBatch, rhsBatch]]`. The result's axes are the batch axes, then lhs's free
 * axes, then rhs's. Operands share one dtype; `preferredElementType` sets the result's (default:
 * the operands').
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const a = jnp.ones([2, 3, 4]), b = jnp.ones([2, 4, 5]);
 * // a batched matrix product: contract a's axis 2 with b's axis 1, batch over axis 0 of both
 * lax.dotGeneral(a, b, [[[2], [1]], [[0], [0]]]).shape; // [ 2, 3, 5 ]
 * ```
 */
export function dotGeneral(
  lhs: DeviceArray,
  rhs: DeviceArray,
  dimensionNumbers: DotDimensionNumbers,
  preferredElementType: DType | null = null,
): DeviceArray {
  return bind1(P.dot_general_p, [lhs, rhs], {
    dimension_numbers: dimensionNumbers,
    preferred_element_type: preferredElementType ?? lhs.dtype,
  });
}

/**
 * Vector·vector, matrix·vector or matrix·matrix product, `lax.dot` (1-d or 2-d operands of one
 * dtype).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.dot(jnp.array([[1, 2], [3, 4]]), jnp.array([1, 1])); // DeviceArray([3, 7], dtype=int32)
 * ```
 */
export function dot(lhs: DeviceArray, rhs: DeviceArray): DeviceArray {
  if (lhs.ndim < 1 || lhs.ndim > 2 || rhs.ndim < 1 || rhs.ndim > 2) {
    throw new TypeError(
      `Incompatible shapes for dot: got (${lhs.shape.join(", ")}) and (${rhs.shape.join(", ")}).`,
    );
  }
  return dotGeneral(lhs, rhs, [[[lhs.ndim - 1], [0]], [[], []]]);
}
