/** `jnp.resultType`: the dtype that values promote to together. */

import type { ArrayLike } from "../core/array.ts";
import { resultKind } from "./convert.ts";

/**
 * The dtype several values promote to, JAX's `jnp.result_type` (JS numbers are weakly typed).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.resultType(jnp.array([1, 2]), 1.5); // "float32"
 * jnp.resultType(jnp.array([1], { dtype: "uint32" }), jnp.array([1])); // "int32"
 * jnp.resultType(true, 1); // "int32"
 * ```
 */
export function resultType(...xs: ArrayLike[]): string {
  return resultKind(xs).dtype;
}
