/**
 * Shape lax functions: iota, broadcasting, reshaping, axis permutation and reversal, static and
 * dynamic slices, padding and concatenation.
 */

import { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import { canonicalizeDType, type DType } from "../dtype.ts";
import { checkShape, describeValue, normalizeAxis, type Shape } from "../shape.ts";
import * as P from "./prims/index.ts";
import { type Operand, operands, scalar } from "./operand.ts";
import { checkExtraArguments } from "../options.ts";

/**
 * An array of `shape` whose values count 0, 1, … along `dimension`, `lax.broadcasted_iota`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.broadcastedIota("int32", [2, 3], 1);
 * // DeviceArray([[0, 1, 2],
 * //              [0, 1, 2]], dtype=int32)
 * ```
 */
export function broadcastedIota(
  dtype: DType | string,
  shape: Shape,
  dimension: number,
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.broadcastedIota", 3, 3, arguments.length, arguments[3], arguments[4]);
  }
  const s = checkShape(shape, "iota shape");
  return bind1(P.iota_p, [], { dtype: canonicalizeDType(dtype), shape: [...s], dimension });
}

/**
 * `[0, 1, …, size-1]` in `dtype`, `lax.iota`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.iota("float32", 4); // DeviceArray([0., 1., 2., 3.], dtype=float32)
 * ```
 */
export function iota(dtype: DType | string, size: number): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.iota", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  return broadcastedIota(dtype, [size], 0);
}

/**
 * Broadcasts x to `shape`, operand axis i becoming output axis `broadcastDimensions[i]` (each of
 * size 1 or the output size), `lax.broadcast_in_dim`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.broadcastInDim(jnp.array([1, 2]), [3, 2], [1]);
 * // DeviceArray([[1, 2],
 * //              [1, 2],
 * //              [1, 2]], dtype=int32)
 * lax.broadcastInDim(jnp.array([1, 2]), [2, 3], [0]);
 * // DeviceArray([[1, 1, 1],
 * //              [2, 2, 2]], dtype=int32)
 * ```
 */
export function broadcastInDim(
  x: Operand,
  shape: Shape,
  broadcastDimensions: readonly number[],
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.broadcastInDim", 3, 3, arguments.length, arguments[3], arguments[4]);
  }
  const a = operands([x])[0];
  if (a.shape.join() === shape.join() && broadcastDimensions.every((d, i) => d === i)) return a;
  return bind1(P.broadcast_in_dim_p, [a], {
    shape: [...shape],
    broadcast_dimensions: [...broadcastDimensions],
  });
}

/**
 * Adds leading axes, `lax.broadcast`: `broadcast(x, [2, 3])` has shape `[2, 3, ...x.shape]`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.broadcast(jnp.array([1, 2]), [2]);
 * // DeviceArray([[1, 2],
 * //              [1, 2]], dtype=int32)
 * ```
 */
export function broadcast(x: Operand, sizes: Shape): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.broadcast", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const a = operands([x])[0];
  const n = sizes.length;
  return broadcastInDim(a, [...sizes, ...a.shape], a.shape.map((_, i) => i + n));
}

/**
 * Reshapes to `newSizes` (row-major, the same number of elements), `lax.reshape` (no -1 here; see
 * `jnp.reshape`).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.reshape(jnp.arange(6), [3, 2]);
 * // DeviceArray([[0, 1],
 * //              [2, 3],
 * //              [4, 5]], dtype=int32)
 * // JAX's `dimensions`: the axes are permuted first (here a column-major flatten)
 * lax.reshape(jnp.arange(6).reshape([2, 3]), [6], [1, 0]);
 * // DeviceArray([0, 3, 1, 4, 2, 5], dtype=int32)
 * ```
 */
export function reshape(
  x: Operand,
  newSizes: Shape,
  dimensions?: readonly number[] | null,
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.reshape", 2, 3, arguments.length, arguments[3], arguments[4]);
  }
  let a = operands([x])[0];
  if (dimensions != null) {
    if (!Array.isArray(dimensions) || dimensions.length !== a.ndim) {
      throw new TypeError(
        `reshape dimensions must be a permutation of the operand's axes, got ` +
          `${describeValue(dimensions)} for an operand of rank ${a.ndim}`,
      );
    }
    a = transpose(a, dimensions);
  }
  if (a.shape.join() === newSizes.join()) return a;
  return bind1(P.reshape_p, [a], { new_sizes: [...newSizes], dimensions: null });
}

/**
 * Removes the given size-1 axes, `lax.squeeze`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.squeeze(jnp.zeros([1, 3, 1]), [0, 2]).shape; // [ 3 ]
 * ```
 */
export function squeeze(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.squeeze", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  if (dimensions.length === 0) return x;
  const dims = dimensions.map((d) => normalizeAxis(d, x.ndim)).sort((a, b) => a - b);
  return bind1(P.squeeze_p, [x], { dimensions: dims });
}

/**
 * Inserts size-1 axes at `dimensions` (positions in the result), `lax.expand_dims`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.expandDims(jnp.arange(3), [0, 2]).shape; // [ 1, 3, 1 ]
 * ```
 */
export function expandDims(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.expandDims", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const ndim = x.ndim + dimensions.length;
  const dims = dimensions.map((d) => normalizeAxis(d, ndim)).sort((a, b) => a - b);
  const shape: number[] = [];
  const bdims: number[] = [];
  let j = 0;
  for (let i = 0; i < ndim; i++) {
    if (dims.includes(i)) shape.push(1);
    else {
      shape.push(x.shape[j++]);
      bdims.push(i);
    }
  }
  return broadcastInDim(x, shape, bdims);
}

/**
 * Permutes axes: output axis i is input axis `permutation[i]`, `lax.transpose`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.transpose(jnp.zeros([2, 3, 4]), [2, 0, 1]).shape; // [ 4, 2, 3 ]
 * lax.transpose(jnp.array([[1, 2], [3, 4]]), [1, 0]);
 * // DeviceArray([[1, 3],
 * //              [2, 4]], dtype=int32)
 * ```
 */
export function transpose(x: DeviceArray, permutation: readonly number[]): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.transpose", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  if (permutation.every((p, i) => p === i)) return x;
  return bind1(P.transpose_p, [x], { permutation: [...permutation] });
}

/**
 * Reverses the order of elements along `dimensions`, `lax.rev`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.rev(jnp.array([[1, 2], [3, 4]]), [1]);
 * // DeviceArray([[2, 1],
 * //              [4, 3]], dtype=int32)
 * ```
 */
export function rev(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.rev", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  if (dimensions.length === 0) return x;
  return bind1(P.rev_p, [x], { dimensions: [...dimensions] });
}

/**
 * A static slice `x[start:limit:stride]` per axis, `lax.slice` (indices must be in bounds, as XLA
 * requires).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.slice(jnp.arange(10), [1], [8], [3]); // DeviceArray([1, 4, 7], dtype=int32)
 * lax.slice(jnp.arange(6).reshape([2, 3]), [0, 1], [2, 3]);
 * // DeviceArray([[1, 2],
 * //              [4, 5]], dtype=int32)
 * ```
 */
export function slice(
  x: DeviceArray,
  startIndices: readonly number[],
  limitIndices: readonly number[],
  strides?: readonly number[] | null,
): DeviceArray {
  if (arguments.length > 4) {
    checkExtraArguments("lax.slice", 3, 4, arguments.length, arguments[4], arguments[5]);
  }
  const unit = !strides || strides.every((s) => s === 1);
  if (
    unit && startIndices.every((s) => s === 0) && limitIndices.every((l, i) => l === x.shape[i])
  ) {
    return x;
  }
  return bind1(P.slice_p, [x], {
    start_indices: [...startIndices],
    limit_indices: [...limitIndices],
    strides: unit ? null : [...strides!],
  });
}

/**
 * Slices one axis, `lax.slice_in_dim(x, start, limit, stride, axis)`: `sliceInDim(x, 1, 3)` is
 * `x[1:3]`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.sliceInDim(jnp.arange(6).reshape([2, 3]), 1, 3, 1, 1);
 * // DeviceArray([[1, 2],
 * //              [4, 5]], dtype=int32)
 * ```
 */
export function sliceInDim(
  x: DeviceArray,
  start: number,
  limit: number,
  stride = 1,
  axis = 0,
): DeviceArray {
  if (arguments.length > 5) {
    checkExtraArguments("lax.sliceInDim", 3, 5, arguments.length, arguments[5], arguments[6]);
  }
  const s = x.shape.map(() => 0), l = [...x.shape], st = x.shape.map(() => 1);
  s[axis] = start;
  l[axis] = limit;
  st[axis] = stride;
  return slice(x, s, l, st);
}

/**
 * Pads with `paddingValue`, `lax.pad`: `config[i] = [low, high, interior]` for axis i; negative
 * low/high remove elements.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.pad(jnp.array([1, 2, 3]), 0, [[1, 2, 1]]);
 * // DeviceArray([0, 1, 0, 2, 0, 3, 0, 0], dtype=int32)
 * lax.pad(jnp.arange(5), 0, [[-1, -2, 0]]); // DeviceArray([1, 2], dtype=int32)
 * ```
 */
export function pad(
  x: DeviceArray,
  paddingValue: Operand,
  config: readonly (readonly [number, number, number])[],
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.pad", 3, 3, arguments.length, arguments[3], arguments[4]);
  }
  const [a, v] = operands([x, paddingValue]);
  return bind1(P.pad_p, [a, v], { padding_config: config.map((c) => [...c]) });
}

/**
 * Joins arrays of one dtype along an existing `dimension`, `lax.concatenate`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.concatenate([jnp.array([1, 2]), jnp.array([3])], 0); // DeviceArray([1, 2, 3], dtype=int32)
 * ```
 */
export function concatenate(xs: readonly DeviceArray[], dimension: number): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("lax.concatenate", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  if (xs.length === 1) return xs[0];
  return bind1(P.concatenate_p, [...xs], { dimension });
}

/**
 * A slice of static size at traced start indices, `lax.dynamic_slice`: each start is clamped so the
 * slice stays in bounds, as XLA does (no error).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const x = jnp.arange(5);
 * lax.dynamicSlice(x, [1], [3]); // DeviceArray([1, 2, 3], dtype=int32)
 * lax.dynamicSlice(x, [jnp.array(4)], [3]); // DeviceArray([2, 3, 4], dtype=int32)
 * ```
 */
export function dynamicSlice(
  x: DeviceArray,
  startIndices: readonly Operand[],
  sliceSizes: readonly number[],
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("lax.dynamicSlice", 3, 3, arguments.length, arguments[3], arguments[4]);
  }
  const idx = startIndices.map((i) => (i instanceof DeviceArray ? i : scalar(i, "int32")));
  return bind1(P.dynamic_slice_p, [x, ...idx], { slice_sizes: [...sliceSizes] });
}

/**
 * Writes `update` into x at traced start indices, `lax.dynamic_update_slice`: each start is clamped
 * so the update fits, as XLA does.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.dynamicUpdateSlice(jnp.zeros([5], { dtype: "int32" }), jnp.array([7, 8]), [1]);
 * // DeviceArray([0, 7, 8, 0, 0], dtype=int32)
 * lax.dynamicUpdateSlice(jnp.zeros([5], { dtype: "int32" }), jnp.array([7, 8]), [4]);
 * // DeviceArray([0, 0, 0, 7, 8], dtype=int32)
 * ```
 */
export function dynamicUpdateSlice(
  x: DeviceArray,
  update: Operand,
  startIndices: readonly Operand[],
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments(
      "lax.dynamicUpdateSlice",
      3,
      3,
      arguments.length,
      arguments[3],
      arguments[4],
    );
  }
  const [a, u] = operands([x, update]);
  const idx = startIndices.map((i) => (i instanceof DeviceArray ? i : scalar(i, "int32")));
  return bind1(P.dynamic_update_slice_p, [a, u, ...idx], {});
}
