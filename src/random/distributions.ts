/**
 * Samplers over the raw bits: JAX's own algorithms (jax-v0.3.25 `jax/_src/random.py`, HEAD
 * `jax/_src/random/core.py`), so the same key gives JAX's numbers. Everything is float32 lax
 * arithmetic: each op rounds to float32 as XLA's do.
 *
 * Only `logistic` changed algorithm across JAX versions among these (jax 0.7); it follows the
 * scheme selected by `jax_threefry_partitionable` — the original scheme reproduces JAX ≤ 0.4-era
 * programs, the partitionable one current JAX.
 */

// The samplers live by kind in uniform.ts, continuous.ts and discrete.ts; this module keeps the
// import path they had when they were all here.
export { type DTypeOptions, type Param, uniform, type UniformOptions } from "./uniform.ts";
export {
  cauchy,
  exponential,
  type FloatSampler,
  gumbel,
  gumbelOf,
  type GumbelOptions,
  laplace,
  logistic,
  normal,
  truncatedNormal,
} from "./continuous.ts";
export {
  bernoulli,
  type BernoulliOptions,
  categorical,
  type CategoricalOptions,
  rademacher,
  randint,
  randintImpl,
  topKIndices,
} from "./discrete.ts";
