/**
 * Index-returning selection of jax.numpy: `nonzero`, `flatnonzero`, `argwhere` (and the
 * one-argument `jnp.where`, which is `nonzero`). The number of results depends on the values, so
 * it must be known when the function runs: either the `size` option fixes it (traceable under
 * jit and vmap: the indices are compacted with lax ops, truncated or padded with `fillValue`), or
 * it is counted from the values, which must then be concrete and on the host.
 */

import { ArrayImpl } from "../core/array_impl.ts";
import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { Tracer } from "../core/trace.ts";
import { ConcretizationTypeError, ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions } from "../options.ts";
import { broadcastShapes, describeValue, prod } from "../shape.ts";
import { asarray, broadcastTo, promoteDTypes } from "./convert.ts";

/**
 * Options of `jnp.nonzero`, `jnp.flatnonzero`, `jnp.argwhere` and the one-argument `jnp.where`
 * (JAX's keywords `size` and `fill_value`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.NonzeroOptions = { size: 4, fillValue: -1 };
 * jnp.flatnonzero(jnp.array([0, 3, 0, 5]), opts); // DeviceArray([ 1,  3, -1, -1], dtype=int32)
 * ```
 */
export interface NonzeroOptions {
  /**
   * Exactly this many indices: the first `size` ones, padded with `fillValue` when there are
   * fewer. Required under jit and vmap (the result shape must not depend on the values).
   */
  size?: number | null;
  /**
   * The padding where there are fewer than `size` nonzero entries (0 by default): a scalar, or a
   * list with one scalar per dimension of the input (JAX's tuple).
   */
  fillValue?: ArrayLike | readonly ArrayLike[] | null;
}

const OPTION_KEYS = ["size", "fillValue"] as const;

/**
 * The indices of the nonzero (true) entries, one int32 array per dimension of `a` (JAX returns
 * them as a tuple), in row-major order, JAX's `jnp.nonzero`. Without `size` the count is read from
 * the values: they must be concrete (not traced) and on the host (always on the CPU backend; on
 * WebGPU `await x.data()` once first). With `size` it is traceable under jit and vmap.
 *
 * @example
 * ```ts
 * import { type DeviceArray, jit, jnp } from "@jaxscript/jaxscript";
 * const x = jnp.array([[0, 5, 0], [6, 0, 7]]);
 * jnp.nonzero(x);
 * // [ DeviceArray([0, 1, 1], dtype=int32), DeviceArray([1, 0, 2], dtype=int32) ]
 * x.get(...jnp.nonzero(x)); // DeviceArray([5, 6, 7], dtype=int32)
 * const f = jit((v: DeviceArray) => jnp.nonzero(v, { size: 5, fillValue: -1 })[0]);
 * f(jnp.array([0, 5, 0, 6, 0, 7])); // DeviceArray([ 1,  3,  5, -1, -1], dtype=int32)
 * ```
 */
export function nonzero(a: ArrayLike, opts?: NonzeroOptions): DeviceArray[] {
  if (arguments.length > 2) checkExtraArguments("jnp.nonzero", 1, 2, arguments.length, null, null);
  checkOptions("jnp.nonzero", opts, OPTION_KEYS);
  return nonzeroIndices(asarray(a), opts ?? {});
}

/**
 * The indices of the nonzero entries of the flattened array, JAX's `jnp.flatnonzero` (int32;
 * `size` and `fillValue` as in {@link nonzero}).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.flatnonzero(jnp.array([[0, 5, 0], [6, 0, 7]])); // DeviceArray([1, 3, 5], dtype=int32)
 * jnp.flatnonzero(jnp.array([1, 0, 1, 1]), { size: 2 }); // DeviceArray([0, 2], dtype=int32)
 * ```
 */
export function flatnonzero(a: ArrayLike, opts?: NonzeroOptions): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.flatnonzero", 1, 2, arguments.length, null, null);
  }
  checkOptions("jnp.flatnonzero", opts, OPTION_KEYS);
  const arr = asarray(a);
  return nonzeroIndices(lax.reshape(arr, [arr.size]), opts ?? {})[0];
}

/**
 * The indices of the nonzero entries as rows, shape [n, ndim], JAX's `jnp.argwhere` (int32;
 * `size` and `fillValue` as in {@link nonzero}; a 0-d input gives shape [n, 0]).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.argwhere(jnp.array([[0, 5, 0], [6, 0, 7]]));
 * // DeviceArray([[0, 1],
 * //              [1, 0],
 * //              [1, 2]], dtype=int32)
 * jnp.argwhere(jnp.array([0, 4]), { size: 2, fillValue: 9 });
 * // DeviceArray([[1],
 * //              [9]], dtype=int32)
 * ```
 */
export function argwhere(a: ArrayLike, opts?: NonzeroOptions): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.argwhere", 1, 2, arguments.length, null, null);
  }
  checkOptions("jnp.argwhere", opts, OPTION_KEYS);
  const arr = asarray(a);
  const indices = nonzeroIndices(arr.ndim === 0 ? lax.reshape(arr, [1]) : arr, opts ?? {});
  const [first, ...rest] = promoteDTypes(indices);
  const columns = [first, ...rest].map((c) => lax.reshape(c, [c.size, 1]));
  const result = lax.concatenate(columns, 1);
  // A 0-d input has no coordinates: JAX keeps the row count (0 or 1, or size) with no columns.
  return arr.ndim === 0 ? lax.slice(result, [0, 0], [result.shape[0], 0]) : result;
}

/**
 * `nonzero` on an array: `size` and `fillValue` already checked to be options (the one-argument
 * `jnp.where` calls this too).
 */
export function nonzeroIndices(arr: DeviceArray, opts: NonzeroOptions): DeviceArray[] {
  if (arr.ndim === 0) {
    throw new ValueError(
      "Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero() instead.",
    );
  }
  const fills = fillValues(opts.fillValue, arr.ndim);
  const size = opts.size === undefined || opts.size === null
    ? hostCount(arr)
    : checkedSize(opts.size);
  const n = arr.size;
  if (n === 0 || size === 0) {
    // Nothing to compact (and a zero-length axis would make the coordinate modulo divide by 0):
    // as JAX, zeros of the requested size, the fill value not applied.
    const zeros = lax.broadcast(int32(0), [size]);
    return arr.shape.map(() => zeros);
  }
  const mask = arr.dtype === "bool" ? arr : lax.ne(arr, lax.scalar(0, arr.dtype));
  const flatMask = lax.convertElementType(lax.reshape(mask, [n]), "int32");
  // JAX's compaction: the running count of true entries is k at the k-th true entry and stays k
  // until the next one, so counting how many positions have each running count (a bincount,
  // scatter-add, counts past `size` dropped) and summing those counts up gives, at slot k, the
  // flat position of the (k+1)-th true entry. Past the last one it gives n, whose coordinates are
  // all 0: the default padding.
  const running = lax.cumsum(flatMask, 0);
  const counts = lax.scatterOp(
    "scatter-add",
    lax.broadcast(int32(0), [size]),
    lax.reshape(running, [n, 1]),
    lax.broadcast(int32(1), [n]),
    BINCOUNT_DNUMS,
    { mode: "fill" },
  );
  const flatIndices = lax.cumsum(counts, 0);
  const out = arr.shape.map((dim, d) => {
    const stride = prod(arr.shape.slice(d + 1));
    return lax.rem(lax.div(flatIndices, int32(stride)), int32(dim));
  });
  if (!fills) return out;
  const padding = lax.ge(lax.iota("int32", size), lax.reduceSum(flatMask, [0]));
  return out.map((o, d) => fillWith(padding, o, fills[d]));
}

/** A strongly typed int32 scalar (lax.scalar's would make the indices weakly typed). */
function int32(v: number): DeviceArray {
  return lax.convertElementType(v, "int32");
}

/** Scatter dimension numbers of a 1-d bincount: each index vector is one position. */
const BINCOUNT_DNUMS = {
  update_window_dims: [],
  inserted_window_dims: [0],
  scatter_dims_to_operand_dims: [0],
  operand_batching_dims: [],
  scatter_indices_batching_dims: [],
};

/** `fill` where `padding`, else `indices`, promoted together (JAX's `where(fill_mask, …)`). */
function fillWith(padding: DeviceArray, indices: DeviceArray, fill: ArrayLike): DeviceArray {
  const [f, i] = promoteDTypes([fill, indices]);
  const shape = broadcastShapes(padding.shape, i.shape);
  return lax.select(broadcastTo(padding, shape), broadcastTo(f, shape), broadcastTo(i, shape));
}

/** One 0-d fill value per dimension, or null for the default (JAX's check and message). */
function fillValues(
  fillValue: NonzeroOptions["fillValue"],
  ndim: number,
): DeviceArray[] | null {
  if (fillValue === undefined || fillValue === null) return null;
  const given = Array.isArray(fillValue) ? fillValue : Array(ndim).fill(fillValue);
  const values = given.map((v) => asarray(v as ArrayLike));
  if (values.length !== ndim || values.some((v) => v.ndim !== 0)) {
    throw new ValueError(
      `fill_value must be a scalar or a tuple of length ${ndim}; got ` +
        describeValue(fillValue),
    );
  }
  return values;
}

/** The `size` option: a static non-negative integer (JAX's concrete_dim_or_error). */
function checkedSize(size: unknown): number {
  if (typeof size !== "number" || !Number.isInteger(size)) {
    throw new TypeError(
      `The size argument of jnp.nonzero must be an integer, got ${describeValue(size)}`,
    );
  }
  if (size < 0) throw new ValueError(`The size argument of jnp.nonzero must be >= 0, got ${size}`);
  return size;
}

/**
 * The number of nonzero entries, counted on the host: without `size` the result shape depends on
 * it, so the values must be concrete (JAX's ConcretizationTypeError under jit and vmap) and, on
 * WebGPU, already read back (JAX blocks on the device-to-host copy here, which JS cannot do).
 */
function hostCount(arr: DeviceArray): number {
  if (arr.size === 0) return 0; // known from the shape alone
  let c: DeviceArray | null = arr;
  // A JVP tracer outside jit knows its primal (as JAX's concrete values under grad).
  while (c instanceof Tracer) c = c.toConcrete();
  if (!(c instanceof ArrayImpl)) {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: traced array with ` +
        `shape int32[].\nThe size argument of jnp.nonzero must be statically specified to use ` +
        `jnp.nonzero within JAX transformations.\n\nSee ` +
        `https://docs.jax.dev/en/latest/errors.html#jax.errors.ConcretizationTypeError`,
    );
  }
  const data = c.peek();
  if (!data) {
    throw new Error(
      `jnp.nonzero without size counts the nonzero entries on the host, but the values of this ` +
        `${c.aval.strLong()} array are on ${c.device} and not on the host yet: pass ` +
        `{ size } (traceable), or read the values once with \`await x.data()\` first.`,
    );
  }
  let count = 0;
  // `!= 0` as numpy: NaN counts, -0 does not.
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
  return count;
}
