/**
 * `jax.random.multivariate_normal` with JAX's default `method='cholesky'`: `mean + L z` for the
 * Cholesky factor L of `cov` and standard normals z (`normal(key, shape + [n])`), so the same key
 * gives JAX's draws up to the rounding of the factorisation (LAPACK's potrf in JAX).
 *
 * The factor is `jnp.linalg.cholesky(cov)`, as in JAX (a lax loop over the columns: it batches,
 * jits and differentiates like any lax program).
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { NotImplementedError, ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { asarray } from "../numpy/convert.ts";
import { cholesky } from "../numpy/linalg/cholesky.ts";
import { broadcastShapes, pyShape } from "../shape.ts";
import { normal } from "./distributions.ts";
import { checkKey, type PRNGKeyArray } from "./keys.ts";
import { broadcastTo, checkParamShapes, checkShapeArg, floatDType, samplerArgs } from "./util.ts";

/**
 * Options of {@link multivariateNormal}.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const opts: random.MultivariateNormalOptions = { shape: [4] };
 * random.multivariateNormal(random.PRNGKey(0), jnp.zeros([2]), jnp.eye(2), opts).shape; // [ 4, 2 ]
 * ```
 */
export interface MultivariateNormalOptions {
  /** Batch shape of the result (its shape is `[...shape, n]`); default: mean and cov's batch. */
  shape?: readonly number[] | null;
  /** float32 (the only float dtype). */
  dtype?: string | null;
  /** Only "cholesky" (JAX's default); "svd" and "eigh" need jnp.linalg.svd / eigh (not yet). */
  method?: "cholesky" | "svd" | "eigh";
}

/**
 * Multivariate normal draws with mean `mean` [..., n] and covariance `cov` [..., n, n]
 * (`jax.random.multivariate_normal`, method "cholesky"): `mean + cholesky(cov) @ z`.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const cov = jnp.array([[1, 0.5], [0.5, 2]], { dtype: "float32" });
 * random.multivariateNormal(random.PRNGKey(0), jnp.zeros([2]), cov, { shape: [100] }); // shape [100, 2]
 * random.multivariateNormal(random.PRNGKey(0), jnp.zeros([2]), cov, [100]); // shape positional
 * ```
 */
export function multivariateNormal(
  key: PRNGKeyArray,
  mean: ArrayLike,
  cov: ArrayLike,
  shape?: readonly number[] | null | MultivariateNormalOptions,
  ...more: [
    dtype?: string | null | MultivariateNormalOptions,
    method?: "cholesky" | "svd" | "eigh" | MultivariateNormalOptions,
  ]
): DeviceArray {
  // JAX's positional order after cov: shape, dtype, method.
  const opts = samplerArgs(
    "multivariateNormal",
    3,
    [shape, ...more],
    ["shape", "dtype", "method"],
  ) as MultivariateNormalOptions;
  const k = checkKey("multivariateNormal", key);
  const method = opts.method ?? "cholesky";
  if (!["cholesky", "svd", "eigh"].includes(method)) {
    throw new ValueError("method must be one of {'svd', 'eigh', 'cholesky'}");
  }
  if (method !== "cholesky") {
    throw new NotImplementedError(
      `multivariateNormal method '${method}' needs jnp.linalg.${method}, not available yet`,
    );
  }
  const dtype = floatDType("multivariate_normal", opts.dtype);
  const m = lax.convertElementType(asarray(mean), dtype);
  const c = lax.convertElementType(asarray(cov), dtype);
  if (m.ndim < 1) {
    throw new ValueError(`multivariate_normal requires mean.ndim >= 1, got mean.ndim == ${m.ndim}`);
  }
  if (c.ndim < 2) {
    throw new ValueError(`multivariate_normal requires cov.ndim >= 2, got cov.ndim == ${c.ndim}`);
  }
  const n = m.shape[m.ndim - 1];
  if (c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
    throw new ValueError(
      `multivariate_normal requires cov.shape == (..., n, n) for n=${n}, but got cov.shape == ` +
        `${pyShape(c.shape)}.`,
    );
  }
  const mb = m.shape.slice(0, -1), cb = c.shape.slice(0, -2);
  let s: number[];
  if (opts.shape == null) s = broadcastShapes(mb, cb);
  else {
    s = checkShapeArg("multivariateNormal", opts.shape);
    checkParamShapes("normal", s, mb, cb);
  }
  const factor = cholesky(c);
  const z = normal(k, [...s, n], dtype);
  // einsum('...ij,...j->...i', factor, z) as a broadcast product summed over j.
  const full = [...s, n, n];
  const prod = lax.mul(
    broadcastTo(factor, full),
    broadcastTo(lax.reshape(z, [...s, 1, n]), full),
  );
  return lax.add(broadcastTo(m, [...s, n]), lax.reduceSum(prod, [full.length - 1]));
}
