/**
 * The argument forms numpy's array methods accept beyond their jax.numpy functions':
 * `x.reshape(2, 3)` (the sizes as separate arguments) with `{ order }` last, and
 * `x.astype({ dtype })`. `DeviceArray`'s methods call these through `arrayMethods`.
 */

import type { DeviceArray } from "../core/array.ts";
import { canonicalizeDType } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { isOptionsObject } from "../options.ts";
import { describeValue } from "../shape.ts";
import { dtypeFromArg } from "./convert.ts";
import { type Order, reshape } from "./reshaping.ts";

/**
 * `x.reshape(...args)`, numpy's method: one shape (a list or a number) or the sizes as separate
 * numbers, optionally followed by `{ order }`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import { reshapeMethod } from "./method_args.ts";
 * reshapeMethod(jnp.arange(6), [3, 2]).shape; // [ 3, 2 ]
 * reshapeMethod(jnp.arange(6), [[3, 2], { order: "F" }]).shape; // [ 3, 2 ]
 * ```
 */
export function reshapeMethod(x: DeviceArray, args: readonly unknown[]): DeviceArray {
  let n = args.length;
  const opts = n > 0 && isOptionsObject(args[n - 1]) ? args[--n] : undefined;
  const sizes = args.slice(0, n);
  let shape: unknown;
  if (sizes.length === 1) shape = sizes[0];
  else if (sizes.every((d) => typeof d === "number")) shape = sizes;
  else {
    throw new TypeError(
      `x.reshape takes one shape or the sizes as separate numbers, got ` +
        `${sizes.map(describeValue).join(", ")}`,
    );
  }
  return reshape(x, shape as readonly number[], (opts ?? "C") as Order | { order?: Order });
}

/**
 * `x.astype(dtype)` with the dtype as a name or as `{ dtype }` (JAX's keyword); a dtype is
 * required.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import { astypeMethod } from "./method_args.ts";
 * astypeMethod(jnp.arange(2), { dtype: "float32" }); // DeviceArray([0., 1.], dtype=float32)
 * ```
 */
export function astypeMethod(x: DeviceArray, dtype: unknown): DeviceArray {
  // A missing dtype is canonicalizeDType's "Unsupported dtype undefined" error.
  const d = dtypeFromArg(dtype, "astype", ["dtype", "copy"]) ?? canonicalizeDType(dtype, "astype");
  return lax.convertElementType(x, d);
}
