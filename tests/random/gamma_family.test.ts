/**
 * random.gamma, loggamma, beta, dirichlet and poisson: JAX's recorded values (both versions of
 * the gamma boost), the distributions' moments and shapes on large samples, agreement of the
 * eager, jitted and vmapped samplers, and JAX's errors for bad input. (gamma and poisson's
 * vectors from the spec are checked in vectors.test.ts.)
 */

import {
  type DeviceArray,
  grad,
  jit,
  jnp,
  lax,
  NotImplementedError,
  random,
  ValueError,
  vmap,
} from "../../mod.ts";
import { gammaOf } from "../../src/random/gamma.ts";
import { betaOf, dirichletOf } from "../../src/random/beta.ts";
import { assert, assertClose, assertExact, assertThrows, test } from "../harness.ts";
import { inMode, MODES, values } from "./helpers.ts";
import {
  assertChiSquared,
  assertKolmogorovSmirnov,
  assertMoments,
  digamma,
  gammaCdf,
  poissonPmf,
  trigamma,
} from "./stats.ts";

const K = random.PRNGKey;
const f32 = (x: unknown) => jnp.array(x as number[], { dtype: "float32" });

/** Does nothing with `x`; calling it after an `await` keeps `x` reachable until then. */
function keepAlive(_x: unknown): void {}

/**
 * The values of `x`. `x` stays referenced until they are read: on WebGPU the result of a loop
 * is written by an async task, and an array collected before that would lose its buffer.
 */
async function read(x: DeviceArray): Promise<number[]> {
  const v = await values(x);
  keepAlive(x);
  return v;
}

// JAX's recorded outputs (6 printed decimals; compared as JAX's testRandomDistributionValues).
// Seeds are zlib.adler32(name + "threefry2x32"), as in JAX's test.
interface Recorded {
  name: string;
  run: (k: DeviceArray) => DeviceArray;
  seed: number;
  expected: number[];
}

/** jax-ml/jax@jax-v0.3.25 tests/random_test.py `_RANDOM_VALUES_CASES` (JAX ≤ 0.4.13's gamma). */
const JAX_0_3_25: Recorded[] = [
  {
    name: "loggamma",
    run: (k) => random.loggamma(k, 0.8, [5], "float32"),
    seed: 1440221118,
    expected: [-0.899633, -0.424083, 0.631593, 0.102374, -1.07189],
  },
  {
    name: "beta",
    run: (k) => random.beta(k, 0.8, 0.9, [5], "float32"),
    seed: 923534869,
    expected: [0.533685, 0.843179, 0.063495, 0.573444, 0.459514],
  },
  {
    name: "dirichlet",
    run: (k) => random.dirichlet(k, f32([0.5, 0.6, 0.7]), [2], "float32"),
    seed: 1590822961,
    expected: [0.556287, 0.304219, 0.139494, 0.15221, 0.632251, 0.21554],
  },
];

/**
 * jax-ml/jax@7205160 (jax 0.4.14, "Re-parameterize jax.random.gamma") tests/random_test.py: the
 * new boost with the original bits (JAX's default until 0.5). Here the original scheme gives the
 * old boost, so these run the new one explicitly.
 */
const JAX_0_4_14: Recorded[] = [
  {
    name: "gamma",
    run: (k) => gammaOf(k, 0.8, [5], "float32", false, "1-u"),
    seed: 1038747260,
    expected: [0.824221, 1.724476, 0.502882, 5.386132, 0.685543],
  },
  {
    name: "loggamma",
    run: (k) => gammaOf(k, 0.8, [5], "float32", true, "1-u"),
    seed: 1440221118,
    expected: [0.240559, -3.575443, -0.450946, -2.161372, -2.943277],
  },
  {
    name: "beta",
    run: (k) => betaOf(k, 0.8, 0.9, [5], "float32", "1-u"),
    seed: 923534869,
    expected: [0.13259, 0.824893, 0.948363, 0.964155, 0.235448],
  },
  {
    name: "dirichlet",
    run: (k) => dirichletOf(k, f32([0.5, 0.6, 0.7]), [2], "float32", "1-u"),
    seed: 1590822961,
    expected: [0.003128, 0.009694, 0.987178, 0.025938, 0.479091, 0.494971],
  },
];

for (const [version, cases] of [["jax 0.3.25", JAX_0_3_25], ["jax 0.4.14", JAX_0_4_14]] as const) {
  for (const c of cases) {
    for (const jitted of [false, true]) {
      test(`random ${c.name}: ${version}'s recorded values${jitted ? " (jit)" : ""}`, async () => {
        const out = inMode("original", () => (jitted ? jit(c.run) : c.run)(K(c.seed)));
        assertClose(await read(out), c.expected, { rtol: 1e-5, atol: 2e-6 });
      });
    }
  }
}

test("random loggamma: JAX's NaN corner case (a = 0, a key whose boost uniform is 0)", async () => {
  // jax-ml/jax tests/random_test.py test_loggamma_nan_corner_case (jax ≥ 0.4.18, original bits).
  const key = random.wrapKeyData(jnp.array([3200590325, 713258242], { dtype: "uint32" }));
  const out = inMode("original", () => gammaOf(key, 0, null, "float32", true, "1-u"));
  assertClose(await read(out), [-4.595436], { rtol: 1e-6, atol: 0 });
  // The partitionable scheme uses that boost: no NaN for a = 0 either.
  const part = inMode("partitionable", () => random.loggamma(key, 0));
  assert.ok(!Number.isNaN((await read(part))[0]));
});

test("random gamma: each scheme uses its JAX version's boost", async () => {
  for (const mode of MODES) {
    const boost = mode === "original" ? "u" : "1-u";
    const [pub, explicit] = inMode(mode, () => [
      random.gamma(K(7), 0.4, [64]),
      gammaOf(K(7), 0.4, [64], "float32", false, boost),
    ]);
    assertExact(await read(pub), await read(explicit));
  }
});

// JAX's testGammaVsLogGamma: the same draws, in log space.
for (const mode of MODES) {
  for (const a of [0.1, 1, 10]) {
    test(`random loggamma [${mode}] a=${a}: exp(loggamma) is gamma's draws`, async () => {
      const [g, lg, lgJit] = inMode(mode, () => [
        random.gamma(K(0), a, [100]),
        random.loggamma(K(0), a, [100]),
        jit((k: DeviceArray) => random.loggamma(k, a, [100]))(K(0)),
      ]);
      const gv = await read(g);
      assertClose((await read(lg)).map(Math.exp), gv, { rtol: 1e-6, atol: 1e-6 });
      assertClose((await read(lgJit)).map(Math.exp), gv, { rtol: 1e-6, atol: 1e-6 });
    });
  }
}

// Distributions on large samples ---------------------------------------------------------------

const N = 10000;

for (const mode of MODES) {
  for (const a of [0.3, 1, 4.5]) {
    test(`random gamma [${mode}] a=${a}: support, moments and CDF on ${N} samples`, async () => {
      const x = inMode(mode, () => random.gamma(K(1), a, [N]));
      assert.equal(x.dtype, "float32");
      const v = await read(x);
      assert.ok(v.every((s) => s > 0 && Number.isFinite(s)), "gamma samples are positive");
      assertMoments(v, a, a, `gamma(${a})`);
      assertKolmogorovSmirnov(v, (t) => gammaCdf(a, t), `gamma(${a})`);
    });
  }

  test(`random loggamma [${mode}] a=0.01: E log X = ψ(a), Var = ψ'(a), where gamma underflows`, async () => {
    const x = inMode(mode, () => random.loggamma(K(2), 0.01, [N]));
    const v = await read(x);
    assert.ok(v.every(Number.isFinite), "loggamma samples are finite");
    // ~42% of Gamma(0.01) samples are below float32's smallest normal, 2**-126: gamma() would
    // round them to it or to 0, loggamma keeps their distribution.
    const p = gammaCdf(0.01, 2 ** -126), below = v.filter((s) => s < Math.log(2 ** -126)).length;
    assert.ok(Math.abs(below / N - p) <= 5 * Math.sqrt((p * (1 - p)) / N), `${below} below`);
    assertMoments(v, digamma(0.01), trigamma(0.01), "loggamma(0.01)");
  });

  for (const [a, b] of [[0.5, 2], [3, 3], [0.05, 0.08]]) {
    test(`random beta [${mode}] a=${a} b=${b}: support and moments on ${N} samples`, async () => {
      const x = inMode(mode, () => random.beta(K(3), a, b, [N]));
      const v = await read(x);
      assert.ok(v.every((s) => s >= 0 && s <= 1), "beta samples lie in [0, 1]");
      const s = a + b;
      assertMoments(v, a / s, (a * b) / (s * s * (s + 1)), `beta(${a}, ${b})`);
    });
  }

  test(`random dirichlet [${mode}] alpha=[0.5, 1, 3]: simplex and marginal moments`, async () => {
    const alpha = [0.5, 1, 3], s = 4.5;
    const x = inMode(mode, () => random.dirichlet(K(4), f32(alpha), [N]));
    assert.deepEqual(x.shape, [N, 3]);
    const v = await read(x);
    for (let i = 0; i < N; i++) {
      const row = v.slice(3 * i, 3 * i + 3);
      assert.ok(row.every((c) => c >= 0 && c <= 1), `row ${i} in [0, 1]: ${row}`);
      assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) <= 1e-6, `row ${i} sums to 1: ${row}`);
    }
    alpha.forEach((a, j) => {
      const col = v.filter((_, i) => i % 3 === j);
      assertMoments(col, a / s, (a * (s - a)) / (s * s * (s + 1)), `dirichlet component ${j}`);
    });
  });

  test(`random dirichlet [${mode}] tiny alpha: still on the simplex (JAX issue 9896)`, async () => {
    // JAX's testDirichletSmallAlpha: with alpha = 1e-4 nearly all mass is in one coordinate.
    const x = inMode(mode, () => random.dirichlet(K(0), f32([1e-4, 1e-4, 1e-4]), [100]));
    const v = await read(x);
    for (let i = 0; i < 100; i++) {
      const row = v.slice(3 * i, 3 * i + 3);
      assertClose([row[0] + row[1] + row[2], Math.max(...row)], [1, 1], { rtol: 1e-5, atol: 0 });
    }
  });

  test(`random beta [${mode}] tiny parameters: every sample is 0 or 1 (JAX's test)`, async () => {
    const v = await read(inMode(mode, () => random.beta(K(0), 1e-4, 2e-4, [100])));
    for (const s of v) assertClose([s], [s < 0.5 ? 0 : 1], { rtol: 1e-6, atol: 1e-6 });
  });

  for (const lam of [0.5, 5, 9.5, 10, 25, 1000]) {
    const how = lam < 10 ? "Knuth" : "transformed rejection";
    test(`random poisson [${mode}] lam=${lam} (${how}): pmf and moments on ${N} samples`, async () => {
      const x = inMode(mode, () => random.poisson(K(5), lam, [N]));
      assert.equal(x.dtype, "int32");
      const v = await read(x);
      assertChiSquared(v, poissonPmf(lam), `poisson(${lam})`);
      assertMoments(v, lam, lam, `poisson(${lam})`);
    });
  }

  test(`random poisson [${mode}]: mixed rates, each element by its own algorithm`, async () => {
    // JAX's testPoissonBatched: rates on both sides of 10 in one array.
    const lam = jnp.concatenate([
      jnp.full([N], 2, { dtype: "float32" }),
      jnp.full([N], 20, { dtype: "float32" }),
    ]);
    const v = await read(inMode(mode, () => random.poisson(K(1), lam)));
    assertChiSquared(v.slice(0, N), poissonPmf(2), "poisson(2) half");
    assertChiSquared(v.slice(N), poissonPmf(20), "poisson(20) half");
  });

  test(`random poisson [${mode}]: λ = 0 gives 0, λ < 0 and NaN give -1 (JAX's corner cases)`, async () => {
    const x = inMode(mode, () => random.poisson(K(0), f32([-1, 0, NaN, 0, 20])));
    const v = await read(x);
    assertExact(v.slice(0, 4), [-1, 0, -1, 0]);
    assert.ok(v[4] > 0);
  });
}

// Shapes and dtypes ---------------------------------------------------------------------------

test("random gamma family: result shapes and dtypes", async () => {
  const key = K(0);
  const cases: [DeviceArray, number[]][] = [
    [random.gamma(key, f32([0.2, 0.3]), [3, 2]), [3, 2]],
    [random.gamma(key, f32([0.2, 0.3])), [2]],
    [random.gamma(key, 2), []],
    [random.loggamma(key, 2, [4, 1]), [4, 1]],
    [random.gamma(key, 2, [0, 3]), [0, 3]],
    [random.beta(key, f32([0.5, 1, 2]), f32([[1], [2]])), [2, 3]],
    [random.beta(key, 2, 3, [5]), [5]],
    [random.dirichlet(key, f32([1, 2, 3])), [3]],
    [random.dirichlet(key, f32([[1, 2], [3, 4]]), [5, 2]), [5, 2, 2]],
    [random.poisson(key, f32([2, 20]), [3, 2]), [3, 2]],
    [random.poisson(key, 3), []],
  ];
  for (const [x, shape] of cases) assert.deepEqual([...x.shape], shape);
  const floats = [random.gamma(key, 1), random.loggamma(key, 1), random.beta(key, 1, 1)];
  for (const x of floats) {
    assert.equal(x.dtype, "float32");
    assert.equal(x.weakType, false);
  }
  const others = [
    random.dirichlet(key, [1, 1]),
    random.poisson(key, 3),
    random.poisson(key, 3, [2], { dtype: "uint32" }),
  ];
  assert.deepEqual(others.map((x) => x.dtype), ["float32", "int32", "uint32"]);
  // Wait for every result while it is referenced (see `read`).
  await Promise.all([...cases.map(([x]) => x), ...floats, ...others].map(read));
});

test("random poisson: uint32 results are the int32 ones", async () => {
  const lam = f32([0, 1, 7, 30, 500]);
  const a = random.poisson(K(9), lam, null, "int32"), b = random.poisson(K(9), lam, null, "uint32");
  assertExact(await read(b), await read(a));
});

// Eager, jit and vmap agree -------------------------------------------------------------------

const SAMPLERS: Record<string, (k: DeviceArray) => DeviceArray> = {
  gamma: (k) => random.gamma(k, f32([0.3, 1, 4]), [2, 3]),
  loggamma: (k) => random.loggamma(k, 0.2, [3]),
  beta: (k) => random.beta(k, 0.5, f32([1, 2]), [3, 2]),
  dirichlet: (k) => random.dirichlet(k, f32([[0.5, 1, 2], [3, 4, 5]])),
  poisson: (k) => random.poisson(k, f32([1, 12, 0, 3.5]), [2, 4]),
};

for (const mode of MODES) {
  for (const [name, f] of Object.entries(SAMPLERS)) {
    test(`random ${name} [${mode}]: eager, jit, vmap over keys and jit(vmap) agree`, async () => {
      const keys = inMode(mode, () => random.split(K(11), 3));
      const [eager, jitted, [mapped, both]] = inMode(mode, () => [
        [0, 1, 2].map((i) => f(keys.get(i))),
        [0, 1, 2].map((i) => jit(f)(keys.get(i))),
        [vmap(f)(keys), jit((ks: DeviceArray) => vmap(f)(ks))(keys)],
      ]);
      const perKey = async (xs: DeviceArray[]) => (await Promise.all(xs.map(read))).flat();
      const e = await perKey(eager);
      assertExact(await perKey(jitted), e);
      assertExact(await read(mapped), e);
      assertExact(await read(both), e);
    });
  }
}

// Bad input -----------------------------------------------------------------------------------

test("random gamma family errors: non-float dtypes are JAX's ValueError", () => {
  const key = K(0);
  const msg = (name: string) => `dtype argument to \`${name}\` must be a float dtype, got int32`;
  assertThrows(() => random.gamma(key, 1, [2], "int32"), ValueError, msg("gamma"));
  // JAX's loggamma names `gamma` too.
  assertThrows(() => random.loggamma(key, 1, [2], { dtype: "int32" }), ValueError, msg("gamma"));
  assertThrows(() => random.beta(key, 1, 1, [2], "int32"), ValueError, msg("beta"));
  assertThrows(() => random.dirichlet(key, [1, 1], null, "int32"), ValueError, msg("dirichlet"));
  assertThrows(() => random.gamma(key, 1, [2], "bool"), ValueError, "got bool");
  // poisson needs an integer dtype: numpy's iinfo error, as JAX raises it.
  assertThrows(
    () => random.poisson(key, 1, [2], "float32"),
    ValueError,
    "Invalid integer data type 'f'.",
  );
});

test("random gamma family errors: parameter shapes must broadcast to the shape argument", () => {
  const key = K(0);
  const msg = (name: string, result: string, shape: string) =>
    `${name} parameter shapes must be broadcast-compatible with shape argument, and the result ` +
    `of broadcasting the shapes must equal the shape argument, but got result ${result} for ` +
    `shape argument ${shape}.`;
  assertThrows(
    () => random.gamma(key, jnp.ones([3]), [2, 1]),
    ValueError,
    msg("gamma", "(2, 3)", "(2, 1)"),
  );
  assertThrows(
    () => random.loggamma(key, jnp.ones([3]), [2, 1]),
    ValueError,
    msg("gamma", "(2, 3)", "(2, 1)"),
  );
  assertThrows(
    () => random.gamma(key, jnp.ones([3]), [2]),
    ValueError,
    "Incompatible shapes for broadcasting: shapes=[(2,), (3,)]",
  );
  assertThrows(
    () => random.beta(key, jnp.ones([3]), jnp.ones([2, 1]), [3]),
    ValueError,
    msg("beta", "(2, 3)", "(3,)"),
  );
  assertThrows(
    () => random.dirichlet(key, jnp.ones([2, 3]), [3, 1]),
    ValueError,
    msg("dirichlet", "(3, 2)", "(3, 1)"),
  );
  assertThrows(
    () => random.dirichlet(key, jnp.array(1.5)),
    ValueError,
    "dirichlet requires alpha.ndim >= 1, got alpha.ndim == 0",
  );
  assertThrows(
    () => random.poisson(key, jnp.ones([3]), [2]),
    ValueError,
    "Incompatible shapes for broadcasting: (3,) and requested shape (2,)",
  );
  assertThrows(() => random.gamma(key, 1, [-1]), ValueError, "non-negative");
});

test("random gamma family errors: keys and differentiation", async () => {
  const keys = random.split(K(0), 2);
  for (
    const f of [
      () => random.gamma(keys, 1),
      () => random.loggamma(keys, 1),
      () => random.beta(keys, 1, 1),
      () => random.dirichlet(keys, [1, 1]),
      () => random.poisson(keys, 1),
    ]
  ) assertThrows(f, TypeError, "Use vmap for batching");
  assertThrows(() => random.gamma(jnp.array([1, 2]), 1), TypeError, "expected a PRNG key");
  // JAX differentiates gamma implicitly (random_gamma_grad), which is not implemented here.
  const a = jnp.array(2.5);
  assertThrows(
    () => grad((x: DeviceArray) => jnp.sum(random.gamma(K(0), x, [3])))(a),
    NotImplementedError,
    "random_gamma_grad",
  );
  // Parameters that are not differentiated are fine.
  const g = grad((x: DeviceArray) => jnp.sum(jnp.multiply(x, random.gamma(K(0), 2, [3]))))(a);
  const held = grad((x: DeviceArray) => random.gamma(K(0), lax.stopGradient(x)))(a);
  assertExact(await read(held), [0]);
  assert.ok((await read(g))[0] > 0);
});
