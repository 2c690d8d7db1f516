/**
 * `random`: JAX's `jax.random` for TypeScript, bit-exact with JAX's threefry2x32 PRNG.
 *
 * Keys are uint32 arrays of shape [2] (`PRNGKey(seed)` / `key(seed)`); every sampler takes a key
 * first, then JAX's positional arguments, then JAX's keyword arguments as an options object:
 * `random.normal(key, [64, 100])`, `random.uniform(key, [3], { minval: -1, maxval: 1 })`.
 * The same seed gives the numbers JAX gives. Both of JAX's bit-generation schemes are available:
 * the original one (the default here, as in JAX ≤ 0.4) and the partitionable one (JAX ≥ 0.5's
 * default), selected by `config.update("jax_threefry_partitionable", true)`. The flag is read
 * when a random function runs or is traced, so a function already traced by `jit` keeps the
 * scheme it was traced with.
 *
 * @example
 * ```ts
 * import { random, vmap } from "@jaxscript/jaxscript";
 * const key = random.PRNGKey(0);
 * const [k1, k2] = random.split(key);
 * const W = random.normal(k1, [64, 100]);
 * const perExample = vmap((k) => random.normal(k, [3]))(random.split(k2, 8)); // shape [8, 3]
 * ```
 * @module
 */

export {
  bits,
  foldIn,
  key,
  keyData,
  PRNGKey,
  type PRNGKeyArray,
  randomBits,
  split,
  wrapKeyData,
} from "./keys.ts";
export {
  bernoulli,
  type BernoulliOptions,
  categorical,
  type CategoricalOptions,
  cauchy,
  type DTypeOptions,
  exponential,
  type FloatSampler,
  gumbel,
  type GumbelOptions,
  laplace,
  logistic,
  normal,
  type Param,
  rademacher,
  randint,
  truncatedNormal,
  uniform,
  type UniformOptions,
} from "./distributions.ts";
export { gamma, loggamma } from "./gamma.ts";
export { beta, dirichlet } from "./beta.ts";
export { poisson } from "./poisson.ts";
export { multivariateNormal, type MultivariateNormalOptions } from "./multivariate.ts";
export {
  choice,
  type ChoiceOptions,
  permutation,
  type PermutationOptions,
  shuffle,
} from "./sampling.ts";
