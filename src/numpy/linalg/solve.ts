/** `jnp.linalg.solve` and `jnp.linalg.inv`: LU with partial pivoting, then two triangular solves. */

import type { ArrayLike, DeviceArray } from "../../core/array.ts";
import { ValueError } from "../../errors.ts";
import * as lax from "../../lax/lax.ts";
import { broadcastShapes, pyShape } from "../../shape.ts";
import { checkExtraArguments } from "../../options.ts";
import { asarray, broadcastTo, promoteDTypes, toInexact } from "../convert.ts";
import { luFactor, luSolve } from "./lu.ts";
import { checkSquare } from "./util.ts";

/**
 * X with A X = B for A [..., n, n] and B [..., n, k] already broadcast to one batch shape. The
 * factors are differentiated like the rest of the program (see util.ts on why it is not jitted).
 */
function solveFactored(a: DeviceArray, b: DeviceArray): DeviceArray {
  return luSolve(luFactor(a), b);
}

/** JAX's error for arguments that do not fit solve's `jnp.vectorize` signature. */
function vectorizeError(what: string, signature: string): ValueError {
  return new ValueError(
    `${what} on vectorized function with excluded=frozenset() and signature='${signature}'`,
  );
}

/**
 * Solves the linear system `a @ x = b` for x, JAX's `jnp.linalg.solve`: `a` is a square matrix
 * [..., n, n] and `b` a vector [..., n] (when it is 1-d, or has one axis less than `a`) or a
 * matrix [..., n, k]; the leading (batch) axes broadcast. Ints and bools are solved in float32.
 * Computed as LAPACK's gesv does (LU with partial pivoting); a singular `a` gives inf/NaN, not an
 * error, as in JAX. Works under `jit`, `vmap` and `grad`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const a = jnp.array([[3, 1], [1, 2]]);
 * jnp.linalg.solve(a, jnp.array([9, 8])); // DeviceArray([2., 3.], dtype=float32)
 * jnp.linalg.solve(a, jnp.ones([4, 2, 3])).shape; // [ 4, 2, 3 ]: b broadcasts over a batch
 * ```
 */
export function solve(a: ArrayLike, b: ArrayLike): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.linalg.solve", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const [x, y] = promoteDTypes([a, b]).map(toInexact);
  // JAX: jnp.vectorize(_solve, signature=...) with numpy < 2's rule for b being a vector.
  const vector = y.ndim === 1 || x.ndim === y.ndim + 1;
  const signature = vector ? "(m,m),(m)->(m)" : "(m,m),(m,n)->(m,n)";
  const bCore = vector ? ["'m'"] : ["'m'", "'n'"];
  if (x.ndim < 2) {
    throw vectorizeError(
      `input with shape ${pyShape(x.shape)} does not have enough dimensions for all core ` +
        `dimensions ('m', 'm')`,
      signature,
    );
  }
  const m = x.shape[x.ndim - 2];
  const sizeError = (size: number) =>
    vectorizeError(`inconsistent size for core dimension 'm': ${size} vs ${m}`, signature);
  if (x.shape[x.ndim - 1] !== m) throw sizeError(x.shape[x.ndim - 1]);
  if (y.ndim < bCore.length) {
    throw vectorizeError(
      `input with shape ${pyShape(y.shape)} does not have enough dimensions for all core ` +
        `dimensions (${bCore.join(", ")}${bCore.length === 1 ? "," : ""})`,
      signature,
    );
  }
  const bm = y.shape[y.ndim - bCore.length];
  if (bm !== m) throw sizeError(bm);
  const k = vector ? 1 : y.shape[y.ndim - 1];
  const batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, y.ndim - bCore.length));
  const rhs = vector
    ? lax.reshape(broadcastTo(y, [...batch, m]), [...batch, m, 1])
    : broadcastTo(y, [...batch, m, k]);
  const out = solveFactored(broadcastTo(x, [...batch, m, m]), rhs);
  return vector ? lax.reshape(out, [...batch, m]) : out;
}

/**
 * The inverse of a square matrix (or of each matrix of a batch [..., n, n]), JAX's
 * `jnp.linalg.inv`: `solve(a, I)`. Ints and bools are inverted in float32; a singular matrix
 * gives inf/NaN entries (no error), as in JAX. Its derivative is JAX's −A⁻¹ dA A⁻¹.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.linalg.inv(jnp.array([[2, 0], [0, 4]]));
 * // DeviceArray([[0.5 , 0.  ],
 * //              [0.  , 0.25]], dtype=float32)
 * ```
 */
export function inv(a: ArrayLike): DeviceArray {
  if (arguments.length > 1) {
    checkExtraArguments("jnp.linalg.inv", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  const arr = asarray(a);
  checkSquare(arr, (s) => new ValueError(`Argument to inv must have shape [..., n, n], got ${s}.`));
  const x = toInexact(arr);
  const n = x.shape[x.ndim - 1];
  const identity = lax.convertElementType(
    lax.eq(
      lax.broadcastedIota("int32", x.shape, x.ndim - 2),
      lax.broadcastedIota("int32", x.shape, x.ndim - 1),
    ),
    x.dtype,
  );
  return n === 0 ? x : solveFactored(x, identity);
}
