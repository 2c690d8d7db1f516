/** Dtype conversions: value conversion (`convertElementType`) and bit reinterpretation. */

import { DeviceArray } from "../core/array.ts";
import { ArrayImpl, scalarArray } from "../core/array_impl.ts";
import { bind1 } from "../core/trace.ts";
import { canonicalizeDType, convertValue, type DType } from "../dtype.ts";
import * as P from "./prims/index.ts";
import type { Operand } from "./operand.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * Converts to another dtype, `lax.convert_element_type`, with XLA's semantics: float→int truncates
 * toward zero and saturates at the dtype's range, NaN becomes 0; int→float rounds to nearest;
 * anything→bool is `x != 0`. `weakType` marks the result weakly typed.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.convertElementType(jnp.array([1.9, -1.9, 3e9, jnp.nan]), "int32");
 * // DeviceArray([         1,         -1, 2147483647,          0], dtype=int32)
 * lax.convertElementType(jnp.array([-1, 3.7]), "uint32"); // DeviceArray([0, 3], dtype=uint32)
 * lax.convertElementType(jnp.array([0, 2]), "bool"); // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export function convertElementType(
  x: Operand,
  dtype: DType | string,
  weakType = false,
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments(
      "lax.convertElementType",
      2,
      3,
      arguments.length,
      arguments[3],
      arguments[4],
    );
  }
  const d = canonicalizeDType(dtype);
  if (!(x instanceof DeviceArray)) {
    // JS scalars convert on the host (a literal in jaxprs, as JAX folds Python scalars).
    const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
    return scalarArray(convertValue(v, Number.isInteger(v) ? "int32" : "float32", d), d, weakType);
  }
  if (x.dtype === d && x.weakType === weakType) return x;
  // Concrete scalars with host values fold too (no equation for a constant).
  if (x instanceof ArrayImpl && x.ndim === 0) {
    const host = x.peek();
    if (host) return scalarArray(convertValue(host[0], x.dtype, d), d, weakType);
  }
  return bind1(P.convert_element_type_p, [x], { new_dtype: d, weak_type: weakType });
}

/**
 * Reinterprets the bits of a 32-bit array as another 32-bit dtype, `lax.bitcast_convert_type`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.bitcastConvertType(jnp.array([1, -2], { dtype: "float32" }), "uint32");
 * // DeviceArray([1065353216, 3221225472], dtype=uint32)
 * ```
 */
export function bitcastConvertType(x: DeviceArray, dtype: DType | string): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments(
      "lax.bitcastConvertType",
      2,
      2,
      arguments.length,
      arguments[2],
      arguments[3],
    );
  }
  return bind1(P.bitcast_convert_type_p, [x], { new_dtype: canonicalizeDType(dtype) });
}
