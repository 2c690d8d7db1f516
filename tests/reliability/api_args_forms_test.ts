/**
 * JAX's positional forms that used to be silently dropped or misread, and the clear errors for
 * the ones that stay ambiguous. Each `same` row computes a JAX-style call and the documented
 * options form (or known values) and compares them; each `error` row asserts the class and the
 * message. Every row failed before the argument checks (a wrong value or no error).
 */

import {
  customJvp,
  type DeviceArray,
  grad,
  jacfwd,
  jit,
  jnp,
  jvp,
  lax,
  makeJaxpr,
  NotImplementedError,
  random,
  timeit,
  tree,
  ValueError,
  vmap,
} from "../../mod.ts";
import { assert, test } from "../harness.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
const key = () => random.PRNGKey(0);
const x23 = () => jnp.arange(6).reshape([2, 3]);
const x22 = () => jnp.array([[1, 2], [3, 4]]);
const f23 = () => jnp.array([[0.25, 1.5, 2.75], [3, 4.5, 5]]);

/** Values of an array (or of several, in order) as nested JS lists, with dtype and shape. */
async function show(v: unknown): Promise<unknown> {
  if (Array.isArray(v)) return await Promise.all(v.map(show));
  const a = v as DeviceArray;
  return { dtype: a.dtype, shape: a.shape, values: await a.tolist() };
}

interface Same {
  what: string;
  /** The JAX-style call that used to be dropped or misread. */
  got: () => unknown;
  /** The documented form it must equal, or the values it must have. */
  want: () => unknown;
}

const SAME: Same[] = [
  // random: JAX's positional parameters after the required ones.
  {
    what: "random.uniform(key, shape, dtype, minval, maxval)",
    got: () => random.uniform(key(), [4], "float32", -1, 1),
    want: () => random.uniform(key(), [4], { minval: -1, maxval: 1 }),
  },
  {
    what: "random.categorical(key, logits, axis)",
    got: () => random.categorical(key(), f23(), 0),
    want: () => random.categorical(key(), f23(), { axis: 0 }),
  },
  {
    what: "random.categorical(key, logits, axis, shape, replace)",
    got: () => random.categorical(key(), jnp.zeros([5]), -1, [3], false),
    want: () => random.categorical(key(), jnp.zeros([5]), { shape: [3], replace: false }),
  },
  {
    what: "random.choice(key, a, shape, replace)",
    got: () => random.choice(key(), 5, [4], false),
    want: () => random.choice(key(), 5, [4], { replace: false }),
  },
  {
    what: "random.choice(key, a, shape, replace, p, axis)",
    got: () => random.choice(key(), x23(), [2], true, jnp.array([0.5, 0, 0.5]), 1),
    want: () =>
      random.choice(key(), x23(), [2], { replace: true, p: jnp.array([0.5, 0, 0.5]), axis: 1 }),
  },
  {
    what: "random.permutation(key, x, axis)",
    got: () => random.permutation(key(), x23(), 1),
    want: () => random.permutation(key(), x23(), { axis: 1 }),
  },
  {
    what: "random.permutation(key, x, axis, independent)",
    got: () => random.permutation(key(), x23(), 1, true),
    want: () => random.permutation(key(), x23(), { axis: 1, independent: true }),
  },
  {
    what: "random.bernoulli(key, p, shape, mode)",
    got: () => random.bernoulli(key(), 0.5, [4], "high"),
    want: () => random.bernoulli(key(), 0.5, [4], { mode: "high" }),
  },
  {
    what: "random.gumbel(key, shape, dtype, mode)",
    got: () => random.gumbel(key(), [3], null, "high"),
    want: () => random.gumbel(key(), [3], { mode: "high" }),
  },
  {
    what: "random.multivariateNormal(key, mean, cov, shape)",
    got: () => random.multivariateNormal(key(), jnp.zeros([2]), jnp.eye(2), [3]),
    want: () => random.multivariateNormal(key(), jnp.zeros([2]), jnp.eye(2), { shape: [3] }),
  },
  // jnp: JAX's positional-or-keyword parameters.
  {
    what: "jnp.linspace(start, stop, num, endpoint)",
    got: () => jnp.linspace(0, 1, 4, false),
    want: () => jnp.linspace(0, 1, 4, { endpoint: false }),
  },
  {
    what: "jnp.eye(N, M, k, dtype)",
    got: () => jnp.eye(2, 3, 1, "int32"),
    want: () => jnp.array([[0, 1, 0], [0, 0, 1]]),
  },
  {
    what: "jnp.round(x, { decimals }) (was NaN)",
    got: () => jnp.round(f23(), { decimals: 1 }),
    want: () => jnp.round(f23(), 1),
  },
  {
    what: "jnp.isclose(a, b, rtol, atol)",
    got: () => jnp.isclose(jnp.array([1, 2]), jnp.array([1.05, 2.5]), 0, 0.1),
    want: () => jnp.array([true, false]),
  },
  {
    what: "jnp.allclose(a, b, rtol)",
    got: () => jnp.allclose(jnp.array([1, 2], "float32"), jnp.array([1, 3], "float32"), 0.5),
    want: () => jnp.array(true),
  },
  {
    what: "jnp.arrayEqual(a, b, equalNan)",
    got: () => [jnp.arrayEqual([1, NaN], [1, NaN], true), jnp.arrayEqual([1, NaN], [1, NaN])],
    want: () => [jnp.array(true), jnp.array(false)],
  },
  {
    what: "jnp.clip(x, { min, max })",
    got: () => jnp.clip(x23(), { min: 1, max: 4 }),
    want: () => jnp.clip(x23(), 1, 4),
  },
  {
    what: "jnp.reshape(x, shape, order) and x.reshape(..., { order })",
    got: () => [jnp.reshape(x23(), [3, 2], "F"), x23().reshape([3, 2], { order: "F" })],
    want: () => [jnp.array([[0, 4], [3, 2], [1, 5]]), jnp.array([[0, 4], [3, 2], [1, 5]])],
  },
  {
    what: "jnp.ravel(x, order)",
    got: () => jnp.ravel(x23(), "F"),
    want: () => jnp.array([0, 3, 1, 4, 2, 5]),
  },
  {
    what: "x.reshape(3, 2) and x.transpose(1, 0) (numpy's separate arguments)",
    got: () => [x23().reshape(3, 2), x23().transpose(1, 0)],
    want: () => [x23().reshape([3, 2]), x23().transpose([1, 0])],
  },
  {
    what: "x.astype({ dtype })",
    got: () => x23().astype({ dtype: "float32" }),
    want: () => x23().astype("float32"),
  },
  {
    what: "jnp.zerosLike(x, dtype, shape) and jnp.onesLike(x, { shape })",
    got: () => [jnp.zerosLike(x23(), "float32", [2]), jnp.onesLike(x23(), { shape: [1, 2] })],
    want: () => [jnp.zeros([2]), jnp.ones([1, 2], "int32")],
  },
  {
    what: "jnp.concatenate and jnp.stack with { dtype }, jnp.hstack(xs, dtype)",
    got: () => [
      jnp.concatenate([[1], [2]], { dtype: "float32" }),
      jnp.stack([1, 2], { dtype: "float32" }),
      jnp.hstack([[1], [2]], "float32"),
    ],
    want: () => [
      jnp.array([1, 2], "float32"),
      jnp.array([1, 2], "float32"),
      jnp.array([1, 2], "float32"),
    ],
  },
  {
    what: "jnp.roll(x, [shifts], { axis: [axes] })",
    got: () => jnp.roll(x23(), [1, 1], { axis: [0, 1] }),
    want: () => jnp.array([[5, 3, 4], [2, 0, 1]]),
  },
  {
    what: "jnp.mean and jnp.var with an integer dtype compute in it, as JAX",
    got:
      () => [jnp.mean(jnp.array([1, 2]), { dtype: "int32" }), jnp.var(x23(), { dtype: "float32" })],
    want: () => [jnp.array(1), jnp.var(x23())],
  },
  {
    what: "JAX's keywords as options: jnp.tensordot, jnp.takeAlongAxis, jnp.expandDims",
    got: () => [
      jnp.tensordot(x23(), x23(), { axes: [[0], [0]] }),
      jnp.takeAlongAxis(x23(), jnp.array([[2], [0]]), { axis: 1 }),
      jnp.expandDims(x23(), { axis: 1 }),
    ],
    want: () => [
      jnp.tensordot(x23(), x23(), [[0], [0]]),
      jnp.array([[2], [3]]),
      jnp.expandDims(x23(), 1),
    ],
  },
  {
    what: "jnp.atleast1d(a, b) gives a list; jnp.einsum(..., { optimize })",
    got: () => [...jnp.atleast1d(1, [2, 3]), jnp.einsum("ij->", x23(), { optimize: "greedy" })],
    want: () => [jnp.array([1]), jnp.array([2, 3]), jnp.array(15)],
  },
  // Transformations: JAX's positional in_axes / argnums / static_argnums / has_aux.
  {
    what: "vmap(f, inAxes)",
    got: () => vmap(jnp.dot, [null, 0])(jnp.array([1, 1]), x23().T),
    want: () => vmap(jnp.dot, { inAxes: [null, 0] })(jnp.array([1, 1]), x23().T),
  },
  {
    what: "vmap(f, inAxes, outAxes)",
    got: () => vmap((c: DeviceArray) => jnp.multiply(c, jnp.array([1, 10])), 1, 1)(x22()),
    want: () => jnp.array([[1, 2], [30, 40]]),
  },
  {
    what: "grad(f, argnums) and grad(f, argnums, { hasAux })",
    got: () => [
      grad((a: DeviceArray, b: DeviceArray) => jnp.sum(jnp.multiply(a, b)), 1)(f23(), f23()),
      grad((a: DeviceArray) => [jnp.sum(a), a], 0, { hasAux: true })(f23())[0],
    ],
    want: () => [f23(), jnp.onesLike(f23())],
  },
  {
    what: "jacfwd(f, argnums)",
    got: () =>
      jacfwd((a: DeviceArray, b: DeviceArray) => jnp.multiply(a, b), 1)(
        jnp.array([2, 3], "float32"),
        jnp.ones([2]),
      ),
    want: () => jnp.array([[2, 0], [0, 3]], "float32"),
  },
  {
    what: "jvp(f, primals, tangents, hasAux)",
    got: () =>
      jvp((v: DeviceArray) => [jnp.sin(v), jnp.sum(v)], [jnp.zeros([2])], [jnp.ones([2])], true),
    want: () => [jnp.zeros([2]), jnp.ones([2]), jnp.array(0, "float32")],
  },
  // lax: JAX's positional parameters.
  {
    what: "lax.scan(f, init, null, length) and lax.scan(f, init, xs, null, reverse)",
    got: () => [
      lax.scan((c: DeviceArray) => [jnp.multiply(c, 2), c], jnp.array(1), null, 3)[1],
      lax.scan(
        (c: DeviceArray, x: DeviceArray) => [jnp.add(c, x), c],
        0,
        jnp.arange(3),
        null,
        true,
      )[1],
    ],
    want: () => [jnp.array([1, 2, 4]), jnp.array([3, 2, 0])],
  },
  {
    what: "lax.associativeScan(fn, elems, reverse)",
    got: () => lax.associativeScan(jnp.add, jnp.arange(4), true),
    want: () => lax.associativeScan(jnp.add, jnp.arange(4), { reverse: true }),
  },
  {
    what: "lax.sort(array) and lax.reshape(x, sizes, dimensions)",
    got: () => [lax.sort(jnp.array([3, 1, 2])), lax.reshape(x23(), [6], [1, 0])],
    want: () => [jnp.array([1, 2, 3]), jnp.array([0, 3, 1, 4, 2, 5])],
  },
  {
    what: "lax.dot(a, b, precision, preferredElementType)",
    got: () => lax.dot(jnp.array([1, 2]), jnp.array([3, 4]), null, "float32"),
    want: () => jnp.array(11, "float32"),
  },
  {
    what: "makeJaxpr(f, staticArgnums)",
    got: () => String(makeJaxpr((a: DeviceArray, n: number) => jnp.power(a, n), 1)(f23(), 2)),
    want: () =>
      String(
        makeJaxpr((a: DeviceArray, n: number) => jnp.power(a, n), { staticArgnums: 1 })(f23(), 2),
      ),
  },
  {
    what: "tree.leaves(x, isLeaf)",
    got: () => tree.leaves([[1, 2], [3]], (v) => Array.isArray(v) && v.length === 1),
    want: () => [1, 2, [3]],
  },
];

for (const row of SAME) {
  test(`api forms: ${row.what}`, async () => {
    const norm = async (v: unknown) => typeof v === "string" || !isArrayish(v) ? v : await show(v);
    assert.deepEqual(await norm(row.got()), await norm(row.want()));
  });
}

function isArrayish(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(isArrayish);
  return typeof v === "object" && v !== null && "dtype" in v;
}

interface Err {
  what: string;
  call: () => unknown;
  cls: abstract new (...args: never[]) => Error;
  msg: string;
}

const ERRORS: Err[] = [
  {
    what: "a misspelled option of jnp.sum",
    call: () => jnp.sum(x23(), { axes: 0 } as Any),
    cls: TypeError,
    msg: "jnp.sum got an unexpected option 'axes' (accepted: axis, keepdims, dtype)",
  },
  {
    what: "a misspelled option through the method",
    call: () => x23().mean({ axes: 0 } as Any),
    cls: TypeError,
    msg: "jnp.mean got an unexpected option 'axes'",
  },
  {
    what: "JAX's snake_case option name",
    call: () => jit((a: DeviceArray) => a, { static_argnums: 0 } as Any),
    cls: TypeError,
    msg: "jit got an unexpected option 'static_argnums' (did you mean 'staticArgnums'?)",
  },
  {
    what: "jnp.max has no dtype",
    call: () => jnp.max(x23(), { dtype: "float32" } as Any),
    cls: TypeError,
    msg: "jnp.max got an unexpected option 'dtype'",
  },
  {
    what: "a DeviceArray where the options go",
    call: () => jnp.sum(x23(), jnp.array(0) as Any),
    cls: TypeError,
    msg: "jnp.sum: the options argument must be an object",
  },
  {
    what: "jnp.take's axis positionally",
    call: () => jnp.take(x23(), jnp.array([0]), 1 as Any),
    cls: TypeError,
    msg: "(write jnp.take(x, indices, { axis: 1 }))",
  },
  {
    what: "jnp.split's axis positionally (was axis 0)",
    call: () => jnp.split(jnp.ones([2, 4]), 2, 1 as Any),
    cls: TypeError,
    msg: "(write jnp.split(x, indicesOrSections, { axis: 1 }))",
  },
  {
    what: "random.uniform's bounds in the dtype's place",
    call: () => random.uniform(key(), [2], -1 as Any, 1),
    cls: TypeError,
    msg: "random.uniform: the 3rd argument is JAX's dtype",
  },
  {
    what: "a misspelled random option",
    call: () => random.normal(key(), [2], { dtyp: "float32" } as Any),
    cls: TypeError,
    msg: "random.normal got an unexpected option 'dtyp' (accepted: dtype)",
  },
  {
    what: "an argument given positionally and as an option",
    call: () => random.categorical(key(), f23(), 0, { axis: 1 } as Any),
    cls: TypeError,
    msg: "random.categorical() got multiple values for argument 'axis'",
  },
  {
    what: "vmap's in_axes twice",
    call: () => vmap((a: DeviceArray) => a, 0, 0, { inAxes: 1 }),
    cls: TypeError,
    msg: "vmap() got multiple values for argument 'in_axes'",
  },
  {
    what: "jacfwd with a list of argnums (was the first one only)",
    call: () => jacfwd((a: DeviceArray) => a, { argnums: [0, 1] } as Any),
    cls: NotImplementedError,
    msg: "jacfwd with a list of argnums (a tuple of Jacobians) is not supported",
  },
  {
    what: "customJvp's nondiff_argnums (was ignored)",
    call: () => (customJvp as Any)((a: DeviceArray) => a, [1]),
    cls: NotImplementedError,
    msg: "customJvp: nondiff_argnums is not supported",
  },
  {
    what: "a dtype in linspace's endpoint place",
    call: () => jnp.linspace(0, 1, 5, "int32" as Any),
    cls: TypeError,
    msg: "jnp.linspace: endpoint must be a boolean",
  },
  {
    what: "jnp.reshape(x, 2, 3)",
    call: () => jnp.reshape(jnp.ones([6]), 2, 3 as Any),
    cls: TypeError,
    msg: "pass the new shape as one list: jnp.reshape(x, [2, 3])",
  },
  {
    what: "jnp.transpose(x, 1, 0)",
    call: () => (jnp.transpose as Any)(x23(), 1, 0),
    cls: TypeError,
    msg: "jnp.transpose: axes must be one list of axes, got 1, 0 (write jnp.transpose(x, [1, 0]))",
  },
  {
    what: "jnp.hstack(a, b)",
    call: () => jnp.hstack([1, 2], [3, 4] as Any),
    cls: TypeError,
    msg: "pass the arrays as one list: jnp.hstack([a, b])",
  },
  {
    what: "a misspelled lax.scan option",
    call: () =>
      lax.scan((c: unknown, x: unknown) => [c, x], 0, jnp.arange(3), { lenght: 3 } as Any),
    cls: TypeError,
    msg: "lax.scan got an unexpected option 'lenght' (accepted: length, reverse, unroll)",
  },
  {
    what: "a precision where lax.dotGeneral takes the preferred element type",
    call: () => lax.dotGeneral(x23(), x23(), [[[0], [0]], [[], []]], "highest" as Any),
    cls: TypeError,
    msg: "Unsupported dtype 'highest'",
  },
  {
    what: "a misspelled print option",
    call: () => jnp.setPrintoptions({ precison: 3 } as Any),
    cls: TypeError,
    msg: "jnp.setPrintoptions got an unexpected option 'precison'",
  },
  {
    what: "lax.whileLoop with a fourth argument",
    call: () => (lax.whileLoop as Any)(() => false, (c: unknown) => c, 0, 1),
    cls: TypeError,
    msg: "lax.whileLoop() takes 3 positional arguments but 4 were given",
  },
  {
    what: "jnp.roll with mismatched shifts and axes",
    call: () => jnp.roll(x23(), [1, 2, 3], { axis: [0, 1] }),
    cls: ValueError,
    msg: "shape mismatch: objects cannot be broadcast to a single shape",
  },
];

for (const row of ERRORS) {
  test(`api forms error: ${row.what}`, () => {
    assert.throws(row.call, (e: Error) => {
      assert.ok(e instanceof row.cls, `${row.what}: ${e?.constructor?.name}: ${e?.message}`);
      assert.ok(e.message.includes(row.msg), `${row.what}:\n  ${e.message}\nlacks\n  ${row.msg}`);
      return true;
    });
  });
}

test("api forms error: a misspelled timeit option (was timed with the default)", async () => {
  await assert.rejects(timeit(() => 1, { numbr: 10, quiet: true } as Any), {
    name: "TypeError",
    message: /^timeit got an unexpected option 'numbr' \(accepted: number, repeat,/,
  });
});
