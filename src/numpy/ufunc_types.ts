/** The function types of jax.numpy's elementwise functions (`jnp.Unary`, `jnp.Binary`). */

import type { ArrayLike, DeviceArray } from "../core/array.ts";

/**
 * A jax.numpy elementwise function of one array-like.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const f: jnp.Unary = jnp.sqrt;
 * f([4, 9]); // DeviceArray([2., 3.], dtype=float32)
 * ```
 */
export type Unary = (x: ArrayLike) => DeviceArray;
/**
 * A jax.numpy elementwise function of two array-likes (broadcast together, dtypes promoted).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const f: jnp.Binary = jnp.add;
 * f([1, 2], 10); // DeviceArray([11, 12], dtype=int32)
 * ```
 */
export type Binary = (x: ArrayLike, y: ArrayLike) => DeviceArray;
