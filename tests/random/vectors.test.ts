/**
 * Every known-answer vector of ../shared/spec/random_vectors.json (copied into fixtures.json), in
 * each mode it applies to, eagerly and under jit. Integer results must be bit-exact; floats must
 * be within 2 ulp of the reference implementation (they are exact today) and agree with JAX's
 * printed value (6-decimal prints: allclose, as JAX's own test; notebook prints: within the
 * recorded device difference).
 */

import { type DeviceArray, jit, jnp, lax, random } from "../../mod.ts";
import { assert, assertClose, assertExact, test } from "../harness.ts";
import {
  fixtures,
  flat,
  inMode,
  type Mode,
  modesOf,
  seedOf,
  values,
  type Vector,
} from "./helpers.ts";

const K = random.PRNGKey;
const u32 = (xs: number[]) => jnp.array(xs, { dtype: "uint32" });

/** How to compute a vector: a function of key arrays (so jit can trace it) and its inputs. */
interface Runner {
  args: () => DeviceArray[];
  f: (...a: DeviceArray[]) => DeviceArray;
  /** Compare to `expected` after mapping our output (x64 vectors derived from 32-bit parts). */
  expect?: (v: Vector) => number[];
}

const keyOf = (call: string) => () => [K(seedOf(call))];

/** threefry_2x32(key, count) for a 2-word count: one pair through lax.threefry2x32. */
const kat = (key: number[], count: number[]): Runner => ({
  args: () => [u32(key), u32(count)],
  f: (k, c) => {
    const w = (a: DeviceArray, i: number) => lax.reshape(lax.sliceInDim(a, i, i + 1), [1]);
    const [y0, y1] = lax.threefry2x32(
      lax.reshape(w(k, 0), []),
      lax.reshape(w(k, 1), []),
      w(c, 0),
      w(c, 1),
    );
    return lax.concatenate([y0, y1], 0);
  },
});

const seedVector = (seed: number): Runner => ({
  args: () => [],
  f: () => K(seed),
});

/** The low and high words of the x64 expectations, from our 32-bit streams. */
const low32 = (v: Vector) => v.expected_digits!.map((d) => Number(BigInt(d) & 0xffffffffn));

const RUNNERS: Record<string, Runner> = {
  "threefry2x32 KAT zeros": kat([0, 0], [0, 0]),
  "threefry2x32 KAT ones": kat([0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]),
  "threefry2x32 KAT pi": kat([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3]),
  "random_bits 8": { args: () => [K(1701)], f: (k) => random.randomBits(k, 8, [3]) },
  "random_bits 16": { args: () => [K(1701)], f: (k) => random.randomBits(k, 16, [3]) },
  "random_bits 32": { args: () => [K(1701)], f: (k) => random.randomBits(k, 32, [3]) },
  // x64: the uint64 values are (first half << 32) | second half of the 32-bit stream of 6 words.
  "random_bits 64 (x64)": {
    args: () => [K(1701)],
    f: (k) => lax.transpose(lax.reshape(random.randomBits(k, 32, [6]), [2, 3]), [1, 0]),
    expect: (v) =>
      v.expected_digits!.flatMap((d) => [
        Number(BigInt(d) >> 32n),
        Number(BigInt(d) & 0xffffffffn),
      ]),
  },
  "random_bits 64 (x32, jax 0.3.25)": {
    args: () => [K(1701)],
    f: (k) => random.randomBits(k, 64, [3]),
  },
  "randint (3,3) [0,8) int32": { args: () => [K(0)], f: (k) => random.randint(k, [3, 3], 0, 8) },
  // x64: span 8 is a power of two, so the value is the low 3 bits of the low word of k2's
  // 64-bit stream: the second half of its 32-bit stream of 18 words.
  "randint (3,3) [0,8) int64 (x64)": {
    args: () => [K(0)],
    f: (k) => {
      const k2 = random.split(k).get(1);
      const low = lax.sliceInDim(random.randomBits(k2, 32, [18]), 9, 18);
      return lax.bitwiseAnd(low, jnp.array(7, { dtype: "uint32" }));
    },
    expect: low32,
  },
  "split(PRNGKey(0), 4)": { args: () => [K(0)], f: (k) => random.split(k, 4) },
  "fold_in(PRNGKey(0), 4)": { args: () => [K(0)], f: (k) => random.foldIn(k, 4) },
  "uniform case": { args: keyOf("PRNGKey(1338574713)"), f: (k) => random.uniform(k, [5]) },
  "normal case": { args: keyOf("PRNGKey(1193674498)"), f: (k) => random.normal(k, [5]) },
  "randint case": {
    args: keyOf("PRNGKey(1319372649)"),
    f: (k) => random.randint(k, [5], 0, 10, { dtype: "int32" }),
  },
  "quickstart normal(PRNGKey(0),(10,))": { args: () => [K(0)], f: (k) => random.normal(k, [10]) },
  "gotchas normal(PRNGKey(0),(1,))": { args: () => [K(0)], f: (k) => random.normal(k, [1]) },
  "gotchas split chain keys": {
    args: () => [K(0)],
    f: (k) => {
      const [key1, sub1] = random.split(k);
      const [key2, sub2] = random.split(key1);
      return jnp.stack([key1, sub1, key2, sub2]);
    },
  },
  "gotchas split chain normals": {
    args: () => [K(0)],
    f: (k) => {
      const [key1, sub1] = random.split(k);
      const [key2, sub2] = random.split(key1);
      const [, ...subs] = random.split(key2, 4);
      return jnp.concatenate([sub1, sub2, ...subs].map((s) => random.normal(s, [1])));
    },
  },
  "jax101 PRNGKey(42)": seedVector(42),
  "jax101 split(PRNGKey(42))": { args: () => [K(42)], f: (k) => random.split(k) },
  "jax101 normal(subkey)": {
    args: () => [u32([255383827, 267815257])],
    f: (k) => random.normal(k),
  },
  "jax101 normal(PRNGKey(42)) scalar": { args: () => [K(42)], f: (k) => random.normal(k) },
  "jax101 normal individually": {
    args: () => [K(42)],
    f: (k) => jnp.stack([...random.split(k, 3)].map((s) => random.normal(s))),
  },
  "jax101 normal all at once": { args: () => [K(42)], f: (k) => random.normal(k, [3]) },
  "export back-compat cuda threefry uniform": {
    args: () => [u32([42, 43])],
    f: (k) => random.uniform(k, [2, 4], { dtype: "float32" }),
  },
  "partitionable normal(key(0),(3,))": {
    args: () => [random.key(0)],
    f: (k) => random.normal(k, [3]),
  },
  "partitionable normal(key(0),(4,4))": {
    args: () => [random.key(0)],
    f: (k) => random.normal(k, [4, 4]),
  },
  "partitionable normal(key(0)) scalar": {
    args: () => [random.key(0)],
    f: (k) => random.normal(k),
  },
  "partitionable uniform(key(0),(3,))": {
    args: () => [random.key(0)],
    f: (k) => random.uniform(k, [3]),
  },
};

// PRNGKey(seed) vectors: x32 ones exactly; x64 ones share the low word (the high word is the
// seed's upper half, 0 with 64-bit types disabled).
for (const v of fixtures.vectors) {
  const m = /^PRNGKey\((-?\d+)\) x(32|64)$/.exec(v.name);
  if (!m) continue;
  const seed = Number(m[1]);
  RUNNERS[v.name] = m[2] === "32"
    ? seedVector(seed)
    : { args: () => [], f: () => lax.sliceInDim(K(seed), 1, 2), expect: (v) => low32(v).slice(1) };
}

/**
 * jax-101 notebook prints, recorded on another device: the spec measured a few ulp (backend
 * log/erf_inv); near 0 the gap is one step of u (2**-24), e.g. -0.04838839 vs -0.04838832 (both
 * the reference and we give the latter). Compared with an absolute tolerance of that size.
 */
const DEVICE_VECTORS = new Set([
  "jax101 normal(PRNGKey(42)) scalar",
  "jax101 normal individually",
  "jax101 normal all at once",
]);

async function check(v: Vector, r: Runner, out: DeviceArray): Promise<void> {
  const got = await values(out);
  const expected = r.expect ? r.expect(v) : flat(v.expected);
  if (out.dtype !== "float32") {
    assertExact(got, expected);
    return;
  }
  // The reference implementation first: the 2-ulp requirement (exact in practice).
  const ref = flat(v.reference_impl_output);
  assertClose(got, ref, { ulps: 2, rtol: 0, atol: 0 });
  if (/6 decimals|allclose/.test(v.note ?? "")) {
    assertClose(got, expected, { rtol: 1e-5, atol: 1e-6 });
  } else {
    const tol = DEVICE_VECTORS.has(v.name) ? { rtol: 1e-6, atol: 1e-7 } : { rtol: 0, atol: 0 };
    assertClose(got, expected.map(Math.fround), { ulps: 0, ...tol });
  }
}

for (const v of fixtures.vectors) {
  const r = RUNNERS[v.name];
  test(`random vector has a runner: ${v.name}`, () => assert.ok(r, `no runner for ${v.name}`));
  if (!r) continue;
  for (const mode of modesOf(v)) {
    test(`random vector [${mode}] ${v.name}`, async () => {
      const out = inMode(mode, () => r.f(...r.args()));
      await check(v, r, out);
    });
    test(`random vector [${mode}, jit] ${v.name}`, async () => {
      // A fresh jit per mode: the flag is read while tracing.
      const out = inMode(mode, () => jit(r.f)(...r.args()));
      await check(v, r, out);
    });
  }
}

// Recorded JAX outputs of the other samplers (jax-v0.3.25 testRandomDistributionValues; printed
// with 6 decimals, compared as JAX's test does).
const OTHER: Record<string, (k: DeviceArray) => DeviceArray> = {
  bernoulli: (k) => random.bernoulli(k, 0.5, [5]),
  cauchy: (k) => random.cauchy(k, [5], { dtype: "float32" }),
  exponential: (k) => random.exponential(k, [5]),
  gamma: (k) => random.gamma(k, 0.8, [5], { dtype: "float32" }),
  gumbel: (k) => random.gumbel(k, [5]),
  laplace: (k) => random.laplace(k, [5]),
  logistic: (k) => random.logistic(k, [5]),
  poisson: (k) => random.poisson(k, 5, [5], { dtype: "int32" }),
  truncated_normal: (k) => random.truncatedNormal(k, 0, 2, [5]),
  rademacher: (k) => random.rademacher(k, [5], { dtype: "int32" }),
};

for (const v of fixtures.other_distributions) {
  const f = OTHER[v.name];
  test(`random other distribution has a runner: ${v.name}`, () => {
    assert.ok(f, `no runner for ${v.name}`);
  });
  if (!f) continue;
  for (const mode of modesOf(v)) {
    for (const jitted of [false, true]) {
      test(`random distribution [${mode}${jitted ? ", jit" : ""}] ${v.name}`, async () => {
        const key = K(seedOf(v.call));
        const out = inMode(mode, () => (jitted ? jit(f) : f)(key));
        const got = await values(out);
        // cauchy's large values get JAX's rtol=1e-5; the rest its float32 default.
        assertClose(got, flat(v.expected), { rtol: 1e-5, atol: 2e-6 });
        assert.deepEqual(out.shape, [5]);
      });
    }
  }
}

// Partitionable-mode values computed by the reference (not from a JAX run: bits identical by
// construction of the counters, kept as regression values).
const PART: Record<string, (m: Mode) => DeviceArray> = {
  split_PRNGKey0_4: () => random.split(K(0), 4),
  split_PRNGKey42_2: () => random.split(K(42), 2),
  fold_in_PRNGKey72_0_1_2: () => jnp.stack([0, 1, 2].map((i) => random.foldIn(K(72), i))),
  split_PRNGKey72_3: () => random.split(K(72), 3),
  random_bits32_PRNGKey1701_3: () => random.bits(K(1701), [3]),
  normal_PRNGKey0_10: () => random.normal(K(0), [10]),
  randint_PRNGKey0_3x3_0_8: () => random.randint(K(0), [3, 3], 0, 8),
};

for (const [name, expected] of Object.entries(fixtures.partitionable_reference)) {
  test(`random partitionable reference ${name}`, async () => {
    const f = PART[name];
    assert.ok(f, `no runner for ${name}`);
    const out = inMode("partitionable", () => f("partitionable"));
    const got = await values(out);
    if (out.dtype === "float32") assertClose(got, flat(expected), { ulps: 2, rtol: 0, atol: 0 });
    else assertExact(got, flat(expected));
  });
}

// split(k, n)[i] == fold_in(k, i) in partitionable mode (jax HEAD test_threefry_split_fold_in).
test("random partitionable split equals fold_in", async () => {
  const [s, f] = inMode("partitionable", () => [
    random.split(K(72), 5),
    jnp.stack([0, 1, 2, 3, 4].map((i) => random.foldIn(K(72), i))),
  ]);
  assertExact(await values(s), await values(f));
});
