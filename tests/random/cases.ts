/** The reference cases shared by reference.test.ts (numpy) and jax.test.ts (a real JAX run). */

import { type DeviceArray, jnp, random } from "../../mod.ts";

const ar = (n: number) => jnp.arange(n);
const P6 = [.1, .2, .3, .15, .05, .2];

/**
 * Each case: a seed and a function of the key made from it, so it also runs under jit. Names are
 * the Python calls, as fixtures.json and jax_outputs.json record them.
 */
export const CASES: Record<string, [number, (k: DeviceArray) => DeviceArray]> = {
  "normal W = normal(PRNGKey(0), (64, 100))": [0, (k) => random.normal(k, [64, 100])],
  "normal batch_x = normal(PRNGKey(0), (16, 100))": [0, (k) => random.normal(k, [16, 100])],
  "normal(PRNGKey(1), (4097,))": [1, (k) => random.normal(k, [4097])],
  "normal(PRNGKey(7), (2, 3, 5))": [7, (k) => random.normal(k, [2, 3, 5])],
  "split(PRNGKey(5), 7)": [5, (k) => random.split(k, 7)],
  "split(PRNGKey(5), (2, 3))": [5, (k) => random.split(k, [2, 3])],
  "split(PRNGKey(5), 1)": [5, (k) => random.split(k, 1)],
  "fold_in(PRNGKey(5), 2**32 - 1)": [5, (k) => random.foldIn(k, 2 ** 32 - 1)],
  "bits32(PRNGKey(3), (7, 3))": [3, (k) => random.bits(k, [7, 3])],
  "bits8(PRNGKey(3), (7,))": [3, (k) => random.bits(k, [7], { dtype: "uint8" })],
  "bits16(PRNGKey(3), (5,))": [3, (k) => random.bits(k, [5], "uint16")],
  "bits32(PRNGKey(3), ())": [3, (k) => random.bits(k)],
  "uniform(PRNGKey(2), (1001,))": [2, (k) => random.uniform(k, [1001])],
  "uniform(PRNGKey(2), (3, 4), -2.5, 7.0)": [
    2,
    (k) => random.uniform(k, [3, 4], { minval: -2.5, maxval: 7 }),
  ],
  "randint(PRNGKey(4), (100,), -7, 13)": [4, (k) => random.randint(k, [100], -7, 13)],
  "randint(PRNGKey(4), (9,), 5, 5)": [4, (k) => random.randint(k, [9], 5, 5)],
  "randint(PRNGKey(4), (9,), -2**31, 2**31-1)": [
    4,
    (k) => random.randint(k, [9], -(2 ** 31), 2 ** 31 - 1),
  ],
  "randint(PRNGKey(4), (9,), 0, 2**32, uint32)": [
    4,
    (k) => random.randint(k, [9], 0, 2 ** 32, { dtype: "uint32" }),
  ],
  "randint(PRNGKey(4), (9,), 3, 1000, uint32)": [
    4,
    (k) => random.randint(k, [9], 3, 1000, "uint32"),
  ],
  "permutation(PRNGKey(0), 10)": [0, (k) => random.permutation(k, 10)],
  "permutation(PRNGKey(0), 1)": [0, (k) => random.permutation(k, 1)],
  "permutation(PRNGKey(3), 2000)": [3, (k) => random.permutation(k, 2000)],
  "permutation(PRNGKey(1), arange(12).reshape(3, 4))": [
    1,
    (k) => random.permutation(k, ar(12).reshape([3, 4])),
  ],
  "permutation(PRNGKey(1), arange(12).reshape(3, 4), axis=1)": [
    1,
    (k) => random.permutation(k, ar(12).reshape([3, 4]), { axis: 1 }),
  ],
  "permutation(PRNGKey(1), arange(12).reshape(3, 4), axis=1, independent=True)": [
    1,
    (k) => random.permutation(k, ar(12).reshape([3, 4]), { axis: 1, independent: true }),
  ],
  "choice(PRNGKey(6), 10, (4,))": [6, (k) => random.choice(k, 10, [4])],
  "choice(PRNGKey(6), 10, (4,), replace=False)": [
    6,
    (k) => random.choice(k, 10, [4], { replace: false }),
  ],
  "choice(PRNGKey(6), [10..15], (2, 3), p=[.1,.2,.3,.15,.05,.2])": [
    6,
    (k) => random.choice(k, jnp.arange(10, 16), [2, 3], { p: jnp.array(P6) }),
  ],
  "choice(PRNGKey(6), 6, (4,), replace=False, p=[.1,.2,.3,.15,.05,.2])": [
    6,
    (k) => random.choice(k, 6, [4], { replace: false, p: P6 }),
  ],
  "bernoulli(PRNGKey(8), 0.3, (50,))": [8, (k) => random.bernoulli(k, 0.3, [50])],
  "categorical(PRNGKey(9), log([.1,.2,.7]), (20,))": [
    9,
    (k) => random.categorical(k, jnp.log(jnp.array([.1, .2, .7])), { shape: [20] }),
  ],
  "exponential(PRNGKey(10), (300,))": [10, (k) => random.exponential(k, [300])],
  "gumbel(PRNGKey(10), (300,))": [10, (k) => random.gumbel(k, [300])],
  "laplace(PRNGKey(10), (300,))": [10, (k) => random.laplace(k, [300])],
  "logistic(PRNGKey(10), (300,))": [10, (k) => random.logistic(k, [300])],
  "cauchy(PRNGKey(10), (300,))": [10, (k) => random.cauchy(k, [300])],
  "truncated_normal(PRNGKey(10), -1.5, 0.5, (300,))": [
    10,
    (k) => random.truncatedNormal(k, -1.5, 0.5, [300]),
  ],
  // Recorded from JAX only (jax_outputs.json).
  "normal(PRNGKey(0), (10,))": [0, (k) => random.normal(k, [10])],
  "normal(PRNGKey(42))": [42, (k) => random.normal(k)],
  "bernoulli(PRNGKey(8), 0.3, (50,), mode=high)": [
    8,
    (k) => random.bernoulli(k, 0.3, [50], { mode: "high" }),
  ],
  "categorical(PRNGKey(9), zeros((3, 5)), shape=(2, 3), replace=False)": [
    9,
    (k) =>
      random.categorical(k, jnp.divide(jnp.arange(15).reshape([3, 5]).astype("float32"), 7), {
        shape: [2, 3],
        replace: false,
      }),
  ],
  "gumbel(PRNGKey(10), (300,), mode=high)": [10, (k) => random.gumbel(k, [300], { mode: "high" })],
  "rademacher(PRNGKey(10), (30,))": [10, (k) => random.rademacher(k, [30])],
};
