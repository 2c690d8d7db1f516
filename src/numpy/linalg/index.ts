/**
 * `jnp.linalg`: JAX's `jax.numpy.linalg` — norms, determinants, the Cholesky factor, linear
 * solves and inverses of (batches of) matrices. There are no linalg primitives: every function is
 * a lax program (LU with partial pivoting and triangular solves as loops over the columns), so it
 * runs on every backend and works under `jit`, `vmap` (leading axes are batch axes) and `grad`,
 * with JAX's derivatives. Ints and bools are promoted to float32; singular matrices give inf/NaN
 * (or NaN for `cholesky` of a matrix that is not positive definite), not errors, as in JAX.
 * Not available yet: qr, svd, eig/eigh, lstsq, pinv, matrix_rank.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const a = jnp.array([[4, 1], [1, 3]]);
 * jnp.linalg.solve(a, jnp.array([1, 2])); // DeviceArray([0.09090909, 0.6363636 ], dtype=float32)
 * jnp.linalg.det(a); // DeviceArray(11., dtype=float32)
 * jnp.linalg.norm(jnp.array([3, 4])); // DeviceArray(5., dtype=float32)
 * ```
 * @module
 */

export * from "./cholesky.ts";
export * from "./det.ts";
export * from "./matrix_power.ts";
export * from "./norm.ts";
export * from "./solve.ts";
export * from "./trace.ts";
