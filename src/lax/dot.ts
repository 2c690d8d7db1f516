/** Tensor contractions: `dotGeneral` and its matrix/vector special case `dot`. */

import type { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import { canonicalizeDType, type DType } from "../dtype.ts";
import { checkOptions, isOptionsObject, tooManyArguments } from "../options.ts";
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
 * // JAX's keywords: { preferredElementType } (and precision, accepted: float32 is always exact)
 * const dn: lax.DotDimensionNumbers = [[[2], [1]], [[0], [0]]];
 * lax.dotGeneral(a, b, dn, { preferredElementType: "float32" }).dtype; // "float32"
 * ```
 */
export function dotGeneral(
  lhs: DeviceArray,
  rhs: DeviceArray,
  dimensionNumbers: DotDimensionNumbers,
  preferredElementType: DType | null | DotOptions = null,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("lax.dotGeneral", 3, 4, arguments.length);
  return bind1(P.dot_general_p, [lhs, rhs], {
    dimension_numbers: dimensionNumbers,
    preferred_element_type: preferredType("lax.dotGeneral", preferredElementType) ?? lhs.dtype,
  });
}

/**
 * JAX's keyword arguments of `lax.dot` and `lax.dotGeneral`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const opts: lax.DotOptions = { preferredElementType: "float32" };
 * lax.dot(jnp.array([1, 2]), jnp.array([3, 4]), opts); // DeviceArray(11., dtype=float32)
 * ```
 */
export interface DotOptions {
  /** Accepted for JAX compatibility: products are computed in full float32 here. */
  precision?: unknown;
  /** The result dtype (the operands' by default). */
  preferredElementType?: DType | string | null;
}

/** The preferred element type, given directly or as `{ preferredElementType }`, checked. */
function preferredType(fn: string, arg: unknown): DType | null {
  if (isOptionsObject(arg)) {
    checkOptions(fn, arg, ["precision", "preferredElementType"]);
    arg = arg.preferredElementType;
  }
  return arg == null ? null : canonicalizeDType(arg, fn);
}

/**
 * Vector·vector, matrix·vector or matrix·matrix product, `lax.dot` (1-d or 2-d operands of one
 * dtype).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.dot(jnp.array([[1, 2], [3, 4]]), jnp.array([1, 1])); // DeviceArray([3, 7], dtype=int32)
 * lax.dot(jnp.array([1, 2]), jnp.array([3, 4]), null, "float32"); // JAX's positional precision,
 * // preferred_element_type: DeviceArray(11., dtype=float32)
 * ```
 */
export function dot(
  lhs: DeviceArray,
  rhs: DeviceArray,
  precision?: unknown,
  preferredElementType?: DType | string | null,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("lax.dot", 2, 4, arguments.length);
  const opts = isOptionsObject(precision) ? precision : { precision, preferredElementType };
  if (isOptionsObject(precision) && arguments.length > 3) {
    throw new TypeError("lax.dot: the options object must be the last argument");
  }
  if (lhs.ndim < 1 || lhs.ndim > 2 || rhs.ndim < 1 || rhs.ndim > 2) {
    throw new TypeError(
      `Incompatible shapes for dot: got (${lhs.shape.join(", ")}) and (${rhs.shape.join(", ")}).`,
    );
  }
  return dotGeneral(lhs, rhs, [[[lhs.ndim - 1], [0]], [[], []]], preferredType("lax.dot", opts));
}
