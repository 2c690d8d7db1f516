/**
 * Bad input, table-driven: wrong shapes, dtypes, axes, non-array arguments, ragged lists,
 * in/out axes mismatches, unhashable static arguments, grad of non-scalar outputs, keys of the
 * wrong shape, reads of deleted arrays. Each row asserts the error class and message (JAX's text
 * where JAX has one) and that the next valid call still works.
 */

import {
  type DeviceArray,
  grad,
  IndexError,
  jit,
  jnp,
  jvp,
  lax,
  OverflowError,
  random,
  ValueError,
  vjp,
  vmap,
} from "../../mod.ts";
import { AxisError } from "../../src/shape.ts";
import { assert, test } from "../harness.ts";

type ErrorClass = abstract new (...args: never[]) => Error;

interface Row {
  /** What is wrong with the call. */
  what: string;
  call: () => unknown;
  cls: ErrorClass;
  /** A substring of the message (or a pattern). */
  msg: string | RegExp;
}

const x3 = () => jnp.ones([3]);
const id = (a: DeviceArray) => a;
// deno-lint-ignore no-explicit-any
type Any = any;

const ROWS: Row[] = [
  // Shapes ---------------------------------------------------------------------------------
  {
    what: "jnp.dot of (64,100) and (16,100)",
    call: () => jnp.dot(jnp.ones([64, 100]), jnp.ones([16, 100])),
    cls: TypeError,
    msg:
      "dot_general requires contracting dimensions to have the same shape, got (100,) and (16,).",
  },
  {
    what: "jnp.matmul of (3,) and (4,)",
    call: () => jnp.matmul(jnp.ones([3]), jnp.ones([4])),
    cls: TypeError,
    msg: "dot_general requires contracting dimensions to have the same shape, got (3,) and (4,).",
  },
  {
    what: "jnp.add of non-broadcastable shapes",
    call: () => jnp.add(jnp.ones([3]), jnp.ones([4])),
    cls: TypeError,
    msg: "add got incompatible shapes for broadcasting: (3,), (4,).",
  },
  {
    what: "jnp.where of non-broadcastable shapes",
    call: () => jnp.where(jnp.ones([3]), jnp.ones([4]), 0),
    cls: ValueError,
    msg: "Incompatible shapes for broadcasting: shapes=[(3,), (4,), ()]",
  },
  {
    what: "jnp.broadcastTo a smaller shape",
    call: () => jnp.broadcastTo(jnp.ones([3]), [4]),
    cls: ValueError,
    msg: "Incompatible shapes for broadcasting",
  },
  {
    what: "reshape to the wrong size",
    call: () => jnp.reshape(jnp.ones([6]), [4, 2]),
    cls: TypeError,
    msg: "cannot reshape array of shape (6,) (size 6) into shape (4, 2) (size 8)",
  },
  {
    what: "reshape with two -1",
    call: () => jnp.reshape(jnp.ones([6]), [-1, -1]),
    cls: TypeError,
    msg: "can only specify one unknown axis size with a `-1` value, got (-1, -1)",
  },
  {
    what: "reshape with NaN in the shape",
    call: () => jnp.reshape(jnp.ones([6]), [NaN]),
    cls: TypeError,
    msg: "Shapes must be 1D sequences of integer scalars, got (NaN,)",
  },
  {
    what: "reshape with undefined shape",
    call: () => jnp.reshape(jnp.ones([6]), undefined as Any),
    cls: TypeError,
    msg: "Shapes must be 1D sequences of integer scalars, got undefined",
  },
  {
    what: "concatenate with mismatched shapes",
    call: () => jnp.concatenate([jnp.ones([2, 3]), jnp.ones([2, 4])]),
    cls: TypeError,
    msg:
      "Cannot concatenate arrays with shapes that differ in dimensions other than the one being " +
      "concatenated",
  },
  {
    what: "concatenate of nothing",
    call: () => jnp.concatenate([]),
    cls: ValueError,
    msg: "Need at least one array to concatenate.",
  },
  {
    what: "concatenate of 0-d arrays",
    call: () => jnp.concatenate([jnp.ones([]), jnp.ones([])]),
    cls: ValueError,
    msg: "Zero-dimensional arrays cannot be concatenated.",
  },
  {
    what: "concatenate of an array instead of a list",
    call: () => jnp.concatenate(jnp.ones([3]) as Any),
    cls: TypeError,
    msg: "jnp.concatenate expects a list of arrays",
  },
  {
    what: "stack of different shapes",
    call: () => jnp.stack([jnp.ones([2]), jnp.ones([3])]),
    cls: ValueError,
    msg: "All input arrays must have the same shape.",
  },
  {
    what: "split into unequal parts",
    call: () => jnp.split(jnp.ones([5]), 2),
    cls: ValueError,
    msg: "array split does not result in an equal division",
  },
  {
    what: "tile with negative reps",
    call: () => jnp.tile(jnp.ones([5]), -1),
    cls: ValueError,
    msg: "negative dimensions are not allowed",
  },
  {
    what: "einsum with a size mismatch",
    call: () => jnp.einsum("ij,jk->ik", jnp.ones([2, 3]), jnp.ones([4, 2])),
    cls: ValueError,
    msg: "Size of label 'j' for operand 1 (4) does not match previous terms (3).",
  },
  {
    what: "lax.add of different ranks",
    call: () => lax.add(jnp.ones([3]), jnp.ones([1, 3])),
    cls: TypeError,
    msg: "add: arrays must have the same number of dimensions, got {1, 2}",
  },
  {
    what: "lax.slice beyond the operand",
    call: () => lax.slice(jnp.ones([3]), [0], [5]),
    cls: TypeError,
    msg: "slice indices must satisfy 0 <= start <= limit <= shape",
  },
  {
    what: "lax.sort of no operands",
    call: () => lax.sort([]),
    cls: TypeError,
    msg: "Sort requires at least one operand",
  },
  // Creation and shapes given by the user -----------------------------------------------------
  {
    what: "NaN as a shape",
    call: () => jnp.zeros([NaN]),
    cls: TypeError,
    msg: "shape must contain only integers, got [NaN] (entry NaN)",
  },
  {
    what: "a string as a shape",
    call: () => jnp.zeros("3" as Any),
    cls: TypeError,
    msg: 'shape must be a list of non-negative integers, got "3"',
  },
  {
    what: "undefined as a shape",
    call: () => jnp.ones(undefined as Any),
    cls: TypeError,
    msg: "shape must be a list of non-negative integers, got undefined",
  },
  {
    what: "a negative dimension",
    call: () => jnp.ones([2, -1]),
    cls: ValueError,
    msg: "shape must contain only non-negative integers, got (2, -1)",
  },
  {
    what: "a fractional dimension",
    call: () => jnp.zeros([2.5]),
    cls: TypeError,
    msg: "shape must contain only integers, got [2.5] (entry 2.5)",
  },
  {
    what: "lax.iota of a negative size",
    call: () => lax.iota("int32", -1),
    cls: ValueError,
    msg: "iota shape must contain only non-negative integers, got (-1,)",
  },
  {
    what: "arange with NaN",
    call: () => jnp.arange(NaN),
    cls: TypeError,
    msg: "jnp.arange requires concrete numbers for start, stop and step, got NaN",
  },
  {
    what: "linspace with a negative count",
    call: () => jnp.linspace(0, 1, -1),
    cls: ValueError,
    msg: "Number of samples, -1, must be non-negative.",
  },
  {
    what: "an array far beyond memory",
    call: () => jnp.arange(0, 1e12),
    cls: RangeError,
    msg: "RESOURCE_EXHAUSTED: Out of memory while trying to allocate 4000000000000 bytes",
  },
  // dtypes ---------------------------------------------------------------------------------
  {
    what: "an unsupported dtype name",
    call: () => jnp.zeros([2], { dtype: "int8" }),
    cls: TypeError,
    msg: `Unsupported dtype 'int8': jaxscript supports "float32", "int32", "uint32" and "bool".`,
  },
  {
    what: "an unsupported positional dtype name",
    call: () => jnp.ones([2], "int16"),
    cls: TypeError,
    msg: `Unsupported dtype 'int16': jaxscript supports "float32", "int32", "uint32" and "bool".`,
  },
  {
    what: "a number where a dtype goes",
    call: () => jnp.zeros([2], 3 as Any),
    cls: TypeError,
    msg:
      'zeros: expected a dtype ("int32", jnp.float32) or options such as { dtype: "int32" }, got 3',
  },
  {
    what: "jnp.where with x but not y",
    call: () => jnp.where(jnp.ones([2]), 1, undefined as Any),
    cls: ValueError,
    msg: "Either both or neither of the x and y arguments should be provided to jax.numpy.where, " +
      "got 1 and None.",
  },
  {
    what: "jnp.where with the condition only (jnp.nonzero's form) of a 0-d array",
    call: () => jnp.where(jnp.ones([])),
    cls: ValueError,
    msg: "Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero() " +
      "instead.",
  },
  {
    what: "astype(undefined)",
    call: () => x3().astype(undefined as Any),
    cls: TypeError,
    msg: "Unsupported dtype undefined",
  },
  {
    what: "lax.add of float32 and int32",
    call: () => lax.add(jnp.ones([3]), jnp.ones([3], { dtype: "int32" })),
    cls: TypeError,
    msg:
      "lax.add requires arguments to have the same dtypes, got float32, int32. (Tip: jnp.add is " +
      "a similar function that does automatic type promotion on inputs).",
  },
  {
    what: "bitwise and of floats",
    call: () => jnp.bitwiseAnd(jnp.ones([3]), jnp.ones([3])),
    cls: TypeError,
    msg: "and does not accept dtype float32 at position 0. Accepted dtypes at position 0 are " +
      "subtypes of integer, bool_.",
  },
  {
    what: "an int too large for int32",
    call: () => jnp.array([2 ** 40]),
    cls: OverflowError,
    msg: "Python int 1099511627776 too large to convert to int32",
  },
  {
    what: "a negative int meeting uint32",
    call: () => jnp.add(jnp.ones([2], { dtype: "uint32" }), -1),
    cls: OverflowError,
    msg: "Python int -1 too large to convert to uint32",
  },
  {
    what: "integer to a negative integer power",
    call: () => jnp.power(jnp.arange(3), -1),
    cls: TypeError,
    msg: "Integers cannot be raised to negative integer powers.",
  },
  {
    what: "boolean subtract",
    call: () => jnp.subtract(jnp.array([true]), jnp.array([false])),
    cls: TypeError,
    msg: "numpy boolean subtract, the `-` operator, is not supported",
  },
  // Axes -----------------------------------------------------------------------------------
  {
    what: "sum over an axis out of range",
    call: () => jnp.sum(jnp.ones([2, 3]), { axis: 3 }),
    cls: AxisError,
    msg: "axis 3 is out of bounds for array of dimension 2",
  },
  {
    what: "a fractional axis",
    call: () => jnp.sum(jnp.ones([2, 3]), { axis: 1.5 }),
    cls: TypeError,
    msg: "axis must be an integer, got 1.5",
  },
  {
    what: "a repeated axis",
    call: () => jnp.mean(jnp.ones([2, 3]), { axis: [0, -2] }),
    cls: ValueError,
    msg: "repeated axis",
  },
  {
    what: "an axis given as a bare number (options object expected)",
    call: () => jnp.sum(jnp.ones([2, 3]), 1 as Any),
    cls: TypeError,
    msg: "jnp.sum: the options argument must be an object such as { axis: 1 }, got 1",
  },
  {
    what: "cumsum with a bare axis number",
    call: () => jnp.cumsum(jnp.ones([2, 3]), 1 as Any),
    cls: TypeError,
    msg: "jnp.cumsum: the options argument must be an object",
  },
  {
    what: "concatenate with a bare axis number",
    call: () => jnp.concatenate([x3(), x3()], 0 as Any),
    cls: TypeError,
    msg: "jnp.concatenate: the options argument must be an object",
  },
  {
    what: "transpose with repeated axes",
    call: () => jnp.transpose(jnp.ones([2, 3]), [0, 0]),
    cls: ValueError,
    msg: "axes don't match array",
  },
  {
    what: "squeeze of an axis of size 3",
    call: () => jnp.squeeze(jnp.ones([2, 3]), { axis: 1 }),
    cls: ValueError,
    msg: "cannot select an axis to squeeze out which has size not equal to one",
  },
  {
    what: "expandDims beyond the rank",
    call: () => jnp.expandDims(jnp.ones([2, 3]), 5),
    cls: AxisError,
    msg: "axis 5 is out of bounds for array of dimension 3",
  },
  {
    what: "argmax of an empty array",
    call: () => jnp.argmax(jnp.ones([0])),
    cls: ValueError,
    msg: "attempt to get argmax of an empty sequence",
  },
  {
    what: "max of an empty array",
    call: () => jnp.max(jnp.ones([0])),
    cls: ValueError,
    msg: "zero-size array to reduction operation max which has no identity",
  },
  // Non-array arguments and ragged lists ------------------------------------------------------
  {
    what: "a string where an array goes",
    call: () => jnp.add("a" as Any, 1),
    cls: TypeError,
    msg: '"a" is not a valid array element',
  },
  {
    what: "an object where an array goes",
    call: () => jnp.sin({} as Any),
    cls: TypeError,
    msg: "asarray: expected ArrayLike, got <object>.",
  },
  {
    what: "undefined where an array goes",
    call: () => jnp.array(undefined as Any),
    cls: TypeError,
    msg: "asarray: expected ArrayLike, got undefined.",
  },
  {
    what: "a function where an array goes",
    call: () => jnp.asarray((() => 1) as Any),
    cls: TypeError,
    msg: "asarray: expected ArrayLike, got <function anonymous>.",
  },
  {
    what: "a ragged nested list",
    call: () => jnp.array([[1, 2], [3]]),
    cls: ValueError,
    msg: "setting an array element with a sequence. The requested array has an inhomogeneous " +
      "shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part.",
  },
  {
    what: "a list mixing numbers and lists",
    call: () => jnp.array([1, [2]] as Any),
    cls: ValueError,
    msg: "inhomogeneous shape after 1 dimensions",
  },
  {
    what: "a list of arrays of different shapes",
    call: () => jnp.array([jnp.ones([2]), jnp.ones([3])] as Any),
    cls: ValueError,
    msg: "setting an array element with a sequence",
  },
  // Indexing -------------------------------------------------------------------------------
  {
    what: "an integer index out of range",
    call: () => x3().get(5),
    cls: IndexError,
    msg: "index 5 is out of bounds for axis 0 with size 3",
  },
  {
    what: "too many indices",
    call: () => x3().get(0, 0),
    cls: IndexError,
    msg:
      /^Too many indices: (array is 1-dimensional, but 2 were indexed|1-dimensional array indexed with 2 regular indices\.)/,
  },
  {
    what: "a float array as an index",
    call: () => x3().get(jnp.array([0.5])),
    cls: TypeError,
    msg: "Indexer must have integer or boolean type, got indexer with type float32",
  },
  {
    what: "a slice with step 0",
    call: () => x3().get("1:2:0"),
    cls: IndexError,
    msg: "slice step cannot be zero",
  },
  {
    what: "two ellipses",
    call: () => x3().get("...", "..."),
    cls: IndexError,
    msg: "an index can only have a single ellipsis ('...')",
  },
  // Transformations ------------------------------------------------------------------------
  {
    what: "jit of a non-function",
    call: () => jit(3 as Any),
    cls: TypeError,
    msg: "Expected a callable value, got 3",
  },
  {
    what: "vmap of a non-function",
    call: () => vmap("f" as Any),
    cls: TypeError,
    msg: 'Expected a callable value, got "f"',
  },
  {
    what: "grad of a non-function",
    call: () => grad(undefined as Any),
    cls: TypeError,
    msg: "Expected a callable value, got undefined",
  },
  {
    what: "jit called with a string argument",
    call: () => jit(id)("abc" as Any),
    cls: TypeError,
    msg: 'The problematic value is "abc" of type string. This typically means that a jit-wrapped ' +
      "function was called with a non-array argument",
  },
  {
    what: "jit with an array as a static argument",
    call: () => jit((a: DeviceArray, _b: unknown) => a, { staticArgnums: 1 })(x3(), x3()),
    cls: ValueError,
    msg: "Non-hashable static arguments are not supported, as this can lead to unexpected " +
      "cache-misses. Static argument (index 1) of type DeviceArray for function <anonymous> is " +
      "non-hashable.",
  },
  {
    what: "jit with a self-containing static argument",
    call: () => {
      const o: Record<string, unknown> = {};
      o.self = o;
      return jit((a: DeviceArray, _b: unknown) => a, { staticArgnums: 1 })(x3(), o);
    },
    cls: ValueError,
    msg: "Non-hashable static arguments are not supported",
  },
  {
    what: "jit with an unknown static argname",
    call: () => jit((a: DeviceArray) => a, { staticArgnames: "zz" }),
    cls: ValueError,
    msg: "jitted function has static_argnames=['zz'], but <anonymous> has no argument named 'zz'",
  },
  {
    what: "a traced value in a JS comparison under jit",
    call: () => jit((a: DeviceArray) => ((a.sum() as Any) > 0 ? a : a))(x3()),
    cls: TypeError,
    msg: "Abstract tracer value encountered where concrete value is expected",
  },
  {
    what: "vmap with inconsistent axis sizes",
    call: () =>
      vmap((a: DeviceArray, b: DeviceArray) => jnp.add(a, b))(jnp.ones([3]), jnp.ones([4])),
    cls: ValueError,
    msg:
      "vmap got inconsistent sizes for array axes to be mapped:\n  * one axis had size 3: axis 0 " +
      "of argument a of type float32[3];\n  * one axis had size 4: axis 0 of argument b of type " +
      "float32[4]",
  },
  {
    what: "vmap in_axes longer than the arguments",
    call: () => vmap(id, { inAxes: [0, 0] })(x3()),
    cls: ValueError,
    msg:
      "vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional " +
      "arguments passed to the function, but got len(in_axes)=2, len(args)=1.",
  },
  {
    what: "vmap in_axes beyond the argument's rank",
    call: () => vmap(id, { inAxes: 2 })(x3()),
    cls: ValueError,
    msg:
      "vmap was requested to map its argument along axis 2, which implies that its rank should " +
      "be at least 3, but is only 1 (its shape is (3,))",
  },
  {
    what: "vmap with every in_axes null",
    call: () => vmap(id, { inAxes: null })(x3()),
    cls: ValueError,
    msg: "vmap must have at least one non-None value in in_axes",
  },
  {
    what: "vmap of a mapped output with out_axes null",
    call: () => vmap(id, { outAxes: null })(x3()),
    cls: ValueError,
    msg: "vmap has mapped output but out_axes is None",
  },
  {
    what: "vmap out_axes beyond the output's rank",
    call: () => vmap(id, { outAxes: 3 })(x3()),
    cls: AxisError,
    msg: "axis 3 is out of bounds for array of dimension 1",
  },
  {
    what: "vmap in_axes of a wrong kind",
    call: () => vmap(id, { inAxes: "0" as Any })(x3()),
    cls: TypeError,
    msg: "vmap in_axes must be an int, None, or (nested) container with those types as leaves, " +
      "but got 0.",
  },
  {
    what: "vmap in_axes not a prefix of the arguments",
    call: () => vmap((p: { a: DeviceArray }) => p.a, { inAxes: [{ b: 0 }] as Any })({ a: x3() }),
    cls: ValueError,
    msg: "vmap in_axes specification must be a tree prefix of the corresponding value",
  },
  {
    what: "vmap of a string argument",
    call: () => vmap(id)("abc" as Any),
    cls: TypeError,
    msg: "Argument 'abc' of type string is not a valid JAX type",
  },
  {
    what: "grad of a non-scalar output",
    call: () => grad((a: DeviceArray) => jnp.sin(a))(x3()),
    cls: TypeError,
    msg: "Gradient only defined for scalar-output functions. Output had shape: (3,).",
  },
  {
    what: "grad of a function returning a string",
    call: () => grad((_a: DeviceArray) => "x")(jnp.ones([])),
    cls: TypeError,
    msg: 'Gradient only defined for scalar-output functions. Output was "x".',
  },
  {
    what: "grad with respect to an int input",
    call: () => grad((a: DeviceArray) => jnp.sum(a))(jnp.arange(3)),
    cls: TypeError,
    msg: "grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of " +
      "np.inexact), but got int32.",
  },
  {
    what: "grad of an int output",
    call: () => grad((a: DeviceArray) => jnp.sum(a).astype("int32"))(x3()),
    cls: TypeError,
    msg: "grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), " +
      "but got int32.",
  },
  {
    what: "grad argnums out of range",
    call: () => grad((a: DeviceArray) => jnp.sum(a), { argnums: 2 })(x3()),
    cls: ValueError,
    msg: "argnums 2 is out of bounds for the 1 positional argument(s) passed",
  },
  {
    what: "jvp with tangent of another shape",
    call: () => jvp(id, [x3()], [jnp.ones([4])]),
    cls: ValueError,
    msg: "jvp called with different primal and tangent shapes;Got primal shape (3,) and tangent " +
      "shape as (4,)",
  },
  {
    what: "jvp with primals not in a list",
    call: () => jvp(id, x3() as Any, x3() as Any),
    cls: TypeError,
    msg: "primal and tangent arguments to jax.jvp must be tuples or lists",
  },
  {
    what: "a vjp cotangent of the wrong shape",
    call: () => vjp((a: DeviceArray) => jnp.sin(a), x3())[1](jnp.ones([4])),
    cls: ValueError,
    msg: "unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got f32[4], but " +
      "expected f32[3] because the corresponding output of the differentiated function had JAX " +
      "type f32[3]",
  },
  // PRNG keys ------------------------------------------------------------------------------
  {
    what: "a key of the wrong shape",
    call: () => random.normal(jnp.ones([3], { dtype: "uint32" }), [2]),
    cls: TypeError,
    msg:
      "random.normal: expected a PRNG key, got a uint32[3] array; a PRNG key is a uint32 array " +
      "of shape [2]",
  },
  {
    what: "a float array as a key",
    call: () => random.uniform(jnp.ones([2]), [2]),
    cls: TypeError,
    msg: "expected a PRNG key, got a float32[2] array",
  },
  {
    what: "a number as a key",
    call: () => random.normal(0 as Any, [2]),
    cls: TypeError,
    msg: "random.normal: expected a PRNG key, got a number",
  },
  {
    what: "a batch of keys where one key goes",
    call: () => random.uniform(random.split(random.PRNGKey(0), 3), [2]),
    cls: TypeError,
    msg:
      "random.uniform accepts a single key, but was given a key array of shape (3, 2) != (2,). " +
      "Use vmap for batching.",
  },
  {
    what: "a fractional seed",
    call: () => random.PRNGKey(1.5),
    cls: TypeError,
    msg: "PRNG key seed must be an integer; got 1.5",
  },
  {
    what: "NaN in a random shape",
    call: () => random.normal(random.PRNGKey(0), [NaN]),
    cls: TypeError,
    msg: "random.normal: shape must contain only integers, got [NaN] (entry NaN)",
  },
  {
    what: "choice without replacement from too small a population",
    call: () => random.choice(random.PRNGKey(0), 3, [5], { replace: false } as Any),
    cls: ValueError,
    msg: "Cannot take a larger sample (size 5) than population (size 3) when 'replace=False'",
  },
  // Deleted arrays -------------------------------------------------------------------------
  {
    what: "jnp op on a deleted array",
    call: () => {
      const a = x3();
      a.delete();
      return jnp.add(a, 1);
    },
    cls: Error,
    msg: "Array has been deleted with shape=float32[3].",
  },
  {
    what: "a method of a deleted array",
    call: () => {
      const a = jnp.ones([2, 2], { dtype: "int32" });
      a.delete();
      return a.sum();
    },
    cls: Error,
    msg: "Array has been deleted with shape=int32[2,2].",
  },
  {
    what: "a jitted call on a deleted array",
    call: () => {
      const a = x3();
      a.delete();
      return jit(id)(a);
    },
    cls: Error,
    msg: "Array has been deleted with shape=float32[3].",
  },
  {
    what: "reading a deleted array",
    call: () => {
      const a = x3();
      a.delete();
      return a.data();
    },
    cls: Error,
    msg: "Array has been deleted with shape=float32[3].",
  },
];

/** A valid call after each bad one: the library must still work. */
async function stillWorks(): Promise<void> {
  const y = jit((a: DeviceArray) => jnp.sum(jnp.multiply(a, 2)))(jnp.arange(4).astype("float32"));
  assert.deepEqual(Array.from(await y.data()), [12]);
  const g = grad((a: DeviceArray) => jnp.sum(jnp.square(a)))(
    jnp.array([1, 2], { dtype: "float32" }),
  );
  assert.deepEqual(Array.from(await (g as DeviceArray).data()), [2, 4]);
}

test(`bad-input table has ${ROWS.length} rows (at least 60)`, () => {
  assert.ok(ROWS.length >= 60, `${ROWS.length} rows`);
});

for (const row of ROWS) {
  test(`bad input: ${row.what}`, async () => {
    let caught: unknown = undefined;
    try {
      const r = row.call();
      if (r instanceof Promise) await r;
    } catch (e) {
      caught = e;
    }
    if (caught === undefined) assert.fail(`${row.what}: expected ${row.cls.name}, nothing thrown`);
    if (!(caught instanceof row.cls)) {
      assert.fail(
        `${row.what}: expected ${row.cls.name}, got ${(caught as Error)?.constructor?.name}: ` +
          `${(caught as Error)?.message}`,
      );
    }
    const m = (caught as Error).message;
    if (typeof row.msg === "string") {
      assert.ok(
        m.includes(row.msg),
        `${row.what}: message\n  ${m}\ndoes not contain\n  ${row.msg}`,
      );
    } else assert.match(m, row.msg);
    await stillWorks();
  });
}
