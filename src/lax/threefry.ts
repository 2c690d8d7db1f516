/** The Threefry-2x32 block cipher, the counter-based random bit generator under `jax.random`. */

import type { DeviceArray } from "../core/array.ts";
import { bind } from "../core/trace.ts";
import * as P from "./prims/index.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * The Threefry-2x32 block cipher (20 rounds) on uint32 words, `jax.prng.threefry_2x32`: key words
 * k1, k2 encrypt the counter words x1, x2 (broadcast together). The core of `jax.random`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const u = (v: number) => jnp.array([v], { dtype: "uint32" });
 * lax.threefry2x32(u(0), u(0), u(0), u(0));
 * // [
 * //   DeviceArray([1797259609], dtype=uint32),
 * //   DeviceArray([2579123966], dtype=uint32)
 * // ]
 * ```
 */
export function threefry2x32(
  k1: DeviceArray,
  k2: DeviceArray,
  x1: DeviceArray,
  x2: DeviceArray,
): [DeviceArray, DeviceArray] {
  if (arguments.length > 4) {
    checkExtraArguments("lax.threefry2x32", 4, 4, arguments.length, arguments[4], arguments[5]);
  }
  const [a, b] = bind(P.threefry2x32_p, [k1, k2, x1, x2], {});
  return [a, b];
}
