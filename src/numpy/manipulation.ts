/**
 * Shape manipulation of jax.numpy: reshape, transpose, stacking and splitting, tiling,
 * flipping, `where` and `clip`.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import {
  AxisError,
  broadcastShapes,
  checkOptions,
  describeValue,
  normalizeAxis,
  prod,
  pyShape,
} from "../shape.ts";
import { asarray, broadcastTo, promoteDTypes, resultKind } from "./convert.ts";

/**
 * Gives an array a new shape with the same number of elements (row-major order), JAX's
 * `jnp.reshape`; one entry may be -1, inferred from the others.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.reshape(jnp.arange(6), [2, -1]);
 * // DeviceArray([[0, 1, 2],
 * //              [3, 4, 5]], dtype=int32)
 * jnp.reshape(jnp.array([[1, 2], [3, 4]]), 4); // DeviceArray([1, 2, 3, 4], dtype=int32)
 * ```
 */
export function reshape(x: ArrayLike, shape: number | readonly number[]): DeviceArray {
  const a = asarray(x);
  if (typeof shape !== "number" && !Array.isArray(shape)) {
    throw new TypeError(
      `Shapes must be 1D sequences of integer scalars, got ${describeValue(shape)}`,
    );
  }
  const req = typeof shape === "number" ? [shape] : [...shape];
  const shown = typeof shape === "number" ? String(shape) : pyShape(req);
  const neg = req.filter((d) => d === -1).length;
  if (neg > 1) {
    throw new TypeError(`can only specify one unknown axis size with a \`-1\` value, got ${shown}`);
  }
  for (const d of req) {
    if (!Number.isInteger(d) || d < -1) {
      throw new TypeError(`Shapes must be 1D sequences of integer scalars, got ${shown}`);
    }
  }
  if (neg) {
    const others = prod(req.filter((d) => d !== -1));
    if (others === 0 ? a.size !== 0 : a.size % others !== 0) {
      throw new TypeError(
        `cannot reshape array of shape ${pyShape(a.shape)} (size ${a.size}) into shape ${shown} ` +
          `because the product of specified axis sizes (${others}) does not evenly divide ${a.size}`,
      );
    }
    req[req.indexOf(-1)] = others === 0 ? 0 : a.size / others;
  } else if (prod(req) !== a.size) {
    throw new TypeError(
      `cannot reshape array of shape ${pyShape(a.shape)} (size ${a.size}) into shape ${shown} ` +
        `(size ${prod(req)})`,
    );
  }
  return lax.reshape(a, req);
}

/**
 * Flattens to 1-d in row-major order, JAX's `jnp.ravel`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.ravel(jnp.array([[1, 2], [3, 4]])); // DeviceArray([1, 2, 3, 4], dtype=int32)
 * ```
 */
export function ravel(x: ArrayLike): DeviceArray {
  const a = asarray(x);
  return lax.reshape(a, [a.size]);
}

/**
 * Permutes axes (reverses them when `axes` is omitted), JAX's `jnp.transpose`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.arange(6).reshape([1, 2, 3]);
 * jnp.transpose(x).shape; // [ 3, 2, 1 ]
 * jnp.transpose(x, [1, 0, 2]).shape; // [ 2, 1, 3 ]
 * ```
 */
export function transpose(x: ArrayLike, axes?: readonly number[] | null): DeviceArray {
  const a = asarray(x);
  const perm = axes
    ? axes.map((i) => normalizeAxis(i, a.ndim))
    : a.shape.map((_, i) => a.ndim - 1 - i);
  if (perm.length !== a.ndim || new Set(perm).size !== perm.length) {
    throw new ValueError(`axes don't match array`);
  }
  return lax.transpose(a, perm);
}

/**
 * Swaps two axes, JAX's `jnp.swapaxes`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.swapaxes(jnp.zeros([2, 3, 4]), 0, 2).shape; // [ 4, 3, 2 ]
 * ```
 */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): DeviceArray {
  const a = asarray(x);
  const i = normalizeAxis(axis1, a.ndim), j = normalizeAxis(axis2, a.ndim);
  const perm = a.shape.map((_, k) => k);
  perm[i] = j;
  perm[j] = i;
  return lax.transpose(a, perm);
}

/**
 * Moves axes to new positions (the others keep their order), JAX's `jnp.moveaxis`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.moveaxis(jnp.zeros([2, 3, 4]), 0, -1).shape; // [ 3, 4, 2 ]
 * jnp.moveaxis(jnp.zeros([2, 3, 4]), [0, 1], [2, 0]).shape; // [ 3, 4, 2 ]
 * ```
 */
export function moveaxis(
  x: ArrayLike,
  source: number | readonly number[],
  destination: number | readonly number[],
): DeviceArray {
  const a = asarray(x);
  const src = (typeof source === "number" ? [source] : [...source]).map((s) =>
    normalizeAxis(s, a.ndim)
  );
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((d) =>
    normalizeAxis(d, a.ndim)
  );
  if (src.length !== dst.length) {
    throw new ValueError(
      "`source` and `destination` arguments must have the same number of elements",
    );
  }
  const rest = a.shape.map((_, i) => i).filter((i) => !src.includes(i));
  const perm = new Array<number>(a.ndim);
  const order = dst.map((d, k) => [d, src[k]]).sort((p, q) => p[0] - q[0]);
  for (const [d, s] of order) rest.splice(d, 0, s);
  rest.forEach((v, i) => (perm[i] = v));
  return lax.transpose(a, perm);
}

/**
 * Inserts size-1 axes at `axis` (positions in the result), JAX's `jnp.expand_dims`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.expandDims(jnp.array([1, 2]), 0); // DeviceArray([[1, 2]], dtype=int32)
 * jnp.expandDims(jnp.array([1, 2]), [0, 2]).shape; // [ 1, 2, 1 ]
 * ```
 */
export function expandDims(x: ArrayLike, axis: number | readonly number[]): DeviceArray {
  const a = asarray(x);
  return lax.expandDims(a, typeof axis === "number" ? [axis] : axis);
}

/**
 * Removes size-1 axes (all of them, or those named in `axis`; naming an axis whose size is not 1 is
 * an error), JAX's `jnp.squeeze`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.squeeze(jnp.zeros([1, 3, 1])).shape; // [ 3 ]
 * jnp.squeeze(jnp.zeros([1, 3, 1]), { axis: 0 }).shape; // [ 3, 1 ]
 * ```
 */
export function squeeze(
  x: ArrayLike,
  opts: { axis?: number | readonly number[] | null } = {},
): DeviceArray {
  checkOptions("jnp.squeeze", opts);
  const a = asarray(x);
  let axes: number[];
  if (opts.axis === undefined || opts.axis === null) {
    axes = a.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  } else {
    axes = (typeof opts.axis === "number" ? [opts.axis] : [...opts.axis]).map((i) =>
      normalizeAxis(i, a.ndim)
    );
    for (const i of axes) {
      if (a.shape[i] !== 1) {
        throw new ValueError(
          "cannot select an axis to squeeze out which has size not equal to one",
        );
      }
    }
  }
  return lax.squeeze(a, axes);
}

export { broadcastTo };

/**
 * Broadcasts several arrays against each other, JAX's `jnp.broadcast_arrays`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const [a, b] = jnp.broadcastArrays(jnp.array([[1], [2]]), jnp.array([10, 20, 30]));
 * a.shape; // [ 2, 3 ]
 * b;
 * // DeviceArray([[10, 20, 30],
 * //              [10, 20, 30]], dtype=int32)
 * ```
 */
export function broadcastArrays(...xs: ArrayLike[]): DeviceArray[] {
  const arrays = xs.map((x) => asarray(x));
  const shape = broadcastShapes(...arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastTo(a, shape));
}

/**
 * Joins arrays along an existing axis (0 by default; `axis: null` flattens them first), promoting
 * dtypes, JAX's `jnp.concatenate`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const a = jnp.array([[1, 2]]), b = jnp.array([[3, 4]]);
 * jnp.concatenate([a, b]);
 * // DeviceArray([[1, 2],
 * //              [3, 4]], dtype=int32)
 * jnp.concatenate([a, b], { axis: 1 }); // DeviceArray([[1, 2, 3, 4]], dtype=int32)
 * jnp.concatenate([a, jnp.array([0.5])], { axis: null });
 * // DeviceArray([1. , 2. , 0.5], dtype=float32)
 * ```
 */
export function concatenate(
  xs: readonly ArrayLike[],
  opts: { axis?: number | null } = {},
): DeviceArray {
  if (!Array.isArray(xs)) {
    throw new TypeError(`jnp.concatenate expects a list of arrays, got ${describeValue(xs)}`);
  }
  checkOptions("jnp.concatenate", opts);
  if (xs.length === 0) throw new ValueError("Need at least one array to concatenate.");
  let arrays = promoteDTypes(xs);
  let axis: number;
  if (opts.axis === null) {
    arrays = arrays.map((a) => lax.reshape(a, [a.size]));
    axis = 0;
  } else {
    if (arrays.some((a) => a.ndim === 0)) {
      throw new ValueError("Zero-dimensional arrays cannot be concatenated.");
    }
    axis = normalizeAxis(opts.axis ?? 0, arrays[0].ndim);
  }
  const rank = arrays[0].ndim;
  for (const a of arrays) {
    if (a.ndim !== rank) {
      throw new ValueError(
        `all the input arrays must have same number of dimensions, but the array at index 0 has ` +
          `${rank} dimension(s) and the array at index ${
            arrays.indexOf(a)
          } has ${a.ndim} dimension(s)`,
      );
    }
  }
  return lax.concatenate(arrays, axis);
}

/**
 * Joins arrays of one shape along a new axis (0 by default), JAX's `jnp.stack`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.stack([jnp.array([1, 2]), jnp.array([3, 4])]);
 * // DeviceArray([[1, 2],
 * //              [3, 4]], dtype=int32)
 * jnp.stack([jnp.array([1, 2]), jnp.array([3, 4])], { axis: 1 }).shape; // [ 2, 2 ]
 * ```
 */
export function stack(xs: readonly ArrayLike[], opts: { axis?: number } = {}): DeviceArray {
  if (!Array.isArray(xs)) {
    throw new TypeError(`jnp.stack expects a list of arrays, got ${describeValue(xs)}`);
  }
  checkOptions("jnp.stack", opts);
  if (xs.length === 0) throw new ValueError("Need at least one array to stack.");
  const arrays = promoteDTypes(xs);
  const shape0 = arrays[0].shape;
  for (const a of arrays) {
    if (a.shape.join() !== shape0.join()) {
      throw new ValueError("All input arrays must have the same shape.");
    }
  }
  const axis = normalizeAxis(opts.axis ?? 0, shape0.length + 1);
  return lax.concatenate(arrays.map((a) => lax.expandDims(a, [axis])), axis);
}

/**
 * Stacks horizontally: along axis 1, or axis 0 for 1-d arrays, JAX's `jnp.hstack`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.hstack([jnp.array([1, 2]), jnp.array([3])]); // DeviceArray([1, 2, 3], dtype=int32)
 * ```
 */
export function hstack(xs: readonly ArrayLike[]): DeviceArray {
  const arrays = xs.map((x) => atleast1d(x));
  return concatenate(arrays, { axis: arrays[0].ndim === 1 ? 0 : 1 });
}

/**
 * Stacks vertically along axis 0 (1-d arrays become rows), JAX's `jnp.vstack`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.vstack([jnp.array([1, 2]), jnp.array([3, 4])]);
 * // DeviceArray([[1, 2],
 * //              [3, 4]], dtype=int32)
 * ```
 */
export function vstack(xs: readonly ArrayLike[]): DeviceArray {
  return concatenate(xs.map((x) => atleast2d(x)), { axis: 0 });
}

/**
 * Stacks 1-d arrays as the columns of a 2-d array (2-d arrays are joined along axis 1), JAX's
 * `jnp.column_stack`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.columnStack([jnp.array([1, 2]), jnp.array([3, 4])]);
 * // DeviceArray([[1, 3],
 * //              [2, 4]], dtype=int32)
 * ```
 */
export function columnStack(xs: readonly ArrayLike[]): DeviceArray {
  return concatenate(
    xs.map((x) => {
      const a = asarray(x);
      return a.ndim < 2 ? lax.reshape(a, [a.size, 1]) : a;
    }),
    { axis: 1 },
  );
}

/**
 * The array with at least one axis (a 0-d array becomes shape [1]), JAX's `jnp.atleast_1d`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.atleast1d(5); // DeviceArray([5], dtype=int32, weak_type=True)
 * ```
 */
export function atleast1d(x: ArrayLike): DeviceArray {
  const a = asarray(x);
  return a.ndim === 0 ? lax.reshape(a, [1]) : a;
}

/**
 * The array with at least two axes (a 1-d array becomes a row), JAX's `jnp.atleast_2d`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.atleast2d(jnp.array([1, 2])).shape; // [ 1, 2 ]
 * ```
 */
export function atleast2d(x: ArrayLike): DeviceArray {
  const a = asarray(x);
  return a.ndim === 0 ? lax.reshape(a, [1, 1]) : a.ndim === 1 ? lax.reshape(a, [1, a.size]) : a;
}

/**
 * Splits along `axis` (0 by default) into equal sections (a number) or at indices (a list), JAX's
 * `jnp.split`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const [a, b] = jnp.split(jnp.arange(6), 2);
 * b; // DeviceArray([3, 4, 5], dtype=int32)
 * jnp.split(jnp.arange(5), [1, 3]).map((p) => p.shape); // [ [ 1 ], [ 2 ], [ 2 ] ]
 * ```
 */
export function split(
  x: ArrayLike,
  indicesOrSections: number | readonly number[],
  opts: { axis?: number } = {},
): DeviceArray[] {
  const a = asarray(x);
  const axis = normalizeAxis(opts.axis ?? 0, a.ndim);
  const n = a.shape[axis];
  let cuts: number[];
  if (typeof indicesOrSections === "number") {
    if (
      !Number.isInteger(indicesOrSections) || indicesOrSections <= 0 || n % indicesOrSections !== 0
    ) {
      throw new ValueError("array split does not result in an equal division");
    }
    const step = n / indicesOrSections;
    cuts = Array.from({ length: indicesOrSections - 1 }, (_, i) => (i + 1) * step);
  } else {
    cuts = [...indicesOrSections];
  }
  const bounds = [0, ...cuts.map((c) => Math.min(Math.max(c < 0 ? c + n : c, 0), n)), n];
  const out: DeviceArray[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i], hi = Math.max(bounds[i], bounds[i + 1]);
    out.push(lax.sliceInDim(a, lo, hi, 1, axis));
  }
  return out;
}

/**
 * Repeats the whole array `reps` times along each axis, JAX's `jnp.tile`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.tile(jnp.array([1, 2]), 3); // DeviceArray([1, 2, 1, 2, 1, 2], dtype=int32)
 * jnp.tile(jnp.array([1, 2]), [2, 1]);
 * // DeviceArray([[1, 2],
 * //              [1, 2]], dtype=int32)
 * ```
 */
export function tile(x: ArrayLike, reps: number | readonly number[]): DeviceArray {
  let a = asarray(x);
  const r = typeof reps === "number" ? [reps] : [...reps];
  if (r.some((v) => !Number.isInteger(v))) {
    throw new TypeError(`jnp.tile reps must be integers, got ${describeValue(reps)}`);
  }
  if (r.some((v) => v < 0)) {
    throw new ValueError(`negative dimensions are not allowed: jnp.tile reps ${pyShape(r)}`);
  }
  const nd = Math.max(a.ndim, r.length);
  while (r.length < nd) r.unshift(1);
  if (a.ndim < nd) a = lax.reshape(a, [...new Array(nd - a.ndim).fill(1), ...a.shape]);
  // Broadcast to [r0, d0, r1, d1, …] and merge each pair.
  const bshape: number[] = [];
  const dims: number[] = [];
  a.shape.forEach((d, i) => {
    bshape.push(r[i], d);
    dims.push(2 * i + 1);
  });
  const b = lax.broadcastInDim(a, bshape, dims);
  return lax.reshape(b, a.shape.map((d, i) => d * r[i]));
}

/**
 * Repeats each element `repeats` times (a number, or one count per element) along an axis, the
 * flattened array by default, JAX's `jnp.repeat`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.repeat(jnp.array([1, 2]), 2); // DeviceArray([1, 1, 2, 2], dtype=int32)
 * jnp.repeat(jnp.array([1, 2, 3]), [0, 1, 2]); // DeviceArray([2, 3, 3], dtype=int32)
 * jnp.repeat(jnp.array([[1, 2], [3, 4]]), 2, { axis: 0 }).shape; // [ 4, 2 ]
 * ```
 */
export function repeat(
  x: ArrayLike,
  repeats: number | readonly number[],
  opts: { axis?: number | null } = {},
): DeviceArray {
  checkOptions("jnp.repeat", opts);
  let a = asarray(x);
  let axis: number;
  if (opts.axis === undefined || opts.axis === null) {
    a = lax.reshape(a, [a.size]);
    axis = 0;
  } else axis = normalizeAxis(opts.axis, a.ndim);
  const n = a.shape[axis];
  if (typeof repeats === "number") {
    if (!Number.isInteger(repeats) || repeats < 0) {
      throw new ValueError("repeats may not contain negative values.");
    }
    const bshape = [...a.shape];
    bshape.splice(axis + 1, 0, repeats);
    const dims = a.shape.map((_, i) => (i <= axis ? i : i + 1));
    const b = lax.broadcastInDim(a, bshape, dims);
    const out = [...a.shape];
    out[axis] = n * repeats;
    return lax.reshape(b, out);
  }
  if (repeats.length !== n) {
    throw new ValueError(`repeats has length ${repeats.length}, but the axis has size ${n}`);
  }
  const parts = repeats.map((r, i) => repeat(lax.sliceInDim(a, i, i + 1, 1, axis), r, { axis }));
  return lax.concatenate(parts.filter((p) => p.shape[axis] > 0).length ? parts : [parts[0]], axis);
}

/**
 * Reverses the order of elements along axes (all by default), JAX's `jnp.flip`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.flip(jnp.array([1, 2, 3])); // DeviceArray([3, 2, 1], dtype=int32)
 * jnp.flip(jnp.array([[1, 2], [3, 4]]), { axis: 0 });
 * // DeviceArray([[3, 4],
 * //              [1, 2]], dtype=int32)
 * ```
 */
export function flip(
  x: ArrayLike,
  opts: { axis?: number | readonly number[] | null } = {},
): DeviceArray {
  checkOptions("jnp.flip", opts);
  const a = asarray(x);
  const axes = opts.axis === undefined || opts.axis === null
    ? a.shape.map((_, i) => i)
    : (typeof opts.axis === "number" ? [opts.axis] : [...opts.axis]).map((i) =>
      normalizeAxis(i, a.ndim)
    );
  return lax.rev(a, axes);
}

/**
 * Reverses the columns (axis 1), JAX's `jnp.fliplr`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.fliplr(jnp.array([[1, 2], [3, 4]]));
 * // DeviceArray([[2, 1],
 * //              [4, 3]], dtype=int32)
 * ```
 */
export function fliplr(x: ArrayLike): DeviceArray {
  return flip(x, { axis: 1 });
}

/**
 * Reverses the rows (axis 0), JAX's `jnp.flipud`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.flipud(jnp.array([[1, 2], [3, 4]]));
 * // DeviceArray([[3, 4],
 * //              [1, 2]], dtype=int32)
 * ```
 */
export function flipud(x: ArrayLike): DeviceArray {
  return flip(x, { axis: 0 });
}

/**
 * Elementwise choice, JAX's three-argument `jnp.where`: `x` where `condition` is true (nonzero),
 * else `y`; all three broadcast and x, y promote to one dtype. Traceable (the one-argument form,
 * which returns indices, is not provided).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.array([-2, 0, 3]);
 * jnp.where(jnp.greater(x, 0), x, 0); // DeviceArray([0, 0, 3], dtype=int32)
 * jnp.where([true, false], 1.5, jnp.array([7, 8]));
 * // DeviceArray([1.5, 8. ], dtype=float32, weak_type=True)
 * ```
 */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): DeviceArray {
  let c = asarray(condition);
  if (c.dtype !== "bool") c = lax.ne(c, lax.scalar(0, c.dtype));
  const [a, b] = promoteDTypes([x, y]);
  const shape = broadcastShapes(c.shape, a.shape, b.shape);
  return lax.select(broadcastTo(c, shape), broadcastTo(a, shape), broadcastTo(b, shape));
}

/**
 * Limits values to [min, max], JAX's `jnp.clip` (either bound may be null or omitted; NaN stays
 * NaN).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.clip(jnp.array([-1, 0.5, 2, jnp.nan]), 0, 1);
 * // DeviceArray([0. , 0.5, 1. , nan], dtype=float32)
 * jnp.clip(jnp.array([1, 5, 9]), null, 4); // DeviceArray([1, 4, 4], dtype=int32)
 * ```
 */
export function clip(x: ArrayLike, min?: ArrayLike | null, max?: ArrayLike | null): DeviceArray {
  let a = asarray(x);
  if (min !== undefined && min !== null) {
    const [p, q] = promoteDTypes([a, min]);
    const shape = broadcastShapes(p.shape, q.shape);
    a = lax.max(broadcastTo(p, shape), broadcastTo(q, shape));
  }
  if (max !== undefined && max !== null) {
    const [p, q] = promoteDTypes([a, max]);
    const shape = broadcastShapes(p.shape, q.shape);
    a = lax.min(broadcastTo(p, shape), broadcastTo(q, shape));
  }
  return a;
}

/**
 * Rolls elements by `shift` positions along an axis (the flattened array by default), wrapping
 * around, JAX's `jnp.roll`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.roll(jnp.array([1, 2, 3, 4]), 1); // DeviceArray([4, 1, 2, 3], dtype=int32)
 * jnp.roll(jnp.array([[1, 2], [3, 4]]), -1, { axis: 1 });
 * // DeviceArray([[2, 1],
 * //              [4, 3]], dtype=int32)
 * ```
 */
export function roll(
  x: ArrayLike,
  shift: number,
  opts: { axis?: number | null } = {},
): DeviceArray {
  checkOptions("jnp.roll", opts);
  const a = asarray(x);
  if (opts.axis === undefined || opts.axis === null) {
    return lax.reshape(roll(lax.reshape(a, [a.size]), shift, { axis: 0 }), a.shape);
  }
  const axis = normalizeAxis(opts.axis, a.ndim);
  const n = a.shape[axis];
  if (n === 0) return a;
  const s = ((shift % n) + n) % n;
  if (s === 0) return a;
  return lax.concatenate([
    lax.sliceInDim(a, n - s, n, 1, axis),
    lax.sliceInDim(a, 0, n - s, 1, axis),
  ], axis);
}

/**
 * The dtype several values promote to, JAX's `jnp.result_type` (JS numbers are weakly typed).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.resultType(jnp.array([1, 2]), 1.5); // "float32"
 * jnp.resultType(jnp.array([1], { dtype: "uint32" }), jnp.array([1])); // "int32"
 * jnp.resultType(true, 1); // "int32"
 * ```
 */
export function resultType(...xs: ArrayLike[]): string {
  return resultKind(xs).dtype;
}

export { AxisError };
