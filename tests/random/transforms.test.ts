/**
 * random under the transformations: vmap over keys (and seeds, and fold-in data) equals the
 * per-key results, jit equals eager, the mode flag is read at call / trace time, and gradients
 * flow through the samplers' float math (not through the bits).
 */

import { config, type DeviceArray, grad, jit, jnp, makeJaxpr, random, vmap } from "../../mod.ts";
import { assert, assertClose, assertExact, test } from "../harness.ts";
import { inMode, MODES, values } from "./helpers.ts";

const K = random.PRNGKey;

/** vmap(f)(keys) against stacking f(keys[i]). */
async function vmapMatches(f: (k: DeviceArray) => DeviceArray, n = 5): Promise<void> {
  const keys = random.split(K(123), n);
  const batched = vmap(f)(keys);
  const each = jnp.stack([...keys].map((k) => f(k)));
  assert.deepEqual(batched.shape, each.shape);
  assertExact(await values(batched), await values(each));
}

const SAMPLERS: Record<string, (k: DeviceArray) => DeviceArray> = {
  split: (k) => random.split(k, 3),
  foldIn: (k) => random.foldIn(k, 7),
  bits: (k) => random.bits(k, [2, 3]),
  bits8: (k) => random.bits(k, [5], "uint8"),
  uniform: (k) => random.uniform(k, [4], { minval: -1, maxval: 3 }),
  normal: (k) => random.normal(k, [3]),
  normalOdd: (k) => random.normal(k, [7]),
  randint: (k) => random.randint(k, [4], -5, 5),
  bernoulli: (k) => random.bernoulli(k, 0.4, [6]),
  exponential: (k) => random.exponential(k, [3]),
  gumbel: (k) => random.gumbel(k, [3]),
  laplace: (k) => random.laplace(k, [3]),
  logistic: (k) => random.logistic(k, [3]),
  truncatedNormal: (k) => random.truncatedNormal(k, -1, 1, [3]),
  categorical: (k) =>
    random.categorical(k, jnp.array([[0.1, 0.5, 0.2], [1, 0, 0]]), { shape: [4, 2] }),
  permutation: (k) => random.permutation(k, 6),
  permutation2d: (k) => random.permutation(k, jnp.arange(12).reshape([4, 3])),
  choice: (k) => random.choice(k, 10, [3]),
  choiceNoReplace: (k) => random.choice(k, 10, [3], { replace: false }),
  multivariateNormal: (k) =>
    random.multivariateNormal(k, jnp.zeros([2]), jnp.array([[2, 0.5], [0.5, 1]]), { shape: [3] }),
  choiceP: (k) => random.choice(k, 4, [5], { p: jnp.array([0.1, 0.2, 0.3, 0.4]) }),
};

for (const mode of MODES) {
  for (const [name, f] of Object.entries(SAMPLERS)) {
    test(`random vmap [${mode}] ${name} equals the per-key results`, async () => {
      await inMode(mode, () => vmapMatches(f));
    });
    test(`random jit [${mode}] ${name} equals eager`, async () => {
      const key = K(99);
      const [a, b] = inMode(mode, () => [f(key), jit(f)(key)]);
      assertExact(await values(a), await values(b));
    });
  }
}

test("random vmap: the issue's example, vmap(k => normal(k, [3]))(split(key, 8))", async () => {
  const keys = random.split(K(0), 8);
  const out = vmap((k: DeviceArray) => random.normal(k, [3]))(keys);
  assert.deepEqual(out.shape, [8, 3]);
  for (let i = 0; i < 8; i++) {
    assertExact(await values(out.get(i)), await values(random.normal(keys.get(i), [3])));
  }
});

test("random vmap over seeds and fold-in data", async () => {
  const seeds = jnp.array([0, 1, -1, 42]);
  const keys = vmap((s: DeviceArray) => random.PRNGKey(s))(seeds);
  assertExact(await values(keys), [0, 0, 0, 1, 0, 4294967295, 0, 42]);
  const folded = vmap((d: DeviceArray) => random.foldIn(K(0), d))(jnp.array([3, 4]));
  assertExact(await values(folded.get(1)), [2285895361, 433833334]);
  assertExact(await values(folded.get(0)), await values(random.foldIn(K(0), 3)));
});

test("random vmap of vmap: a [2, 3] grid of keys", async () => {
  const keys = random.split(K(5), [2, 3]);
  const out = vmap(vmap((k: DeviceArray) => random.uniform(k, [2])))(keys);
  assert.deepEqual(out.shape, [2, 3, 2]);
  assertExact(await values(out.get(1, 2)), await values(random.uniform(keys.get(1, 2), [2])));
});

test("random jit: PRNGKey from a traced seed", async () => {
  const f = jit((s: DeviceArray) => random.normal(random.PRNGKey(s), [2]));
  assertExact(await values(f(jnp.array(7))), await values(random.normal(K(7), [2])));
});

test("random modes: the flag switches the bits, and switching back restores them", async () => {
  const before = await values(random.normal(K(0), [10]));
  config.update("jax_threefry_partitionable", true);
  try {
    // Partitionable values are a prefix-stable function of the flat index: [4] is [10]'s head.
    const part = await values(random.normal(K(0), [4]));
    assertClose(part, [1.6226422, 2.0252647, -0.43359444, -0.07861735], { ulps: 0 });
    assertExact(part, (await values(random.normal(K(0), [10]))).slice(0, 4));
    assert.notDeepEqual(part, before.slice(0, 4));
  } finally {
    config.update("jax_threefry_partitionable", false);
  }
  assertExact(await values(random.normal(K(0), [10])), before);
  // Original-mode values depend on the total size (counter pairs (i, i + n/2)).
  assertClose(before.slice(0, 4), [-0.3721109, 0.26423115, -0.18252768, -0.7368197], { ulps: 0 });
  assert.notDeepEqual(await values(random.normal(K(0), [4])), before.slice(0, 4));
});

test("random modes: a jitted function keeps the scheme it was traced with", async () => {
  // The flag is read while tracing (JAX reads it inside its own jitted samplers too); a function
  // traced before the switch must be re-created (or re-traced with new shapes) to pick it up.
  const f = jit((k: DeviceArray) => random.uniform(k, [3]));
  const orig = await values(f(K(0)));
  const part = await values(
    inMode("partitionable", () => jit((k: DeviceArray) => random.uniform(k, [3]))(K(0))),
  );
  assertClose(part, [0.947667, 0.9785799, 0.33229148], { ulps: 0 });
  assert.notDeepEqual(orig, part);
});

test("random modes: split and random bits jaxprs differ by scheme", () => {
  const show = (m: "original" | "partitionable") =>
    inMode(m, () => makeJaxpr((k: DeviceArray) => random.split(k, 4))(K(0)).toString());
  assert.match(show("original"), /threefry2x32/);
  assert.notEqual(show("original"), show("partitionable"));
});

test("random grad: gradients flow through the float math of a sampler", async () => {
  // d/dmu sum(mu + sigma * normal) = n; d/dsigma = sum(normal).
  const key = K(3);
  const z = random.normal(key, [5]);
  const loss = (p: DeviceArray) =>
    jnp.sum(jnp.add(p.get(0), jnp.multiply(p.get(1), random.normal(key, [5]))));
  const g = grad(loss)(jnp.array([0.5, 2], { dtype: "float32" }));
  const sumZ = (await values(z)).reduce((a, b) => a + b, 0);
  assertClose(await values(g), [5, sumZ], { rtol: 1e-5, atol: 1e-5 });
  // Uniform bounds are differentiable too: d/dmaxval mean(uniform(minval=0, maxval=m)) = mean(u).
  const gu = grad((m: DeviceArray) => jnp.mean(random.uniform(key, [100], { maxval: m })))(
    jnp.array(2, { dtype: "float32" }),
  );
  const u = await values(random.uniform(key, [100]));
  assertClose(await values(gu), [u.reduce((a, b) => a + b, 0) / 100], { rtol: 1e-5 });
});
