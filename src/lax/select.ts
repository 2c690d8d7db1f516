/** Elementwise selection between operands: `select`, `selectN` and `clamp`. */

import type { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import * as P from "./prims/index.ts";
import { type Operand, operands } from "./operand.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * Elementwise `pred ? onTrue : onFalse`, `lax.select(pred, on_true, on_false)`: pred is a bool
 * array of the same shape (or a scalar); both branches have one dtype.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.select(jnp.array([true, false]), jnp.array([1, 2]), jnp.array([3, 4]));
 * // DeviceArray([1, 4], dtype=int32)
 * ```
 */
export function select(pred: Operand, onTrue: Operand, onFalse: Operand): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.select", 3, 3, arguments.length, arguments[3], arguments[4]);
  }
  const [t, f] = operands([onTrue, onFalse]);
  return bind1(P.select_n_p, [operands([pred])[0], f, t], {});
}

/**
 * Picks `cases[which]` elementwise, `lax.select_n`: `which` is bool (2 cases: false picks cases[0])
 * or int32 (in range, else the result is undefined, as XLA).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const which = jnp.array([0, 2, 1]);
 * lax.selectN(which, jnp.array([1, 1, 1]), jnp.array([2, 2, 2]), jnp.array([3, 3, 3]));
 * // DeviceArray([1, 3, 2], dtype=int32)
 * ```
 */
export function selectN(which: Operand, ...cases: Operand[]): DeviceArray {
  return bind1(P.select_n_p, [operands([which])[0], ...operands(cases)], {});
}

/**
 * min(max(x, lo), hi) elementwise, `lax.clamp(min, x, max)` (note the argument order, as JAX's).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.clamp(0, jnp.array([-1, 5, 11]), 10); // DeviceArray([ 0,  5, 10], dtype=int32)
 * ```
 */
export function clamp(lo: Operand, x: Operand, hi: Operand): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.clamp", 3, 3, arguments.length, arguments[3], arguments[4]);
  }
  return bind1(P.clamp_p, operands([x, lo, hi]).map((_, i, a) => a[[1, 0, 2][i]]), {});
}
