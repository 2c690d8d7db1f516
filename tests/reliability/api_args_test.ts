/**
 * Every exported function of jnp, lax, random, tree and the transformations, walked: JavaScript
 * silently drops arguments a function does not take and option keys it does not read, where
 * Python raises a TypeError (`jnp.add(x, y, z)` was x + y, `jnp.sum(x, { axes: 0 })` summed over
 * every axis). For each function the table holds a valid call, padded with `undefined` to every
 * parameter the function takes, and
 * - the call works;
 * - one more argument is a TypeError, unless the function is variadic (JAX's `*args`);
 * - when it takes an options object (JAX's keywords), an unknown key is a TypeError naming it.
 * A new export without a row fails the coverage test, so its arguments get decided too.
 * The forms accepted in JAX's positional style are covered in api_args_forms_test.ts.
 */

import {
  customJvp,
  customVjp,
  type DeviceArray,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jnp,
  jvp,
  lax,
  linearize,
  makeJaxpr,
  random,
  tree,
  valueAndGrad,
  vjp,
  vmap,
} from "../../mod.ts";
import { assert, test } from "../harness.ts";

interface Spec {
  /** A valid call's arguments, `undefined` for the optional ones up to the last. */
  args: () => unknown[];
  /** JAX's `*args`: any number of arguments is a valid call, so none is extra. */
  variadic?: boolean;
  /** The position of the options object (JAX's keyword arguments). */
  options?: number;
}

const U = undefined;
const F = () => jnp.array([[0.5, 1], [2, 3]]);
const I = () => jnp.array([[1, 2], [3, 4]]);
const B = () => jnp.array([[true, false], [false, true]]);
const K = () => random.PRNGKey(0);
const sq = (x: DeviceArray) => jnp.sum(jnp.square(x));
const s = (args: () => unknown[], more: Omit<Spec, "args"> = {}): Spec => ({ args, ...more });

const JNP: Record<string, Spec> = {
  arange: s(() => [0, 4, 1, U], { options: 3 }),
  allclose: s(() => [F(), F(), U, U, U], { options: 2 }),
  isclose: s(() => [F(), F(), U, U, U], { options: 2 }),
  arrayEqual: s(() => [F(), F(), U], { options: 2 }),
  array: s(() => [[1, 2], U], { options: 1 }),
  asarray: s(() => [[1, 2], U], { options: 1 }),
  atleast1d: s(() => [F()], { variadic: true }),
  atleast2d: s(() => [F()], { variadic: true }),
  broadcastArrays: s(() => [F(), F()], { variadic: true }),
  resultType: s(() => [F(), 1], { variadic: true }),
  einsum: s(() => ["ij->", F()], { variadic: true, options: 2 }),
  broadcastTo: s(() => [F(), [3, 2, 2]]),
  clip: s(() => [F(), 0, 1], { options: 1 }),
  columnStack: s(() => [[F(), F()]]),
  concatenate: s(() => [[F(), F()], {}], { options: 1 }),
  stack: s(() => [[F(), F()], {}], { options: 1 }),
  hstack: s(() => [[F(), F()], U], { options: 1 }),
  vstack: s(() => [[F(), F()], U], { options: 1 }),
  split: s(() => [F(), 2, {}], { options: 2 }),
  expandDims: s(() => [F(), 0], { options: 1 }),
  eye: s(() => [2, U, U, U], { options: 1 }),
  identity: s(() => [2, U], { options: 1 }),
  zeros: s(() => [[2], U], { options: 1 }),
  ones: s(() => [[2], U], { options: 1 }),
  full: s(() => [[2], 1, U], { options: 2 }),
  zerosLike: s(() => [F(), U, U], { options: 1 }),
  onesLike: s(() => [F(), U, U], { options: 1 }),
  fullLike: s(() => [F(), 1, U, U], { options: 2 }),
  linspace: s(() => [0, 1, 5, U, U, U, U], { options: 3 }),
  flip: s(() => [F(), {}], { options: 1 }),
  fliplr: s(() => [F()]),
  flipud: s(() => [F()]),
  getPrintoptions: s(() => []),
  setPrintoptions: s(() => [{}], { options: 0 }),
  moveaxis: s(() => [F(), 0, 1]),
  swapaxes: s(() => [F(), 0, 1]),
  ndim: s(() => [F()]),
  shape: s(() => [F()]),
  size: s(() => [F(), U]),
  ravel: s(() => [F(), U], { options: 1 }),
  reshape: s(() => [F(), [4], U], { options: 2 }),
  transpose: s(() => [F(), U]),
  repeat: s(() => [F(), 2, {}], { options: 2 }),
  roll: s(() => [F(), 1, {}], { options: 2 }),
  round: s(() => [F(), 0], { options: 1 }),
  around: s(() => [F(), 0], { options: 1 }),
  sort: s(() => [F(), {}], { options: 1 }),
  argsort: s(() => [F(), {}], { options: 1 }),
  squeeze: s(() => [jnp.ones([1, 2]), {}], { options: 1 }),
  take: s(() => [F(), jnp.array([0]), {}], { options: 2 }),
  takeAlongAxis: s(() => [F(), jnp.array([[0], [1]]), -1, {}], { options: 3 }),
  tensordot: s(() => [F(), F(), 1], { options: 2 }),
  tile: s(() => [F(), 2]),
  trace: s(() => [F(), {}], { options: 1 }),
  where: s(() => [B(), F(), F()], { options: 1 }),
  nonzero: s(() => [F(), U], { options: 1 }),
  flatnonzero: s(() => [F(), U], { options: 1 }),
  argwhere: s(() => [F(), U], { options: 1 }),
  power: s(() => [F(), F()]),
  pow: s(() => [F(), F()]),
};
for (
  const name of [
    "abs absolute arccos arccosh arcsin arcsinh arctan arctanh cbrt ceil cos cosh exp exp2",
    "expm1 floor isfinite isinf isnan log log10 log1p log2 logicalNot negative positive",
    "reciprocal sign sin sinh sqrt square tan tanh trunc",
  ].join(" ").split(" ")
) JNP[name] = s(() => [F()]);
for (const name of ["bitwiseNot", "invert"]) JNP[name] = s(() => [I()]);
for (
  const name of [
    "add arctan2 divide equal floorDivide fmax fmin fmod greater greaterEqual hypot less",
    "lessEqual logaddexp logicalAnd logicalOr logicalXor maximum minimum mod multiply notEqual",
    "remainder subtract trueDivide dot matmul vdot inner outer",
  ].join(" ").split(" ")
) JNP[name] = s(() => [F(), F()]);
for (const name of ["bitwiseAnd", "bitwiseOr", "bitwiseXor", "leftShift", "rightShift"]) {
  JNP[name] = s(() => [I(), I()]);
}
for (
  const name
    of "sum prod max min amax amin all any mean var std argmax argmin cumsum cumprod logsumexp"
      .split(" ")
) JNP[name] = s(() => [F(), { axis: 0 }], { options: 1 });

const dnums = [[[1], [0]], [[], []]] as const;
const gatherDnums = {
  offset_dims: [],
  collapsed_slice_dims: [0],
  start_index_map: [0],
  operand_batching_dims: [],
  start_indices_batching_dims: [],
};
const scatterDnums = {
  update_window_dims: [],
  inserted_window_dims: [0],
  scatter_dims_to_operand_dims: [0],
  operand_batching_dims: [],
  scatter_indices_batching_dims: [],
};
const u32 = (v: number) => jnp.array([v], "uint32");

const LAX: Record<string, Spec> = {
  argmax: s(() => [F(), 0, "int32"]),
  argmin: s(() => [F(), 0, "int32"]),
  associativeScan: s(() => [jnp.add, F(), U, U], { options: 2 }),
  bitcastConvertType: s(() => [F(), "int32"]),
  broadcast: s(() => [F(), [2]]),
  broadcastInDim: s(() => [F(), [2, 2, 2], [1, 2]]),
  broadcastedIota: s(() => ["int32", [2, 2], 0]),
  iota: s(() => ["int32", 3]),
  clamp: s(() => [0, F(), 1]),
  concatenate: s(() => [[F(), F()], 0]),
  cond: s(() => [true, (a: unknown) => a, (a: unknown) => a, F()], { variadic: true }),
  switch: s(() => [0, [(a: unknown) => a], F()], { variadic: true }),
  selectN: s(() => [B(), F(), F()], { variadic: true }),
  convertElementType: s(() => [F(), "int32", U]),
  dot: s(() => [F(), F(), U, U], { options: 2 }),
  dotGeneral: s(() => [F(), F(), dnums, U], { options: 3 }),
  dynamicSlice: s(() => [F(), [0, 0], [1, 1]]),
  dynamicUpdateSlice: s(() => [F(), jnp.ones([1, 1]), [0, 0]]),
  expandDims: s(() => [F(), [0]]),
  forILoop: s(() => [0, 2, (_: unknown, c: unknown) => c, F(), U], { options: 4 }),
  gather: s(() => [jnp.arange(3), jnp.array([[1]]), gatherDnums, [1], {}], { options: 4 }),
  scatterOp: s(
    () => ["scatter-add", jnp.zeros([3]), jnp.array([[1]]), jnp.ones([1]), scatterDnums, {}],
    { options: 5 },
  ),
  integerPow: s(() => [F(), 2]),
  operands: s(() => [[F()]]),
  pad: s(() => [F(), 0, [[0, 0, 0], [0, 0, 0]]]),
  reshape: s(() => [F(), [4], U]),
  rev: s(() => [F(), [0]]),
  round: s(() => [F(), 0]),
  scalar: s(() => [1, U]),
  scan: s(() => [(c: unknown, x: unknown) => [c, x], 0, F(), U, U, U], { options: 3 }),
  select: s(() => [B(), F(), F()]),
  slice: s(() => [F(), [0, 0], [1, 1], U]),
  sliceInDim: s(() => [F(), 0, 1, 1, 0]),
  sort: s(() => [F(), -1, true, 1]),
  squeeze: s(() => [jnp.ones([1, 2]), [0]]),
  threefry2x32: s(() => [u32(0), u32(0), u32(0), u32(0)]),
  transpose: s(() => [F(), [1, 0]]),
  whileLoop: s(() => [(c: DeviceArray) => lax.lt(c, 1), (c: DeviceArray) => lax.add(c, 1), 0]),
};
for (
  const name of [
    "abs acos acosh asin asinh atan atanh cbrt ceil cos cosh digamma erf erfInv erfc exp exp2",
    "expm1 floor isFinite lgamma log log1p logistic neg rsqrt sign sin sinh sqrt square tan tanh",
    "copy stopGradient",
  ].join(" ").split(" ")
) LAX[name] = s(() => [F()]);
for (const name of ["bitwiseNot", "clz", "populationCount"]) LAX[name] = s(() => [I()]);
for (const name of "add atan2 div eq ge gt le lt max min mul ne nextafter pow rem sub".split(" ")) {
  LAX[name] = s(() => [F(), F()]);
}
for (
  const name of "bitwiseAnd bitwiseOr bitwiseXor shiftLeft shiftRightArithmetic shiftRightLogical"
    .split(" ")
) LAX[name] = s(() => [I(), I()]);
for (const name of ["reduceSum", "reduceProd", "reduceMax", "reduceMin"]) {
  LAX[name] = s(() => [F(), [0]]);
}
for (const name of ["reduceAnd", "reduceOr", "reduceXor"]) LAX[name] = s(() => [B(), [0]]);
for (const name of ["cumsum", "cumprod", "cummax", "cummin", "cumlogsumexp"]) {
  LAX[name] = s(() => [F(), 0, false]);
}

const RANDOM: Record<string, Spec> = {
  PRNGKey: s(() => [0]),
  key: s(() => [0]),
  keyData: s(() => [K()]),
  wrapKeyData: s(() => [K()]),
  split: s(() => [K(), 2]),
  foldIn: s(() => [K(), 1]),
  randomBits: s(() => [K(), 32, [2]]),
  bits: s(() => [K(), [2], U], { options: 2 }),
  gumbel: s(() => [K(), [2], U, U], { options: 2 }),
  uniform: s(() => [K(), [2], U, U, U], { options: 2 }),
  truncatedNormal: s(() => [K(), -1, 1, [2], U], { options: 4 }),
  randint: s(() => [K(), [2], 0, 5, U], { options: 4 }),
  bernoulli: s(() => [K(), 0.5, [2], U], { options: 3 }),
  rademacher: s(() => [K(), [2], U], { options: 2 }),
  categorical: s(() => [K(), F(), U, U, U], { options: 2 }),
  choice: s(() => [K(), 3, [2], U, U, U], { options: 3 }),
  permutation: s(() => [K(), 3, U, U], { options: 2 }),
  shuffle: s(() => [K(), jnp.arange(3), 0]),
  gamma: s(() => [K(), 1, [2], U], { options: 3 }),
  loggamma: s(() => [K(), 1, [2], U], { options: 3 }),
  beta: s(() => [K(), 1, 1, [2], U], { options: 4 }),
  dirichlet: s(() => [K(), jnp.ones([2]), U, U], { options: 3 }),
  poisson: s(() => [K(), 1, [2], U], { options: 3 }),
  multivariateNormal: s(() => [K(), jnp.zeros([2]), jnp.eye(2), U, U, U], { options: 3 }),
};
for (const name of ["normal", "exponential", "cauchy", "laplace", "logistic"]) {
  RANDOM[name] = s(() => [K(), [2], U], { options: 2 });
}

const isAxis = (x: unknown) => x === null || typeof x === "number";
const TREE: Record<string, Spec> = {
  broadcastPrefix: s(() => [[0], [[1]], isAxis]),
  flatten: s(() => [{ a: 1 }, U], { options: 1 }),
  leaves: s(() => [{ a: 1 }, U], { options: 1 }),
  structure: s(() => [{ a: 1 }, U], { options: 1 }),
  isPlainObject: s(() => [{}]),
  map: s(() => [(v: unknown) => v, { a: 1 }], { variadic: true }),
  unflatten: s(() => [tree.structure([0]), [1]]),
};

const x2 = () => jnp.array([1, 2], "float32");
/** The transformations: calling them (not the functions they return) is what is checked. */
const TRANSFORMS: Record<string, [(...a: never[]) => unknown, Spec]> = {
  jit: [jit, s(() => [sq, {}], { options: 1 })],
  vmap: [vmap, s(() => [sq, U, U, U], { options: 1 })],
  grad: [grad, s(() => [sq, U, U], { options: 1 })],
  valueAndGrad: [valueAndGrad, s(() => [sq, U, U], { options: 1 })],
  jacfwd: [jacfwd, s(() => [sq, U], { options: 1 })],
  jacrev: [jacrev, s(() => [sq, U], { options: 1 })],
  hessian: [hessian, s(() => [sq, U], { options: 1 })],
  jvp: [jvp, s(() => [sq, [x2()], [x2()], U], { options: 3 })],
  vjp: [vjp, s(() => [sq, x2()], { variadic: true })],
  linearize: [linearize, s(() => [sq, x2()], { variadic: true })],
  makeJaxpr: [makeJaxpr, s(() => [sq, U], { options: 1 })],
  customJvp: [customJvp, s(() => [sq, U])],
  customVjp: [customVjp, s(() => [sq, U])],
};

type Fn = (...args: unknown[]) => unknown;
const isClass = (f: unknown) => /^class\b/.test(Function.prototype.toString.call(f));
const functionsOf = (ns: object) =>
  Object.entries(ns).filter(([, v]) => typeof v === "function" && !isClass(v)).map(([k]) => k);

const NAMESPACES: [string, object, Record<string, Spec>][] = [
  ["jnp", jnp, JNP],
  ["lax", lax, LAX],
  ["random", random, RANDOM],
  ["tree", tree, TREE],
];

for (const [prefix, ns, table] of NAMESPACES) {
  test(`api args: every function of ${prefix} has a row (and every row a function)`, () => {
    const exported = functionsOf(ns);
    const missing = exported.filter((n) => !(n in table));
    const stale = Object.keys(table).filter((n) => !exported.includes(n));
    assert.deepEqual(missing, [], `${prefix} functions without a row`);
    assert.deepEqual(stale, [], `${prefix} rows without a function`);
  });
}

/** What every row checks: the call works, one more argument and an unknown option do not. */
function checkRow(name: string, f: Fn, spec: Spec): void {
  f(...spec.args());
  if (!spec.variadic) {
    const extra = [...spec.args(), jnp.zeros([1])];
    assert.throws(() => f(...extra), TypeError, `${name} with ${extra.length} arguments`);
  }
  if (spec.options !== undefined) {
    const args = spec.args().slice(0, spec.options + 1);
    const given = args[spec.options];
    const base = typeof given === "object" && given !== null && !Array.isArray(given) &&
        Object.getPrototypeOf(given) === Object.prototype
      ? given
      : {};
    args[spec.options] = { ...base, bogusOption: 1 };
    assert.throws(
      () => f(...args),
      (e: Error) => e instanceof TypeError && e.message.includes("unexpected option 'bogusOption'"),
      `${name}: an unknown option`,
    );
  }
}

for (const [prefix, ns, table] of NAMESPACES) {
  for (const [name, spec] of Object.entries(table)) {
    test(`api args: ${prefix}.${name}`, () => {
      checkRow(`${prefix}.${name}`, (ns as Record<string, Fn>)[name], spec);
    });
  }
}

for (const [name, [f, spec]] of Object.entries(TRANSFORMS)) {
  test(`api args: ${name}`, () => checkRow(name, f as Fn, spec));
}

/** DeviceArray's methods: the arguments of a valid call (one more is a TypeError). */
const METHODS: Record<string, unknown[]> = {
  neg: [],
  abs: [],
  clip: [0, 1],
  reshape: [[4], {}],
  astype: ["int32", false],
};
for (const name of "add sub mul div pow mod floorDiv matmul dot lt le gt ge eq ne".split(" ")) {
  METHODS[name] = [F()];
}
for (
  const name of "sum prod mean max min all any var std argmax argmin cumsum cumprod sort argsort"
    .split(" ")
) METHODS[name] = [{ axis: 0 }];
for (const name of ["squeeze", "ravel", "flatten", "round"]) METHODS[name] = [U];

test("api args: DeviceArray methods reject an extra argument", () => {
  for (const [name, args] of Object.entries(METHODS)) {
    const x = F() as unknown as Record<string, Fn>;
    x[name](...args);
    assert.throws(() => x[name](...args, jnp.zeros([1])), TypeError, `x.${name}`);
  }
});

test("api args: Python's message for an extra argument; map's and reduce's pass", async () => {
  const x = jnp.array([1, 2]);
  assert.throws(() => (jnp.add as Fn)(x, x, x), {
    name: "TypeError",
    message: "jnp.add() takes 2 positional arguments but 3 were given",
  });
  assert.throws(() => (jnp.log as Fn)(x, 10), {
    message: "jnp.log() takes 1 positional argument but 2 were given",
  });
  assert.throws(() => (lax.max as Fn)(x, x, x), {
    message: "lax.max() takes 2 positional arguments but 3 were given",
  });
  // Array.prototype.map passes (value, index, array), reduce (acc, value, index, array).
  const xs = [jnp.array([1, 2]), jnp.array([3, 4]), jnp.array([5, 6])];
  assert.deepEqual(await xs.reduce(jnp.add).tolist(), [9, 12]);
  assert.deepEqual(await xs.map(jnp.negative)[2].tolist(), [-5, -6]);
  assert.deepEqual(await [jnp.eye(2), jnp.eye(2)].reduce(jnp.matmul).tolist(), [[1, 0], [0, 1]]);
});
