/** Bad input to random: JAX's error classes, with messages that say what was expected. */

import { jnp, NotImplementedError, OverflowError, random, ValueError } from "../../mod.ts";
import { assert, assertExact, assertThrows, test } from "../harness.ts";
import { values } from "./helpers.ts";

const key = random.PRNGKey(0);

test("random errors: seeds must be integers within int64", () => {
  assertThrows(() => random.PRNGKey(1.5), TypeError, "PRNG key seed must be an integer");
  assertThrows(() => random.PRNGKey(NaN), TypeError, "seed must be an integer");
  assertThrows(() => random.PRNGKey("3" as unknown as number), TypeError, "seed");
  assertThrows(() => random.key(jnp.array(1.5)), TypeError, "seed must be an integer");
  assertThrows(() => random.PRNGKey(jnp.array([1, 2])), TypeError, "scalar seed");
  assertThrows(() => random.PRNGKey(2n ** 63n), OverflowError, "int64");
  assertThrows(() => random.PRNGKey(2 ** 64), OverflowError);
});

test("random errors: a non-key passed as a key is a TypeError saying what a key is", () => {
  const msg = /expected a PRNG key, got .*uint32 array of shape \[2\]/;
  assertThrows(() => random.normal(jnp.array([0.0, 1.0]), [3]), TypeError, msg);
  assertThrows(() => random.normal(jnp.array([0, 1]), [3]), TypeError, /got a int32\[2\] array/);
  assertThrows(() => random.uniform(jnp.zeros([3], { dtype: "uint32" })), TypeError, msg);
  assertThrows(() => random.split([0, 0] as never), TypeError, /got a JS array/);
  assertThrows(() => random.randint(42 as never, [2], 0, 3), TypeError, /got a number/);
  assertThrows(() => random.foldIn(null as never, 1), TypeError, /got null/);
});

test("random errors: a batch of keys needs vmap", () => {
  const keys = random.split(key, 8);
  assertThrows(() => random.normal(keys, [3]), TypeError, "Use vmap for batching");
  assertThrows(() => random.split(keys), TypeError, "accepts a single key");
  // keyData / wrapKeyData accept batches.
  assert.deepEqual(random.keyData(keys).shape, [8, 2]);
});

test("random errors: bad shapes", () => {
  assertThrows(() => random.normal(key, [-1]), ValueError, "non-negative");
  assertThrows(() => random.normal(key, [2.5]), TypeError, "integers");
  assertThrows(() => random.uniform(key, [NaN]), TypeError, "integers");
  assertThrows(() => random.bits(key, "3" as never), TypeError, "shape");
  assertThrows(() => random.split(key, -2), ValueError, "non-negative");
  assertThrows(() => random.randint(key, [2, -1], 0, 3), ValueError, "randint: shape");
});

test("random errors: parameter shapes must broadcast to the shape argument", () => {
  assertThrows(() => random.uniform(key, [3], { minval: jnp.zeros([4]) }), ValueError, "shapes");
  assertThrows(
    () => random.uniform(key, [3], { maxval: jnp.ones([2, 3]) }),
    ValueError,
    "uniform parameter shapes must be broadcast-compatible with shape argument, and the result " +
      "of broadcasting the shapes must equal the shape argument, but got result (2, 3) for " +
      "shape argument (3,).",
  );
  assertThrows(() => random.bernoulli(key, jnp.array([0.5, 0.5]), [3]), ValueError);
  assertThrows(() => random.randint(key, [2], jnp.zeros([3], { dtype: "int32" }), 5), ValueError);
  assertThrows(
    () => random.categorical(key, jnp.zeros([2, 3]), { shape: [3, 1] }),
    ValueError,
    "categorical parameter shapes",
  );
});

test("random errors: dtypes", () => {
  assertThrows(
    () => random.uniform(key, [2], { dtype: "int32" }),
    ValueError,
    "dtype argument to `uniform` must be a float dtype, got int32",
  );
  assertThrows(() => random.normal(key, [2], "uint32"), ValueError, "`normal`");
  assertThrows(() => random.randint(key, [2], 0, 3, "float32"), TypeError, "integer dtypes");
  assertThrows(() => random.bits(key, [2], "int32"), ValueError, "unsigned int dtype");
  assertThrows(() => random.bernoulli(key, jnp.array([1, 0])), TypeError, "floating dtype");
  assertThrows(() => random.normal(key, [2], "float16"), TypeError, "Unsupported dtype");
});

test("random errors: randint with maxval <= minval returns minval, as JAX", async () => {
  assertExact(await values(random.randint(key, [4], 5, 3)), [5, 5, 5, 5]);
  assertExact(await values(random.randint(key, [3], 7, 7)), [7, 7, 7]);
  const lo = jnp.array([0, 10, 20]);
  const out = await values(random.randint(key, [3], lo, jnp.array([5, 10, 19])));
  assert.ok(out[0] >= 0 && out[0] < 5);
  assertExact(out.slice(1), [10, 20]);
});

test("random errors: choice", () => {
  assertThrows(
    () => random.choice(key, 5, [6], { replace: false }),
    ValueError,
    "Cannot take a larger sample (size 6) than population (size 5) when 'replace=False'",
  );
  assertThrows(
    () => random.choice(key, 0, [2]),
    ValueError,
    "a must be greater than 0 unless no samples are taken",
  );
  assertThrows(
    () => random.choice(key, 3, [2], { p: jnp.array([0.5, 0.5]) }),
    ValueError,
    "p must be None or a 1D vector with the same size as a.shape[axis]",
  );
  assertThrows(() => random.choice(key, 3, 2 as never), TypeError, "must be a sequence");
  assertThrows(() => random.choice(key, 2.5, [2]), TypeError, "integer");
});

test("random errors: permutation, foldIn, categorical without replacement", () => {
  assertThrows(() => random.permutation(key, 2.5), TypeError, "integer or at least 1-dimensional");
  assertThrows(() => random.permutation(key, jnp.array(2.5)), TypeError, "integer");
  assertThrows(() => random.permutation(key, jnp.arange(4), { axis: 1 }), ValueError, "axis");
  assertThrows(() => random.foldIn(key, 1.5), TypeError, "integer");
  assertThrows(() => random.foldIn(key, jnp.array([1, 2])), TypeError, "scalar");
  assertThrows(
    () => random.categorical(key, jnp.zeros([3]), { shape: [4], replace: false }),
    ValueError,
    "cannot exceed number of categories (3)",
  );
  assertThrows(() => random.randomBits(key, 12 as never, [2]), TypeError, "field width");
  assertThrows(() => random.gumbel(key, [2], { mode: "fast" as never }), ValueError, "mode");
});

test("random errors: multivariateNormal", () => {
  const m = jnp.zeros([3]);
  assertThrows(
    () => random.multivariateNormal(key, m, jnp.eye(2)),
    ValueError,
    "multivariate_normal requires cov.shape == (..., n, n) for n=3, but got cov.shape == (2, 2).",
  );
  assertThrows(() => random.multivariateNormal(key, 0, jnp.eye(2)), ValueError, "mean.ndim >= 1");
  assertThrows(
    () => random.multivariateNormal(key, m, jnp.eye(3), { method: "svd" }),
    NotImplementedError,
  );
  assertThrows(
    () => random.multivariateNormal(key, m, jnp.eye(3), { method: "qr" as never }),
    ValueError,
    "method must be one of",
  );
});
