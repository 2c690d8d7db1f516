/**
 * Gamma samplers (`jax.random.gamma`, `jax.random.loggamma`) with JAX's algorithm, so the same
 * key gives JAX's values: one subkey per element (`split(key, size)`), and for each element
 * Marsaglia and Tsang's rejection method ("A simple method for generating gamma variables",
 * 2000) run as `while` loops that draw fresh subkeys until a sample is accepted. JAX maps that
 * per-element sampler over the elements (`vmap` on accelerators, `lax.map` on CPU in 0.3.x:
 * the same values, as the elements are independent); it is vmapped here, so every element
 * advances together and the loops end when the last element is accepted.
 *
 * Shape parameters below 1 are boosted: Gamma(α) ~ Gamma(α + 1) · u^(1/α) for a uniform u.
 * JAX changed how u is drawn in 0.4.14 ("re-parameterize jax.random.gamma"); both versions are
 * here, and `jax_threefry_partitionable` picks one, as for `logistic`: the original scheme gives
 * JAX ≤ 0.4.13's values (jax-v0.3.25 `_gamma_one`), the partitionable one current JAX's.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import { NotImplementedError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { customJvp } from "../lax/control_flow/custom_derivatives.ts";
import { whileLoop } from "../lax/control_flow/while_loop.ts";
import { asarray } from "../numpy/convert.ts";
import { tooManyArguments } from "../options.ts";
import { prod, type Shape } from "../shape.ts";
import { jit } from "../transforms/jit.ts";
import { vmap } from "../transforms/vmap.ts";
import { type DTypeOptions, normal, uniform } from "./distributions.ts";
import { dtypeArg } from "./uniform.ts";
import { checkKey, isPartitionable, keyAt, type PRNGKeyArray, splitKey } from "./keys.ts";
import { broadcastTo, checkParamShapes, checkShapeArg, constant, floatDType } from "./util.ts";

/**
 * How the boost for α < 1 draws its uniform u (JAX changed it in 0.4.14):
 * - `"u"` (JAX ≤ 0.4.13): Gamma(α+1) · u^(1/α), a zero sample replaced by float32's smallest
 *   normal; in log space log(u)/α, which is -inf when u is 0.
 * - `"1-u"` (JAX ≥ 0.4.14): Gamma(α+1) · (1-u)^(1/α), so u = 0 gives no shrinking; in log space
 *   `-exponential(key)/α`, i.e. log1p(-u)/α, and no boost at all when that log is 0.
 */
export type GammaBoost = "u" | "1-u";

/** The boost of the JAX version the active `jax_threefry_partitionable` scheme reproduces. */
export function defaultGammaBoost(): GammaBoost {
  return isPartitionable() ? "1-u" : "u";
}

const F32_TINY = 2 ** -126; // jnp.finfo(float32).tiny

/**
 * One Gamma(alpha) sample (or its log) from one key (`_gamma_one`): scalar in, scalar out. The
 * float32 operations are JAX's, one by one, so that each rounds as XLA's does.
 */
function gammaOne(
  key: DeviceArray,
  alpha: DeviceArray,
  logSpace: boolean,
  boost: GammaBoost,
): DeviceArray {
  const dt = alpha.dtype;
  const k = (v: number) => constant(v, dt);
  const zero = k(0), one = k(1), third = k(1 / 3);

  // α < 1 samples Gamma(α + 1) and shrinks it afterwards (the boost).
  const unboosted = lax.ge(alpha, one);
  const shape = lax.select(unboosted, alpha, lax.add(alpha, one));
  const d = lax.sub(shape, third);
  const c = lax.div(third, lax.sqrt(d));

  // The loop state is [key, X = x², V = v³, U]; the initial [_, 0, 1, 2] is "rejected", so the
  // body runs at least once. A sample is rejected while both of Marsaglia–Tsang's tests fail:
  // the squeeze U < 1 - 0.0331 x⁴ and the full test log U < x²/2 + d (1 - V + log V).
  const rejected = ([, X, V, U]: DeviceArray[]) =>
    lax.bitwiseAnd(
      lax.ge(U, lax.sub(one, lax.mul(k(0.0331), lax.mul(X, X)))),
      lax.ge(
        lax.log(U),
        lax.add(lax.mul(X, k(0.5)), lax.mul(d, lax.add(lax.sub(one, V), lax.log(V)))),
      ),
    );
  // v = 1 + c x must be positive (its cube is the candidate): redraw x while it is not.
  const drawPositiveV = ([state]: DeviceArray[]) => {
    const keys = splitKey(state, [2]);
    const x = normal(keyAt(keys, 1), [], dt);
    return [keyAt(keys, 0), x, lax.add(one, lax.mul(x, c))];
  };
  const propose = ([state]: DeviceArray[]) => {
    const keys = splitKey(state, [3]);
    const [, x, v] = whileLoop(
      ([, , v]: DeviceArray[]) => lax.le(v, zero),
      drawPositiveV,
      [keyAt(keys, 1), zero, k(-1)],
    ) as DeviceArray[];
    const U = uniform(keyAt(keys, 2), [], dt);
    return [keyAt(keys, 0), lax.mul(x, x), lax.mul(lax.mul(v, v), v), U];
  };

  // The boost's key is split off first; the rejection loop gets the rest.
  const keys = splitKey(key, [2]);
  const boostKey = keyAt(keys, 1);
  const [, , V] = whileLoop(rejected, propose, [keyAt(keys, 0), zero, one, k(2)]) as DeviceArray[];
  const invAlpha = lax.div(one, alpha);

  if (logSpace) {
    let logBoost: DeviceArray;
    if (boost === "u") {
      logBoost = lax.select(unboosted, zero, lax.mul(lax.log(uniform(boostKey, [], dt)), invAlpha));
    } else {
      // log(1 - u), JAX's -exponential(key) (negation is exact). A 0 there (u = 0) gets no boost,
      // so that α = 0 does not give 0 · inf = NaN.
      const logSample = lax.log1p(lax.neg(uniform(boostKey, [], dt)));
      const keep = lax.bitwiseOr(unboosted, lax.eq(logSample, zero));
      logBoost = lax.select(keep, zero, lax.mul(logSample, invAlpha));
    }
    return lax.add(lax.add(lax.log(d), lax.log(V)), logBoost);
  }
  if (boost === "u") {
    const factor = lax.select(unboosted, one, lax.pow(uniform(boostKey, [], dt), invAlpha));
    const z = lax.mul(lax.mul(d, V), factor);
    // A sample that underflowed to 0 becomes the smallest normal float (gamma's support is > 0).
    return lax.select(lax.eq(z, zero), k(F32_TINY), z);
  }
  const oneMinusU = lax.sub(one, uniform(boostKey, [], dt));
  const factor = lax.select(unboosted, one, lax.pow(oneMinusU, invAlpha));
  return lax.mul(lax.mul(d, V), factor);
}

/**
 * Gamma samples for `a` (already of the result's shape and float dtype), `_gamma_impl`: the key
 * is split into one subkey per element, and the per-element sampler is mapped over the
 * elements in row-major order. Compiled once per shape and variant, as JAX jits `_gamma`: an
 * eager call runs one program instead of dispatching every loop on its own.
 */
const gammaCompiled = jit(
  (key: DeviceArray, a: DeviceArray, logSpace: boolean, boost: GammaBoost): DeviceArray => {
    const n = prod(a.shape);
    const keys = splitKey(key, [n]);
    const alphas = lax.reshape(a, [n]);
    const one = (k: DeviceArray, alpha: DeviceArray) => gammaOne(k, alpha, logSpace, boost);
    return lax.reshape(vmap(one)(keys, alphas), a.shape);
  },
  { staticArgnums: [2, 3] },
);

/**
 * The sampler as a function of (key, a) with a JVP rule that refuses: differentiating through
 * the rejection loops would give neither JAX's gradient (the implicit one of
 * `random_gamma_grad`, not implemented here) nor an error of its own in forward mode.
 */
const guarded = new Map<string, (key: DeviceArray, a: DeviceArray) => DeviceArray>();
function notDifferentiable(logSpace: boolean, boost: GammaBoost) {
  const id = `${logSpace}|${boost}`;
  let f = guarded.get(id);
  if (!f) {
    const g = customJvp((key: DeviceArray, a: DeviceArray) =>
      gammaCompiled(key, a, logSpace, boost)
    );
    g.defjvp(() => {
      throw new NotImplementedError(
        "Differentiation of random.gamma (and loggamma, beta, dirichlet) with respect to its " +
          "shape parameters is not implemented: JAX's implicit gradient (random_gamma_grad) " +
          "is missing. Use lax.stopGradient on the parameters to sample without it.",
      );
    });
    guarded.set(id, f = g);
  }
  return f;
}

/** {@link gammaCompiled}, with empty arrays answered without a program. */
export function gammaSamples(
  key: DeviceArray,
  a: DeviceArray,
  logSpace: boolean,
  boost: GammaBoost = defaultGammaBoost(),
): DeviceArray {
  if (a.size === 0) return lax.broadcastInDim(constant(0, a.dtype), a.shape, []);
  return notDifferentiable(logSpace, boost)(key, a);
}

/** A float parameter array of `dtype` (JS numbers and arrays are converted, as JAX's `a`). */
export function floatArg(x: ArrayLike, dtype: DType): DeviceArray {
  return lax.convertElementType(asarray(x), dtype);
}

/**
 * `_gamma`: checks `a` against `shape` (JAX names "gamma" in the message, for loggamma too),
 * broadcasts it and samples.
 */
export function gammaOf(
  key: DeviceArray,
  a: ArrayLike,
  shape: Shape | null,
  dtype: DType,
  logSpace: boolean,
  boost: GammaBoost = defaultGammaBoost(),
): DeviceArray {
  const alpha = floatArg(a, dtype);
  const s = shape ?? alpha.shape;
  checkParamShapes("gamma", s, alpha.shape);
  return gammaSamples(key, broadcastTo(alpha, s), logSpace, boost);
}

/**
 * Standard Gamma(a) floats (`jax.random.gamma`): density ∝ x^(a-1) e^(-x) for x > 0, with
 * unit scale (divide by a rate, or multiply by a scale, for the other parameterisations). `a`
 * is a number or an array broadcastable to `shape`; `shape` defaults to `a`'s shape. JAX's
 * Marsaglia–Tsang rejection sampler, so a seed gives JAX's values (see the module notes on the
 * two JAX versions). Works eagerly, under `jit` and under `vmap` over keys.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * // JAX 0.3.25's test vector (tests/random_test.py): [0.332641, 0.10187, 1.816109, 0.023457, 0.487853]
 * random.gamma(random.PRNGKey(1038747260), 0.8, [5]);
 * // DeviceArray([0.33264083, 0.10187002, 1.8161091 , 0.02345718, 0.4878531 ], dtype=float32)
 * random.gamma(random.PRNGKey(0), jnp.array([0.5, 1, 10])); // one shape parameter per element
 * // DeviceArray([0.08957733, 0.5056258 , 8.308809  ], dtype=float32)
 * ```
 * @throws ValueError for a non-float dtype or an `a` that does not broadcast to `shape`.
 */
export function gamma(
  key: PRNGKeyArray,
  a: ArrayLike,
  shape?: readonly number[] | null,
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("random.gamma", 2, 4, arguments.length);
  const k = checkKey("gamma", key);
  const d = floatDType("gamma", dtypeArg("gamma", 3, [dtype], 2));
  const s = shape == null ? null : checkShapeArg("gamma", shape);
  return gammaOf(k, a, s, d, false);
}

/**
 * Logarithms of Gamma(a) samples (`jax.random.loggamma`), computed in log space: the same
 * draws as {@link gamma} with the same key (`exp(loggamma(k, a))` ≈ `gamma(k, a)`), but with
 * precision left for the tiny samples that small `a` gives, where `gamma` rounds to 0.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const key = random.PRNGKey(0);
 * random.loggamma(key, 0.01, [3]); // logs of samples far below float32's range (~1e-38)
 * // DeviceArray([ -82.8183 , -149.36914,  -99.20842], dtype=float32)
 * jnp.exp(random.loggamma(key, 2, [3])); // the draws of random.gamma(key, 2, [3])
 * // DeviceArray([0.7728719, 1.4034604, 1.1416087], dtype=float32)
 * ```
 * @throws ValueError for a non-float dtype or an `a` that does not broadcast to `shape`.
 */
export function loggamma(
  key: PRNGKeyArray,
  a: ArrayLike,
  shape?: readonly number[] | null,
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("random.loggamma", 2, 4, arguments.length);
  const k = checkKey("loggamma", key);
  // JAX's message names `gamma` here too.
  const d = floatDType("gamma", dtypeArg("loggamma", 3, [dtype], 2));
  const s = shape == null ? null : checkShapeArg("loggamma", shape);
  return gammaOf(k, a, s, d, true);
}
