/**
 * The operands of lax functions: arrays, or JS numbers / booleans standing for scalars. JS numbers
 * are weakly typed and take the dtype of the array operand they meet (JAX's Python scalars).
 */

import { DeviceArray } from "../core/array.ts";
import { scalarArray } from "../core/array_impl.ts";
import { castScalar, type DType } from "../dtype.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * An operand of a lax function: an array, or a JS number / boolean standing for a scalar. JS
 * numbers are weakly typed and take the dtype of the array operand they meet.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const x: lax.Operand = 2;
 * lax.mul(jnp.array([1.5, 2]), x); // DeviceArray([3., 4.], dtype=float32)
 * ```
 */
export type Operand = DeviceArray | number | boolean;

/**
 * Converts a JS scalar to a 0-d array: weakly typed like a Python scalar (int32 for integers in
 * range, else float32; bools are strongly typed). With `dtype`, the value is cast to it.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.scalar(2); // DeviceArray(2, dtype=int32, weak_type=True)
 * lax.scalar(1.5); // DeviceArray(1.5, dtype=float32, weak_type=True)
 * lax.scalar(2, "float32"); // DeviceArray(2., dtype=float32, weak_type=True)
 * ```
 */
export function scalar(x: number | boolean, dtype?: DType): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.scalar", 1, 2, arguments.length, arguments[2], arguments[3]);
  }
  if (typeof x === "boolean") return scalarArray(x ? 1 : 0, dtype ?? "bool", false);
  if (dtype) return scalarArray(castScalar(x, dtype), dtype, true);
  if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) {
    return scalarArray(x, "int32", true);
  }
  return scalarArray(Math.fround(x), "float32", true);
}

/**
 * Converts operands to arrays: JS scalars take the dtype of the first array operand (as weakly
 * typed scalars).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.operands([jnp.array([1.5]), 2]);
 * // [
 * //   DeviceArray([1.5], dtype=float32),
 * //   DeviceArray(2., dtype=float32, weak_type=True)
 * // ]
 * ```
 */
export function operands(xs: readonly Operand[]): DeviceArray[] {
  if (arguments.length > 1) {
    checkExtraArguments("lax.operands", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  let dtype: DType | undefined;
  for (const x of xs) {
    if (x instanceof DeviceArray) {
      dtype = x.dtype;
      break;
    }
  }
  return xs.map((x) => (x instanceof DeviceArray ? x : scalar(x, dtype)));
}
