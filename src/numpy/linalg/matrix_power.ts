/** `jnp.linalg.matrix_power`: integer powers of square matrices by repeated squaring. */

import type { ArrayLike, DeviceArray } from "../../core/array.ts";
import * as lax from "../../lax/lax.ts";
import { tooManyArguments } from "../../options.ts";
import { matmul } from "../linalg.ts";
import { broadcastTo } from "../convert.ts";
import { inv } from "./solve.ts";
import { inexact } from "./util.ts";

/**
 * The integer power `a^n` of a square matrix (or of each matrix of a batch [..., m, m]), JAX's
 * `jnp.linalg.matrix_power`: n = 0 gives identities, n < 0 powers of the inverse. Ints and bools
 * are promoted to float32 (as JAX). Computed by repeated squaring: about 2·log₂|n| products.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const a = jnp.array([[1, 1], [0, 1]]);
 * jnp.linalg.matrixPower(a, 5);
 * // DeviceArray([[1., 5.],
 * //              [0., 1.]], dtype=float32)
 * jnp.linalg.matrixPower(a, -1);
 * // DeviceArray([[ 1., -1.],
 * //              [ 0.,  1.]], dtype=float32)
 * ```
 */
export function matrixPower(a: ArrayLike, n: number): DeviceArray {
  if (arguments.length > 2) {
    throw tooManyArguments("jnp.linalg.matrixPower", 2, 2, arguments.length);
  }
  let x = inexact(a);
  if (x.ndim < 2) {
    throw new TypeError(
      `${x.ndim}-dimensional array given. Array must be at least two-dimensional`,
    );
  }
  const m = x.shape[x.ndim - 1];
  if (x.shape[x.ndim - 2] !== m) {
    throw new TypeError("Last 2 dimensions of the array must be square");
  }
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`exponent must be an integer, got ${String(n)}`);
  }
  if (n === 0) {
    const eye = lax.convertElementType(
      lax.eq(lax.broadcastedIota("int32", [m, m], 0), lax.broadcastedIota("int32", [m, m], 1)),
      x.dtype,
    );
    return broadcastTo(eye, x.shape);
  }
  if (n < 0) {
    x = inv(x);
    n = -n;
  }
  // JAX's order of products: small powers directly, then binary powering.
  if (n === 1) return x;
  if (n === 2) return matmul(x, x);
  if (n === 3) return matmul(matmul(x, x), x);
  let z: DeviceArray | null = null, result: DeviceArray | null = null;
  while (n > 0) {
    z = z === null ? x : matmul(z, z);
    if (n % 2 === 1) result = result === null ? z : matmul(result, z);
    n = Math.floor(n / 2);
  }
  return result as DeviceArray;
}
