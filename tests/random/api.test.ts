/**
 * The random API beyond the vectors: argument forms (positional shape, options object or dtype
 * string), keys, output shapes and dtypes, and distribution sanity on large samples (moments,
 * supports) so each sampler's transform is the right one in both modes.
 */

import { type DeviceArray, jnp, random } from "../../mod.ts";
import { assert, assertClose, assertExact, test } from "../harness.ts";
import { inMode, MODES, values } from "./helpers.ts";

const K = random.PRNGKey;
const N = 20000;

function moments(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) };
}

test("random keys: PRNGKey, key, seeds and key data", async () => {
  assertExact(await values(random.key(7)), await values(K(7)));
  assertExact(await values(K(2 ** 32 + 5)), [0, 5]);
  assertExact(await values(K(2n ** 40n + 5n)), [0, 5]);
  assertExact(await values(K(-(2n ** 63n))), [0, 0]);
  assertExact(await values(K(true as never)), [0, 1]);
  const big = jnp.array([4294967295], { dtype: "uint32" }).reshape([]);
  assertExact(await values(K(big)), [0, 4294967295]);
  const k = K(3);
  assert.equal(random.keyData(k), k);
  assert.equal(random.wrapKeyData(k), k);
  assert.equal(k.dtype, "uint32");
  assert.deepEqual(random.split(k, [2, 2]).shape, [2, 2, 2]);
  assert.deepEqual(random.split(k, 0).shape, [0, 2]);
  // Destructuring, as `key, subkey = random.split(key)`.
  const [a, b] = random.split(k);
  assert.deepEqual([a.shape, b.shape], [[2], [2]]);
});

test("random shapes and dtypes of every sampler", () => {
  const k = K(0);
  const cases: [DeviceArray, number[], string][] = [
    [random.normal(k), [], "float32"],
    [random.normal(k, [2, 3]), [2, 3], "float32"],
    [random.normal(k, 4 as never), [4], "float32"],
    [random.uniform(k, [0]), [0], "float32"],
    [random.bits(k, [3]), [3], "uint32"],
    [random.bits(k, [3], { dtype: "uint16" }), [3], "uint32"],
    [random.randint(k, [2], 0, 4), [2], "int32"],
    [random.randint(k, [2], 0, 4, { dtype: "uint32" }), [2], "uint32"],
    [random.bernoulli(k), [], "bool"],
    [random.bernoulli(k, jnp.array([0.1, 0.9])), [2], "bool"],
    [random.truncatedNormal(k, jnp.zeros([3]), 1), [3], "float32"],
    [random.exponential(k, [2]), [2], "float32"],
    [random.gumbel(k, [2], { mode: "high" }), [2], "float32"],
    [random.laplace(k, [2]), [2], "float32"],
    [random.logistic(k, [2]), [2], "float32"],
    [random.cauchy(k, [2]), [2], "float32"],
    [random.rademacher(k, [2]), [2], "int32"],
    [random.categorical(k, jnp.zeros([4, 3])), [4], "int32"],
    [random.categorical(k, jnp.zeros([4, 3]), { axis: 0 }), [3], "int32"],
    [random.categorical(k, jnp.zeros([4, 3]), { shape: [5, 4] }), [5, 4], "int32"],
    [random.categorical(k, jnp.zeros([4, 3]), { shape: [2, 4], replace: false }), [2, 4], "int32"],
    [random.choice(k, 5), [], "int32"],
    [random.choice(k, jnp.zeros([4, 3]), [2], { axis: 1 }), [4, 2], "float32"],
    [random.choice(k, jnp.zeros([4, 3]), [2, 2]), [2, 2, 3], "float32"],
    [random.choice(k, 5, [0]), [0], "int32"],
    [random.permutation(k, jnp.zeros([3, 2])), [3, 2], "float32"],
    [random.shuffle(k, jnp.arange(5)), [5], "int32"],
  ];
  for (const [x, shape, dtype] of cases) {
    assert.deepEqual(x.shape, shape);
    assert.equal(x.dtype, dtype);
    assert.equal(x.weakType, false);
  }
});

for (const mode of MODES) {
  test(`random [${mode}] normal and uniform moments`, async () => {
    const [z, u, b] = inMode(mode, () => [
      random.normal(K(11), [N]),
      random.uniform(K(12), [N], { minval: -2, maxval: 6 }),
      random.bits(K(13), [N], "uint8"),
    ]);
    const mz = moments(await values(z));
    assert.ok(Math.abs(mz.mean) < 0.03 && Math.abs(mz.std - 1) < 0.03, JSON.stringify(mz));
    const uv = await values(u);
    assert.ok(uv.every((x) => x >= -2 && x < 6));
    const mu = moments(uv);
    assert.ok(Math.abs(mu.mean - 2) < 0.06 && Math.abs(mu.std - 8 / Math.sqrt(12)) < 0.05);
    const bv = await values(b);
    assert.ok(bv.every((x) => x >= 0 && x < 256 && Number.isInteger(x)));
    assert.ok(Math.abs(moments(bv).mean - 127.5) < 3);
  });

  test(`random [${mode}] other samplers' supports and moments`, async () => {
    const k = K(21);
    const get = (f: () => DeviceArray) => values(inMode(mode, f));
    const e = await get(() => random.exponential(k, [N]));
    assert.ok(e.every((x) => x >= 0) && Math.abs(moments(e).mean - 1) < 0.03);
    const g = await get(() => random.gumbel(k, [N]));
    assert.ok(Math.abs(moments(g).mean - 0.5772) < 0.03);
    const gh = await get(() => random.gumbel(k, [N], { mode: "high" }));
    assert.ok(Math.abs(moments(gh).mean - 0.5772) < 0.03);
    const l = moments(await get(() => random.laplace(k, [N])));
    assert.ok(Math.abs(l.mean) < 0.05 && Math.abs(l.std - Math.SQRT2) < 0.05);
    const lg = moments(await get(() => random.logistic(k, [N])));
    assert.ok(Math.abs(lg.mean) < 0.05 && Math.abs(lg.std - Math.PI / Math.sqrt(3)) < 0.06);
    const c = (await get(() => random.cauchy(k, [N]))).sort((a, b) => a - b);
    assert.ok(Math.abs(c[N / 2]) < 0.05 && Math.abs(c[(3 * N) / 4] - 1) < 0.06);
    const t = await get(() => random.truncatedNormal(k, -0.5, 1.25, [N]));
    assert.ok(t.every((x) => x > -0.5 && x < 1.25));
    const bern = await get(() => random.bernoulli(k, 0.3, [N]));
    assert.ok(Math.abs(moments(bern).mean - 0.3) < 0.015);
    const bh = await get(() => random.bernoulli(k, 0.3, [N], { mode: "high" }));
    assert.ok(Math.abs(moments(bh).mean - 0.3) < 0.015);
    const r = await get(() => random.rademacher(k, [N]));
    assert.ok(r.every((x) => x === 1 || x === -1) && Math.abs(moments(r).mean) < 0.03);
    const ri = await get(() => random.randint(k, [N], -3, 4));
    assert.ok(ri.every((x) => x >= -3 && x < 4) && Math.abs(moments(ri).mean) < 0.05);
  });

  test(`random [${mode}] categorical, choice and permutation`, async () => {
    const k = K(31);
    const p = [0.1, 0.2, 0.7];
    const cat = await values(
      inMode(mode, () => random.categorical(k, jnp.log(jnp.array(p)), { shape: [N] })),
    );
    for (let i = 0; i < 3; i++) {
      const f = cat.filter((x) => x === i).length / N;
      assert.ok(Math.abs(f - p[i]) < 0.015, `category ${i}: ${f}`);
    }
    const ch = await values(inMode(mode, () => random.choice(k, 3, [N], { p: jnp.array(p) })));
    for (let i = 0; i < 3; i++) {
      assert.ok(Math.abs(ch.filter((x) => x === i).length / N - p[i]) < 0.015);
    }
    const distinct = await values(
      inMode(mode, () => random.choice(k, 50, [50], { replace: false })),
    );
    assert.deepEqual([...distinct].sort((a, b) => a - b), [...Array(50).keys()]);
    const noRep = await values(
      inMode(mode, () => random.categorical(k, jnp.zeros([10]), { shape: [10], replace: false })),
    );
    assert.deepEqual([...noRep].sort((a, b) => a - b), [...Array(10).keys()]);
    const perm = await values(inMode(mode, () => random.permutation(k, 3000)));
    assert.deepEqual([...perm].sort((a, b) => a - b), [...Array(3000).keys()]);
    // shuffle is permutation with independent=True.
    const x = jnp.arange(12).reshape([3, 4]);
    const [s, q] = inMode(mode, () => [
      random.shuffle(k, x, 1),
      random.permutation(k, x, { axis: 1, independent: true }),
    ]);
    assertExact(await values(s), await values(q));
  });
}

test("random uniform: array bounds broadcast against the shape", async () => {
  const lo = jnp.array([0, 10, 100], { dtype: "float32" });
  const u = await values(random.uniform(K(1), [2, 3], { minval: lo, maxval: jnp.add(lo, 1) }));
  u.forEach((x, i) => assert.ok(x >= [0, 10, 100][i % 3] && x < [1, 11, 101][i % 3]));
  // A dtype string stands for the options, as JAX's positional dtype.
  assertExact(
    await values(random.uniform(K(1), [3], "float32")),
    await values(random.uniform(K(1), [3])),
  );
});

test("random normal of JAX's quickstart prints JAX's numbers", async () => {
  const x = random.normal(K(0), [10]);
  assertClose(await values(x), [
    -0.3721109,
    0.26423115,
    -0.18252768,
    -0.7368197,
    -0.44030377,
    -0.1521442,
    -0.67135346,
    -0.5908641,
    0.73168886,
    0.5673026,
  ], { ulps: 0 });
});

test("random multivariateNormal: jax-v0.3.25 testRandomDistributionValues, and moments", async () => {
  // Seed adler32("multivariate_normal" + "threefry2x32"); mean ones((1, 3)), cov eye(3), (2,).
  const key = random.PRNGKey(3497659512);
  const x = inMode(
    "original",
    () => random.multivariateNormal(key, jnp.ones([1, 3]), jnp.eye(3), { shape: [2] }),
  );
  assert.deepEqual(x.shape, [2, 3]);
  assertClose(await values(x), [1.067826, 1.215599, 0.234166, -0.237534, 1.32591, 1.413987], {
    rtol: 1e-5,
    atol: 2e-6,
  });
  const cov = [[4, 2, 0.6], [2, 5, 1.5], [0.6, 1.5, 3]];
  const s = await values(
    random.multivariateNormal(K(1), jnp.array([1, -1, 0]), jnp.array(cov), { shape: [N] }),
  );
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      let acc = 0;
      for (let i = 0; i < N; i++) {
        acc += (s[i * 3 + a] - [1, -1, 0][a]) * (s[i * 3 + b] - [1, -1, 0][b]);
      }
      assert.ok(Math.abs(acc / N - cov[a][b]) < 0.15, `cov[${a}][${b}] = ${acc / N}`);
    }
  }
  // Batched means and covariances broadcast; the default shape is their batch shape.
  const batched = random.multivariateNormal(K(2), jnp.zeros([4, 2]), jnp.eye(2));
  assert.deepEqual(batched.shape, [4, 2]);
});
