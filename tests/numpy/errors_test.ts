/**
 * Bad input to jnp: each row asserts the error class and message (JAX's where JAX has one).
 * Errors are raised while building the computation, so no backend values are read.
 */

import { IndexError, jit, jnp, NotImplementedError, OverflowError, ValueError } from "../../mod.ts";
import { assert, assertThrows, test } from "../harness.ts";

type ErrorClass = abstract new (...args: never[]) => Error;

const x23 = () => jnp.arange(6).reshape([2, 3]);

const CASES: [string, () => unknown, ErrorClass, string][] = [
  // Shapes.
  [
    "dot of (64,100) and (16,100)",
    () => jnp.dot(jnp.zeros([64, 100]), jnp.zeros([16, 100])),
    TypeError,
    "dot_general requires contracting dimensions to have the same shape, got (100,) and (16,).",
  ],
  [
    "matmul of (2,3) and (2,3)",
    () => jnp.matmul(jnp.zeros([2, 3]), jnp.zeros([2, 3])),
    TypeError,
    "dot_general requires contracting dimensions to have the same shape, got (3,) and (2,).",
  ],
  [
    "add (3,) + (4,): lax's error (same rank)",
    () => jnp.add(jnp.zeros(3), jnp.zeros(4)),
    TypeError,
    "add got incompatible shapes for broadcasting: (3,), (4,).",
  ],
  [
    "multiply (3, 2) * (4,): numpy's rank promotion fails first",
    () => jnp.multiply(jnp.zeros([3, 2]), jnp.zeros(4)),
    ValueError,
    "Incompatible shapes for broadcasting: shapes=[(3, 2), (4,)]",
  ],
  [
    "where with incompatible shapes",
    () => jnp.where(jnp.ones([2], { dtype: "bool" }), jnp.zeros(3), 0),
    ValueError,
    "Incompatible shapes for broadcasting: shapes=[(2,), (3,), ()]",
  ],
  [
    "broadcastTo a smaller shape",
    () => jnp.broadcastTo(jnp.zeros(3), [2]),
    ValueError,
    "Incompatible shapes for broadcasting: (3,) and requested shape (2,)",
  ],
  [
    "reshape (6,) to (4,)",
    () => jnp.reshape(jnp.arange(6), [4]),
    TypeError,
    "cannot reshape array of shape (6,) (size 6) into shape (4,) (size 4)",
  ],
  [
    "reshape with two -1",
    () => jnp.reshape(jnp.arange(6), [-1, -1]),
    TypeError,
    "can only specify one unknown axis size with a `-1` value, got (-1, -1)",
  ],
  [
    "reshape with -1 that does not divide",
    () => jnp.arange(6).reshape([4, -1]),
    TypeError,
    "cannot reshape array of shape (6,) (size 6) into shape (4, -1)",
  ],
  [
    "concatenate of different ranks",
    () => jnp.concatenate([jnp.zeros(2), jnp.zeros([2, 2])]),
    ValueError,
    "all the input arrays must have same number of dimensions",
  ],
  [
    "concatenate of 0-d arrays",
    () => jnp.concatenate([jnp.zeros([]), jnp.zeros([])]),
    ValueError,
    "Zero-dimensional arrays cannot be concatenated.",
  ],
  [
    "stack of different shapes",
    () => jnp.stack([jnp.zeros(2), jnp.zeros(3)]),
    ValueError,
    "All input arrays must have the same shape.",
  ],
  [
    "split into unequal parts",
    () => jnp.split(jnp.arange(5), 2),
    ValueError,
    "array split does not result in an equal division",
  ],
  [
    "squeeze an axis of size 3",
    () => jnp.squeeze(jnp.zeros([1, 3]), { axis: 1 }),
    ValueError,
    "cannot select an axis to squeeze out which has size not equal to one",
  ],
  ["transpose with bad axes", () => x23().transpose([0, 0]), ValueError, "axes don't match array"],
  [
    "matmul of a scalar",
    () => jnp.matmul(2, jnp.zeros(3)),
    ValueError,
    "matmul: Input operand does not have enough dimensions",
  ],
  [
    "tensordot with too many axes",
    () => jnp.tensordot(jnp.zeros(3), jnp.zeros(3), 2),
    TypeError,
    "Number of tensordot axes (axes 2) exceeds input ranks (1 and 1)",
  ],
  // Axes.
  [
    "sum over axis 2 of a 2-d array",
    () => jnp.sum(x23(), { axis: 2 }),
    jnp.AxisError,
    "axis 2 is out of bounds for array of dimension 2",
  ],
  [
    "mean over axis -3 of a 2-d array",
    () => jnp.mean(x23(), { axis: -3 }),
    jnp.AxisError,
    "axis -3 is out of bounds for array of dimension 2",
  ],
  ["repeated axis", () => jnp.sum(x23(), { axis: [0, -2] }), ValueError, "repeated axis"],
  [
    "argmax over axis 1 of a 1-d array",
    () => jnp.argmax(jnp.zeros(3), { axis: 1 }),
    jnp.AxisError,
    "axis 1 is out of bounds for array of dimension 1",
  ],
  [
    "sort of a 0-d array (axis -1)",
    () => jnp.sort(jnp.array(3)),
    jnp.AxisError,
    "axis -1 is out of bounds for array of dimension 0",
  ],
  [
    "expandDims past the new rank",
    () => jnp.expandDims(jnp.zeros(3), 3),
    jnp.AxisError,
    "axis 3 is out of bounds for array of dimension 2",
  ],
  // Empty reductions.
  [
    "max of an empty array",
    () => jnp.max(jnp.zeros([0, 3])),
    ValueError,
    "zero-size array to reduction operation max which has no identity",
  ],
  [
    "argmin of an empty array",
    () => jnp.argmin(jnp.zeros(0)),
    ValueError,
    "attempt to get argmin of an empty sequence",
  ],
  // dtypes and values.
  [
    "bad dtype name",
    () => jnp.zeros(3, { dtype: "float16" }),
    TypeError,
    `Unsupported dtype 'float16': jaxscript supports "float32", "int32", "uint32" and "bool".`,
  ],
  ["bad dtype in astype", () => x23().astype("complex64" as "float32"), TypeError, "complex64"],
  [
    "ragged nested lists",
    () => jnp.array([[1, 2], [3]]),
    ValueError,
    "setting an array element with a sequence. The requested array has an inhomogeneous shape " +
    "after 1 dimensions. The detected shape was (2,) + inhomogeneous part.",
  ],
  [
    "ragged deeper",
    () => jnp.array([[[1], [2]], [[3], 4]] as never),
    ValueError,
    "inhomogeneous shape after 2 dimensions. The detected shape was (2, 2) + inhomogeneous part.",
  ],
  ["a string element", () => jnp.array(["a"] as never), TypeError, "is not a valid array element"],
  [
    "JS int too large for int32",
    () => jnp.add(jnp.arange(3), 2 ** 31),
    OverflowError,
    "Python int 2147483648 too large to convert to int32",
  ],
  [
    "list element too large for int32",
    () => jnp.array([2 ** 40]),
    OverflowError,
    "Python int 1099511627776 too large to convert to int32",
  ],
  [
    "boolean subtract",
    () => jnp.subtract(jnp.array([true]), jnp.array([false])),
    TypeError,
    "numpy boolean subtract, the `-` operator, is not supported",
  ],
  [
    "integer to a negative integer power",
    () => jnp.power(jnp.arange(3), -1),
    TypeError,
    "Integers cannot be raised to negative integer powers.",
  ],
  [
    "linspace with a negative count",
    () => jnp.linspace(0, 1, -1),
    ValueError,
    "Number of samples, -1, must be non-negative.",
  ],
  // Indexing.
  [
    "out-of-range int index",
    () => jnp.arange(3).get(5),
    IndexError,
    "index 5 is out of bounds for axis 0 with size 3",
  ],
  [
    "out-of-range negative int index on axis 1",
    () => x23().get(0, -4),
    IndexError,
    "index -4 is out of bounds for axis 1 with size 3",
  ],
  [
    "out-of-range int mixed with an array index",
    () => x23().get([0, 1], 3),
    IndexError,
    "index 3 is out of bounds for axis 1 with size 3",
  ],
  [
    "int index into an empty axis",
    () => jnp.zeros([0, 2]).get(0),
    IndexError,
    "index 0 is out of bounds for axis 0 with size 0",
  ],
  [
    "too many indices",
    () => jnp.arange(3).get(0, 0),
    IndexError,
    "Too many indices: array is 1-dimensional, but 2 were indexed",
  ],
  [
    "too many indices with an array",
    () => jnp.arange(3).get([0], ":"),
    IndexError,
    "Too many indices: array is 1-dimensional, but 2 were indexed",
  ],
  [
    "too many indices from a 2-d mask",
    () => jnp.arange(3).get(jnp.ones([3, 1], { dtype: "bool" })),
    IndexError,
    "Too many indices: array is 1-dimensional, but 2 were indexed",
  ],
  [
    "two ellipses",
    () => x23().get("...", 0, "..."),
    IndexError,
    "an index can only have a single ellipsis ('...')",
  ],
  [
    "a float index",
    () => jnp.arange(3).get(1.5),
    TypeError,
    "Indexer must have integer or boolean type, got indexer with type float32",
  ],
  [
    "a float array index",
    () => jnp.arange(3).get(jnp.array([0.5])),
    TypeError,
    "Indexer must have integer or boolean type, got indexer with type float32",
  ],
  [
    "a float list index",
    () => jnp.arange(3).get([0, 1.5]),
    TypeError,
    "Indexer must have integer or boolean type, got indexer with type float32",
  ],
  ["a bad slice string", () => jnp.arange(3).get("1:x"), IndexError, `invalid slice "1:x"`],
  ["a zero slice step", () => jnp.arange(3).get("::0"), IndexError, "slice step cannot be zero"],
  [
    "a mask of the wrong length",
    () => jnp.arange(4).get([true, false, true] as never),
    IndexError,
    "boolean index did not match shape of indexed array in index 0: got (3,), expected [4]",
  ],
  [
    "index arrays that do not broadcast",
    () => x23().get([0, 1], [0, 1, 2]),
    ValueError,
    "Incompatible shapes for broadcasting: shapes=[(2,), (3,)]",
  ],
  [
    "update values that do not broadcast",
    () => jnp.zeros(4).at("1:3").set(jnp.zeros(3)),
    ValueError,
    "Incompatible shapes for broadcasting: (3,) and requested shape (2,)",
  ],
  [
    "take with mode raise",
    () => jnp.take(jnp.arange(3), [0], { mode: "raise" }),
    NotImplementedError,
    "The 'raise' mode to jnp.take is not supported.",
  ],
  [
    "take with an unknown mode",
    () => jnp.take(jnp.arange(3), [0], { mode: "nearest" as "clip" }),
    ValueError,
    "Invalid mode 'nearest' for np.take",
  ],
  [
    "take from an empty axis",
    () => jnp.take(jnp.zeros([0]), [0]),
    IndexError,
    "Cannot do a non-empty jnp.take() from an empty axis.",
  ],
  [
    "take with float indices",
    () => jnp.take(jnp.arange(3), jnp.array([1.5])),
    TypeError,
    "take indices must be of integer type, got float32",
  ],
  [
    "takeAlongAxis with a rank mismatch",
    () => jnp.takeAlongAxis(x23(), jnp.array([0]), 1),
    ValueError,
    "indices and arr must have the same number of dimensions; 1 vs. 2",
  ],
  [
    "takeAlongAxis with float indices",
    () => jnp.takeAlongAxis(x23(), jnp.zeros([2, 1]), 1),
    TypeError,
    "take_along_axis indices must be of integer type, got float32",
  ],
  [
    "takeAlongAxis axis null with 2-d indices",
    () => jnp.takeAlongAxis(x23(), jnp.zeros([2, 1], { dtype: "int32" }), null),
    ValueError,
    "take_along_axis indices must be 1D if axis=None, got shape (2, 1)",
  ],
  // einsum (opt_einsum's messages).
  [
    "einsum with a bad character",
    () => jnp.einsum("i1,i", jnp.zeros(2), jnp.zeros(2)),
    ValueError,
    "Character '1' is not a valid symbol.",
  ],
  [
    "einsum with too few operands",
    () => jnp.einsum("ij,jk->ik", jnp.zeros([2, 2])),
    ValueError,
    "Number of einsum subscripts must be equal to the number of operands.",
  ],
  [
    "einsum with the wrong number of indices",
    () => jnp.einsum("ij->i", jnp.zeros(3)),
    ValueError,
    "Einstein sum subscript 'ij' does not contain the correct number of indices for operand 0.",
  ],
  [
    "einsum with mismatched sizes",
    () => jnp.einsum("ij,jk->ik", jnp.zeros([2, 3]), jnp.zeros([4, 5])),
    ValueError,
    "Size of label 'j' for operand 1 (4) does not match previous terms (3).",
  ],
  [
    "einsum output not in the input",
    () => jnp.einsum("ij->k", jnp.zeros([2, 3])),
    ValueError,
    "Output character 'k' did not appear in the input",
  ],
  [
    "einsum repeated output",
    () => jnp.einsum("ij->ii", jnp.zeros([2, 3])),
    ValueError,
    "Output character 'i' appeared more than once in the output.",
  ],
  [
    "einsum with two arrows",
    () => jnp.einsum("i->i->i", jnp.zeros(2)),
    ValueError,
    "Subscripts can only contain one '->'.",
  ],
  [
    "einsum with a broken ellipsis",
    () => jnp.einsum("..i,i", jnp.zeros(2), jnp.zeros(2)),
    ValueError,
    "Invalid Ellipses.",
  ],
  [
    "einsum with a diagonal of unequal sizes",
    () => jnp.einsum("ii->i", jnp.zeros([2, 3])),
    ValueError,
    "dimensions in operand 0 for collapsing index 'i' don't match (2 != 3)",
  ],
];

for (const [name, fn, cls, msg] of CASES) {
  test(`jnp errors: ${name}`, () => {
    assertThrows(fn, cls, msg);
  });
}

test("jnp errors: a boolean mask under jit is NonConcreteBooleanIndexError", () => {
  const f = jit((x: ReturnType<typeof jnp.zeros>) => x.get(x.gt(0)));
  const err = assertThrows(
    () => f(jnp.arange(3)),
    IndexError,
    "Array boolean indices must be concrete; got ShapedArray(bool[3])",
  );
  assert.equal(err.name, "NonConcreteBooleanIndexError");
});
