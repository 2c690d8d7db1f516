/**
 * jnp's products (the numpy fixtures of the "linalg" group) and jnp.linalg: numpy's results on
 * well-conditioned matrices of sizes 1–64 and batches (tests/fixtures/jnp_linalg.json, written by
 * tools/fixtures/gen_linalg_fixtures.py), JAX's results on singular matrices, JAX's errors,
 * gradients against finite differences, vmap against a loop, and jit against eager. Everything
 * reads values with `await x.data()`, so the file runs on every backend.
 */

import {
  type DeviceArray,
  grad,
  jit,
  jnp,
  jvp,
  NotImplementedError,
  random,
  ValueError,
  vmap,
} from "../../mod.ts";
import { assert, assertClose, assertExact, assertThrows, readJson, test } from "../harness.ts";
import { checkArray, decodeArg, type FixtureCase, registerFixtures } from "./fixture_runner.ts";

await registerFixtures("linalg");

type Encoded = [string, number[], (number | string)[]];
const fixtures = (await readJson(new URL("../fixtures/jnp_linalg.json", import.meta.url))) as {
  arrays: Record<string, Encoded>;
  cases: FixtureCase[];
};

/** A fixture argument: `{ ref }` names a shared array of the file, the rest as the runner's. */
function arg(v: unknown): unknown {
  if (v !== null && typeof v === "object" && "ref" in v) {
    return decodeArg({ a: fixtures.arrays[(v as { ref: string }).ref] });
  }
  return decodeArg(v);
}

/** A shared fixture matrix ("general 16": numpy's well-conditioned 16×16). */
const matrix = (name: string) => arg({ ref: name }) as DeviceArray;

type AnyFn = (...args: unknown[]) => unknown;

function call(fn: string, args: unknown[]): unknown {
  const space = fn.startsWith("linalg.") ? jnp.linalg : jnp;
  const f = (space as unknown as Record<string, AnyFn>)[fn.replace("linalg.", "")];
  assert.equal(typeof f, "function", `no function ${fn}`);
  const r = f(...args);
  if (fn === "linalg.slogdet") {
    const { sign, logabsdet } = r as jnp.linalg.SlogdetResult;
    assert.deepEqual(Object.keys(r as object).sort(), ["logabsdet", "sign"]);
    return [sign, logabsdet];
  }
  return r;
}

for (const c of fixtures.cases) {
  test(`jnp.linalg numpy: ${c.name}`, async () => {
    const got = call(c.fn, c.args.map(arg));
    const e = c.expect;
    if ("outs" in e) {
      const list = got as DeviceArray[];
      for (let i = 0; i < e.outs.length; i++) {
        await checkArray(list[i], e.outs[i], c.tol, `result ${i}`);
      }
    } else if ("out" in e) await checkArray(got, e, c.tol);
  });
}

const values = async (x: DeviceArray) => Array.from(await x.data());
const K = (i: number) => random.PRNGKey(i);

// --------------------------------------------------------------------------- singular matrices

test("jnp.linalg singular: inv and solve give inf/NaN (no error), as JAX", async () => {
  for (
    const a of [[[1, 2], [2, 4]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[1, 2, 3], [4, 5, 6], [
      7,
      8,
      9,
    ]]]
  ) {
    const inv = await values(jnp.linalg.inv(a));
    assert.ok(inv.some((v) => !Number.isFinite(v)), `inv ${JSON.stringify(a)}: ${inv}`);
    const x = await values(jnp.linalg.solve(a, jnp.ones([a.length])));
    assert.ok(x.some((v) => !Number.isFinite(v)), `solve ${JSON.stringify(a)}: ${x}`);
  }
  // A zero pivot leaves the factors finite: det is exactly 0 through the LU path (n > 3).
  const s = jnp.array([[0, 1, 2, 3], [1, 0, 3, 2], [2, 3, 0, 1], [3, 2, 1, 0]]);
  assert.deepEqual(await values(jnp.linalg.det(s)), [0]);
  const { sign, logabsdet } = jnp.linalg.slogdet(s);
  assert.deepEqual([...await values(sign), ...await values(logabsdet)], [0, -Infinity]);
});

test("jnp.linalg singular: a batch keeps its regular matrices' results", async () => {
  const a = jnp.array([[[2, 0], [0, 4]], [[1, 2], [2, 4]]]);
  const inv = await values(jnp.linalg.inv(a));
  assertClose(inv.slice(0, 4), [0.5, 0, 0, 0.25]);
  assert.ok(inv.slice(4).some((v) => !Number.isFinite(v)));
});

// --------------------------------------------------------------------------- errors

test("jnp.linalg errors: non-square and low-rank inputs, with JAX's messages", () => {
  const m23 = jnp.ones([2, 3]), v3 = jnp.ones([3]);
  assertThrows(
    () => jnp.linalg.inv(m23),
    ValueError,
    "Argument to inv must have shape [..., n, n], got (2, 3).",
  );
  assertThrows(() => jnp.linalg.inv(v3), ValueError, "got (3,).");
  assertThrows(
    () => jnp.linalg.det(m23),
    ValueError,
    "Argument to _det() must have shape [..., n, n], got (2, 3)",
  );
  assertThrows(
    () => jnp.linalg.slogdet(v3),
    ValueError,
    "Argument to slogdet() must have shape [..., n, n], got (3,)",
  );
  assertThrows(
    () => jnp.linalg.cholesky(m23),
    ValueError,
    "The input to cholesky must be a square matrix. Got shape (2, 3).",
  );
  assertThrows(
    () => jnp.linalg.cholesky(v3),
    TypeError,
    "Input 0 to cholesky must have rank at least 2, but got shape=(3,)",
  );
  const ctx = (sig: string) =>
    `on vectorized function with excluded=frozenset() and signature=${sig}`;
  const vec = "'(m,m),(m)->(m)'", mat = "'(m,m),(m,n)->(m,n)'";
  assertThrows(
    () => jnp.linalg.solve(m23, v3),
    ValueError,
    `inconsistent size for core dimension 'm': 3 vs 2 ${ctx(vec)}`,
  );
  assertThrows(
    () => jnp.linalg.solve(v3, v3),
    ValueError,
    `input with shape (3,) does not have enough dimensions for all core dimensions ('m', 'm') ${
      ctx(vec)
    }`,
  );
  assertThrows(
    () => jnp.linalg.solve(jnp.eye(3), jnp.ones([2])),
    ValueError,
    `inconsistent size for core dimension 'm': 2 vs 3 ${ctx(vec)}`,
  );
  assertThrows(
    () => jnp.linalg.solve(jnp.eye(3), jnp.ones([2, 4])),
    ValueError,
    `inconsistent size for core dimension 'm': 2 vs 3 ${ctx(mat)}`,
  );
  assertThrows(
    () => jnp.linalg.solve(jnp.eye(3), 1),
    ValueError,
    `input with shape () does not have enough dimensions for all core dimensions ('m', 'n') ${
      ctx(mat)
    }`,
  );
  assertThrows(
    () => jnp.linalg.solve(jnp.ones([2, 3, 3]), jnp.ones([4, 3, 1])),
    ValueError,
    "Incompatible shapes for broadcasting: shapes=[(2,), (4,)]",
  );
});

test("jnp.linalg errors: norm orders and axes, slogdet methods, matrixPower, trace", () => {
  const v = jnp.ones([3]), m = jnp.ones([2, 2]);
  assertThrows(
    () => jnp.linalg.norm(v, { ord: "inf" as never }),
    ValueError,
    "Invalid order 'inf' for vector norm.Use 'jax.numpy.inf' instead.",
  );
  assertThrows(
    () => jnp.linalg.norm(v, { ord: "fro" }),
    ValueError,
    "Invalid order 'fro' for vector norm.",
  );
  assertThrows(
    () => jnp.linalg.norm(m, { ord: 3 }),
    ValueError,
    "Invalid order '3' for matrix norm.",
  );
  for (const ord of ["nuc", 2, -2] as const) {
    assertThrows(() => jnp.linalg.norm(m, { ord }), NotImplementedError, "jnp.linalg.svd");
  }
  assertThrows(
    () => jnp.linalg.norm(jnp.ones([2, 2, 2]), { ord: 1 }),
    ValueError,
    "Invalid axis values ((0, 1, 2)) for jnp.linalg.norm.",
  );
  assertThrows(
    () => jnp.linalg.norm(v, { axis: 1 }),
    ValueError,
    "axis 1 is out of bounds for array of dimension 1",
  );
  assertThrows(
    () => jnp.linalg.norm(v, { order: 2 } as never),
    TypeError,
    "jnp.linalg.norm got an unexpected option 'order' (accepted: ord, axis, keepdims)",
  );
  assertThrows(
    () => jnp.linalg.norm(v, 2, { ord: 1 }),
    TypeError,
    "jnp.linalg.norm() got multiple values for argument 'ord'",
  );
  assertThrows(
    () => jnp.linalg.cholesky(m, { lower: true } as never),
    TypeError,
    "jnp.linalg.cholesky got an unexpected option 'lower'",
  );
  assertThrows(
    () => (jnp.linalg.solve as (...a: unknown[]) => unknown)(m, v, 1),
    TypeError,
    "jnp.linalg.solve() takes 2 positional arguments but 3 were given",
  );
  assertThrows(
    () => jnp.linalg.slogdet(m, { method: "svd" as never }),
    ValueError,
    "Unknown slogdet method 'svd'. Supported methods are 'lu' (`None`), and 'qr'.",
  );
  assertThrows(() => jnp.linalg.slogdet(m, { method: "qr" }), NotImplementedError, "qr");
  assertThrows(
    () => jnp.linalg.matrixPower(v, 2),
    TypeError,
    "1-dimensional array given. Array must be at least two-dimensional",
  );
  assertThrows(
    () => jnp.linalg.matrixPower(jnp.ones([2, 3]), 2),
    TypeError,
    "Last 2 dimensions of the array must be square",
  );
  assertThrows(() => jnp.linalg.matrixPower(m, 1.5), TypeError, "exponent must be an integer");
  assertThrows(
    () => jnp.trace(m, { axis1: 1, axis2: -1 }),
    ValueError,
    "axis1 and axis2 can not be same. axis1=1 and axis2=-1",
  );
  assertThrows(() => jnp.trace(v), ValueError, "axis 1 is out of bounds for array of dimension 1");
});

// --------------------------------------------------------------------------- gradients

/**
 * Checks grad(f)(x) against central differences of the float32 f along random directions v:
 * <grad, v> ≈ (f(x + hv) - f(x - hv)) / 2h, relative to |grad|·|v| (float32 rounding over h and
 * the O(h²) term both stay far below `tol`). Forward mode (jvp) must agree as well.
 */
async function checkGrad(
  name: string,
  f: (x: DeviceArray) => DeviceArray,
  x: DeviceArray,
  { h = 1e-2, tol = 2e-3, seed = 0 } = {},
): Promise<void> {
  const g = grad(f)(x);
  const gv = await values(g);
  assert.ok(gv.every(Number.isFinite), `${name}: non-finite gradient ${gv}`);
  for (let s = 0; s < 2; s++) {
    const v = random.normal(K(100 + seed * 10 + s), x.shape);
    const [hi, lo] = [f(x.add(v.mul(h))), f(x.sub(v.mul(h)))];
    const fd = ((await values(hi))[0] - (await values(lo))[0]) / (2 * h);
    const dir = (await values(jnp.sum(g.mul(v))))[0];
    const forward = (await values(jvp(f, [x], [v])[1] as DeviceArray))[0];
    const scale = (await values(jnp.linalg.norm(g)))[0] * (await values(jnp.linalg.norm(v)))[0];
    assert.ok(
      Math.abs(dir - fd) <= tol * scale,
      `${name}: <grad, v> = ${dir}, finite difference ${fd} (scale ${scale})`,
    );
    assert.ok(
      Math.abs(dir - forward) <= 1e-4 * scale,
      `${name}: grad·v ${dir} != jvp ${forward}`,
    );
  }
}

test("jnp.linalg grad: det, slogdet, inv, solve against finite differences", async () => {
  for (const n of [1, 2, 3, 5, 16]) {
    const a = matrix(`general ${n}`);
    const w = random.normal(K(n), [n, n]);
    const b = random.normal(K(n + 50), [n]);
    await checkGrad(`det ${n}`, (x) => jnp.linalg.det(x), a, { seed: n });
    await checkGrad(`logabsdet ${n}`, (x) => jnp.linalg.slogdet(x).logabsdet, a, { seed: n });
    await checkGrad(`inv ${n}`, (x) => jnp.sum(jnp.linalg.inv(x).mul(w)), a, { seed: n });
    await checkGrad(`solve/a ${n}`, (x) => jnp.sum(jnp.linalg.solve(x, b).mul(b)), a, { seed: n });
    await checkGrad(`solve/b ${n}`, (y) => jnp.sum(jnp.linalg.solve(a, y).mul(b)), b, { seed: n });
  }
});

test("jnp.linalg grad: d(inv) is -inv·dA·inv (JAX's rule)", async () => {
  const a = matrix("general 5"), da = random.normal(K(7), [5, 5]);
  const [, tangent] = jvp((x: DeviceArray) => jnp.linalg.inv(x), [a], [da]);
  const ai = jnp.linalg.inv(a);
  const want = jnp.matmul(jnp.matmul(ai, da), ai).mul(-1);
  assertClose(await values(tangent as DeviceArray), await values(want), { rtol: 1e-4, atol: 1e-5 });
});

test("jnp.linalg grad: det at singular matrices is finite (the adjugate), as JAX's", async () => {
  // Rank n-1 through the LU path (n = 4) and the closed form (n = 3).
  const s4 = jnp.array([[1, 2, 3, 4], [2, 4, 6, 8], [1, 0, 1, 0], [0, 1, 0, 3]], {
    dtype: "float32",
  });
  const s3 = jnp.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]], { dtype: "float32" });
  for (const [name, s] of [["4x4", s4], ["3x3", s3]] as const) {
    await checkGrad(`det singular ${name}`, (x) => jnp.linalg.det(x), s, { h: 1e-3 });
  }
  // Rank n-2: the adjugate is 0.
  const g = await values(grad((x: DeviceArray) => jnp.linalg.det(x))(jnp.zeros([4, 4])));
  assertExact(g.map(Math.abs), new Array(16).fill(0));
});

test("jnp.linalg grad: cholesky and norm against finite differences", async () => {
  for (const n of [1, 2, 5, 16]) {
    const a = matrix(`general ${n}`);
    const spd = jnp.matmul(a, a.T).add(jnp.eye(n));
    const w = random.normal(K(n), [n, n]);
    await checkGrad(`cholesky ${n}`, (x) => jnp.sum(jnp.linalg.cholesky(x).mul(w)), spd);
  }
  // Entries kept away from 0, where |x| has its kink (the difference steps are ~0.03).
  const m0 = matrix("general 5"), m = m0.add(jnp.sign(m0).mul(0.5));
  // (Orders other than 0, ±1, 2, ±inf go through lax.pow, whose derivative does not take
  // arrays yet: the pow_p JVP selects between a scalar and an array.)
  for (
    const opts of [{}, { ord: 1, axis: 0 }, { ord: jnp.inf, axis: 1 }, { ord: "fro" as const }]
  ) {
    await checkGrad(`norm ${JSON.stringify(opts)}`, (x) => jnp.sum(jnp.linalg.norm(x, opts)), m);
  }
});

// --------------------------------------------------------------------------- vmap, jit

/** The functions under test, as functions of (matrix, vector). */
const FUNS: Record<string, (a: DeviceArray, b: DeviceArray) => unknown> = {
  solve: (a, b) => jnp.linalg.solve(a, b),
  inv: (a) => jnp.linalg.inv(a),
  det: (a) => jnp.linalg.det(a),
  slogdet: (a) => jnp.linalg.slogdet(a),
  cholesky: (a) => jnp.linalg.cholesky(jnp.matmul(a, a.T)),
  norm: (a) => jnp.linalg.norm(a, { ord: 1 }),
  matrixPower: (a) => jnp.linalg.matrixPower(a, -2),
  trace: (a) => jnp.linalg.trace(a),
  gradDet: (a) => grad((x: DeviceArray) => jnp.linalg.det(x))(a),
};

/** The values of a result (an array, or slogdet's object in key order). */
async function flat(r: unknown): Promise<number[]> {
  if (r && typeof r === "object" && "sign" in r) {
    const { sign, logabsdet } = r as jnp.linalg.SlogdetResult;
    return [...await values(sign), ...await values(logabsdet)];
  }
  return values(r as DeviceArray);
}

for (const n of [1, 3, 5, 16]) {
  test(`jnp.linalg vmap over 4 matrices of ${n}x${n} equals a loop, and the batched call`, async () => {
    const as = random.normal(K(n), [4, n, n]).add(jnp.eye(n).mul(n));
    const bs = random.normal(K(n + 1), [4, n]);
    for (const [name, f] of Object.entries(FUNS)) {
      const batched = vmap(f)(as, bs);
      const loop: number[][] = [];
      for (let i = 0; i < 4; i++) loop.push(await flat(f(as.get(i), bs.get(i))));
      const got = await flat(batched);
      // slogdet's object is batched field by field: sign of all four, then logabsdet.
      const want = name === "slogdet"
        ? [...loop.map((l) => l[0]), ...loop.map((l) => l[1])]
        : loop.flat();
      assertClose(got, want, { rtol: 2e-6, atol: 1e-6, ulps: 4 });
    }
    // Leading axes are batch axes without vmap too.
    assertClose(
      await values(jnp.linalg.inv(as)),
      await values(vmap((a: DeviceArray) => jnp.linalg.inv(a))(as)),
      { rtol: 0, atol: 0, ulps: 0 },
    );
    // vmap over b alone (inAxes), the matrix shared.
    const shared = vmap((b: DeviceArray) => jnp.linalg.solve(as.get(0), b))(bs);
    assertClose(await values(shared), await values(jnp.linalg.solve(as.get(0), bs.T).T), {
      rtol: 2e-6,
      atol: 1e-6,
    });
  });

  test(`jnp.linalg jit equals eager, ${n}x${n}`, async () => {
    const a = random.normal(K(n + 2), [n, n]).add(jnp.eye(n).mul(n));
    const b = random.normal(K(n + 3), [n]);
    for (const [name, f] of Object.entries(FUNS)) {
      const eager = await flat(f(a, b));
      const jitted = await flat(jit(f)(a, b));
      assert.equal(jitted.length, eager.length, name);
      assertClose(jitted, eager, { rtol: 0, atol: 0, ulps: 2 });
    }
  });
}

test("jnp.linalg.norm: JAX's positional ord, axis, keepdims equal the options form", async () => {
  const x = matrix("general 5");
  const pairs: [DeviceArray, DeviceArray][] = [
    [jnp.linalg.norm(x, 2, 1), jnp.linalg.norm(x, { ord: 2, axis: 1 })],
    [jnp.linalg.norm(x, null, [0, 1], true), jnp.linalg.norm(x, { axis: [0, 1], keepdims: true })],
    [
      jnp.linalg.norm(x, jnp.inf, null, { keepdims: true }),
      jnp.linalg.norm(x, { ord: jnp.inf, keepdims: true }),
    ],
  ];
  for (const [a, b] of pairs) {
    assert.deepEqual(a.shape, b.shape);
    assertExact(await values(a), await values(b));
  }
  // Array.prototype.map's (value, index, array) reach det and inv as they reach jnp's functions.
  const dets = [jnp.eye(2), jnp.eye(3).mul(2)].map(jnp.linalg.det);
  assert.deepEqual([...await values(dets[0]), ...await values(dets[1])], [1, 8]);
});

test("jnp.linalg: 0×0 matrices and empty batches", async () => {
  assert.deepEqual(jnp.linalg.solve(jnp.zeros([0, 0]), jnp.zeros([0, 3])).shape, [0, 3]);
  assert.deepEqual(jnp.linalg.cholesky(jnp.zeros([2, 0, 0])).shape, [2, 0, 0]);
  assert.deepEqual(jnp.linalg.inv(jnp.zeros([0, 3, 3])).shape, [0, 3, 3]);
  assert.deepEqual(await values(jnp.linalg.det(jnp.zeros([0, 4, 4]))), []);
  assert.deepEqual(jnp.linalg.slogdet(jnp.zeros([0, 5, 5])).sign.shape, [0]);
});
