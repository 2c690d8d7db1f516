/**
 * Samplers built on log-gamma draws, with JAX's algorithms (`jax.random.beta`, `dirichlet`):
 * Beta(a, b) is G_a / (G_a + G_b) and Dirichlet(α) normalises independent G_αᵢ, both computed
 * from the logs of the gamma samples (so small parameters, whose gamma samples underflow, still
 * give valid draws). Like `gamma`, they follow the JAX version that `jax_threefry_partitionable`
 * selects (the α < 1 boost changed in JAX 0.4.14).
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { asarray } from "../numpy/convert.ts";
import { tooManyArguments } from "../options.ts";
import { broadcastShapes } from "../shape.ts";
import { jit } from "../transforms/jit.ts";
import type { DTypeOptions } from "./distributions.ts";
import { dtypeArg } from "./uniform.ts";
import { defaultGammaBoost, floatArg, type GammaBoost, gammaSamples } from "./gamma.ts";
import { checkKey, keyAt, type PRNGKeyArray, splitKey } from "./keys.ts";
import { broadcastTo, checkParamShapes, checkShapeArg, floatDType } from "./util.ts";

/**
 * `_beta` proper, on parameters already of the result's shape: two log-gamma draws, one per half
 * of `split(key)`, compiled as JAX jits it (an eager call runs one program).
 */
const betaCompiled = jit((key: DeviceArray, a: DeviceArray, b: DeviceArray, boost: GammaBoost) => {
  const keys = splitKey(key, [2]);
  const logA = gammaSamples(keyAt(keys, 0), a, true, boost);
  const logB = gammaSamples(keyAt(keys, 1), b, true, boost);
  // G_a / (G_a + G_b) with both scaled by the larger one: no overflow, no 0 / 0.
  const logMax = lax.max(logA, logB);
  const scaledA = lax.exp(lax.sub(logA, logMax));
  const scaledB = lax.exp(lax.sub(logB, logMax));
  return lax.div(scaledA, lax.add(scaledA, scaledB));
}, { staticArgnums: 3 });

/** `_beta` after the argument checks: `boost` picks the JAX version (default: the active one). */
export function betaOf(
  key: DeviceArray,
  a: ArrayLike,
  b: ArrayLike,
  shape: readonly number[] | null,
  dtype: DType,
  boost: GammaBoost = defaultGammaBoost(),
): DeviceArray {
  const aa = floatArg(a, dtype), bb = floatArg(b, dtype);
  const s = shape ?? broadcastShapes(aa.shape, bb.shape);
  checkParamShapes("beta", s, aa.shape, bb.shape);
  return betaCompiled(key, broadcastTo(aa, s), broadcastTo(bb, s), boost);
}

/**
 * Beta(a, b) floats in [0, 1] (`jax.random.beta`): density ∝ x^(a-1) (1-x)^(b-1). `a` and `b`
 * are numbers or arrays broadcastable to `shape` (default: their broadcast shape). Sampled as
 * JAX does, from two log-gamma draws with the two halves of `split(key)`.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * // JAX 0.3.25's test vector: [0.533685, 0.843179, 0.063495, 0.573444, 0.459514]
 * random.beta(random.PRNGKey(923534869), 0.8, 0.9, [5]);
 * // DeviceArray([0.53368485, 0.843179  , 0.06349538, 0.57344407, 0.4595136 ],
 * //             dtype=float32)
 * ```
 * @throws ValueError for a non-float dtype or parameters that do not broadcast to `shape`.
 */
export function beta(
  key: PRNGKeyArray,
  a: ArrayLike,
  b: ArrayLike,
  shape?: readonly number[] | null,
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 5) throw tooManyArguments("random.beta", 3, 5, arguments.length);
  const k = checkKey("beta", key);
  const d = floatDType("beta", dtypeArg("beta", 4, [dtype], 3));
  const s = shape == null ? null : checkShapeArg("beta", shape);
  return betaOf(k, a, b, s, d);
}

/** `_dirichlet` proper (compiled, as JAX's): a softmax of log-gamma draws over the last axis. */
const dirichletCompiled = jit((key: DeviceArray, alpha: DeviceArray, boost: GammaBoost) => {
  const logG = gammaSamples(key, alpha, true, boost);
  // softmax: exp(x - max) / sum(exp(x - max)).
  const last = logG.ndim - 1;
  const keep = [...logG.shape.slice(0, -1), 1];
  const logMax = lax.reshape(lax.reduceMax(logG, [last]), keep);
  const unnormalized = lax.exp(lax.sub(logG, broadcastTo(logMax, logG.shape)));
  const total = lax.reshape(lax.reduceSum(unnormalized, [last]), keep);
  return lax.div(unnormalized, broadcastTo(total, logG.shape));
}, { staticArgnums: 2 });

/** `_dirichlet` after the argument checks: `boost` picks the JAX version. */
export function dirichletOf(
  key: DeviceArray,
  alpha: ArrayLike,
  shape: readonly number[] | null,
  dtype: DType,
  boost: GammaBoost = defaultGammaBoost(),
): DeviceArray {
  const al = asarray(alpha);
  if (al.ndim < 1) {
    throw new ValueError(`dirichlet requires alpha.ndim >= 1, got alpha.ndim == ${al.ndim}`);
  }
  const batch = al.shape.slice(0, -1);
  const s = shape ?? batch;
  checkParamShapes("dirichlet", s, batch);
  const full = [...s, al.shape[al.ndim - 1]];
  return dirichletCompiled(key, broadcastTo(floatArg(al, dtype), full), boost);
}

/**
 * Dirichlet(α) vectors (`jax.random.dirichlet`): points of the simplex (nonnegative, summing to
 * 1) with density ∝ ∏ xᵢ^(αᵢ-1). `alpha` has shape `[..., n]`; the result has shape
 * `[...shape, n]`, `shape` (default `alpha.shape[:-1]`) being the batch shape, broadcastable
 * from alpha's. Sampled as JAX does: a softmax of log-gamma draws.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.dirichlet(random.PRNGKey(1590822961), [0.5, 0.6, 0.7], [2]); // JAX 0.3.25's vector
 * // DeviceArray([[0.556287  , 0.30421907, 0.1394939 ],
 * //              [0.1522097 , 0.63225085, 0.21553946]], dtype=float32)
 * ```
 * @throws ValueError for a non-float dtype, a 0-d `alpha`, or a batch shape that does not
 * broadcast to `shape`.
 */
export function dirichlet(
  key: PRNGKeyArray,
  alpha: ArrayLike,
  shape?: readonly number[] | null,
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("random.dirichlet", 2, 4, arguments.length);
  const k = checkKey("dirichlet", key);
  const d = floatDType("dirichlet", dtypeArg("dirichlet", 3, [dtype], 2));
  const s = shape == null ? null : checkShapeArg("dirichlet", shape);
  return dirichletOf(k, alpha, s, d);
}
