/**
 * Shape changes of jax.numpy that keep every element once: reshape, ravel, transpose, swapaxes,
 * moveaxis, expandDims, squeeze, atleast1d/2d, and broadcasting (broadcastTo, broadcastArrays).
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { NotImplementedError } from "../errors.ts";
import { checkExtraArguments, checkOptions, isOptionsObject } from "../options.ts";
import { broadcastShapes, describeValue, normalizeAxis, prod, pyShape } from "../shape.ts";
import { asarray, broadcastTo } from "./convert.ts";

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
 * // numpy's order "F" (column-major), positionally or as { order: "F" }
 * jnp.reshape(jnp.arange(6), [2, 3], "F");
 * // DeviceArray([[0, 2, 4],
 * //              [1, 3, 5]], dtype=int32)
 * ```
 */
export function reshape(
  x: ArrayLike,
  shape: number | readonly number[],
  order: Order | { order?: Order } = "C",
): DeviceArray {
  if (arguments.length > 3) checkExtraArguments("jnp.reshape", 2, 3, arguments.length, null, null);
  const o = order === "C" ? "C" : orderOf("jnp.reshape", order);
  const a = asarray(x);
  if (o === "F") {
    // JAX's order="F": reshape the transpose to the reversed shape, then transpose back.
    const flipped = reshape(
      transpose(a),
      typeof shape === "number" ? [shape] : [...shape].reverse(),
    );
    return transpose(flipped);
  }
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
 * numpy's memory orders for reshape and ravel: "C" (row-major, the default) or "F" (column-major).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const order: jnp.Order = "F";
 * jnp.ravel(jnp.array([[1, 2], [3, 4]]), order); // DeviceArray([1, 3, 2, 4], dtype=int32)
 * ```
 */
export type Order = "C" | "F";

/** The order argument of reshape/ravel, positional or `{ order }`, with JAX's errors. */
function orderOf(fn: string, order: unknown): "C" | "F" {
  if (isOptionsObject(order)) {
    checkOptions(fn, order, ["order"]);
    order = order.order ?? "C";
  }
  if (order === "C" || order === "F") return order;
  if (order === "A" || order === "K") {
    throw new NotImplementedError(
      fn === "jnp.ravel"
        ? `Ravel not implemented for order='${order}'.`
        : `np.reshape order=${order} is not implemented.`,
    );
  }
  if (typeof order === "string") {
    throw new ValueError(`Unexpected value for 'order' argument: ${order}.`);
  }
  throw new TypeError(
    `${fn}: order must be "C" or "F", got ${describeValue(order)}` +
      (fn === "jnp.reshape" && typeof order === "number"
        ? " (pass the new shape as one list: jnp.reshape(x, [2, 3]))"
        : ""),
  );
}

/**
 * Flattens to 1-d in row-major order (column-major with order "F"), JAX's `jnp.ravel`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.ravel(jnp.array([[1, 2], [3, 4]])); // DeviceArray([1, 2, 3, 4], dtype=int32)
 * jnp.ravel(jnp.array([[1, 2], [3, 4]]), "F"); // DeviceArray([1, 3, 2, 4], dtype=int32)
 * ```
 */
export function ravel(x: ArrayLike, order: Order | { order?: Order } = "C"): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.ravel", 1, 2, arguments.length, null, null);
  const o = orderOf("jnp.ravel", order);
  const a = asarray(x);
  return lax.reshape(o === "F" ? transpose(a) : a, [a.size]);
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
  if (arguments.length > 2 || (axes != null && !Array.isArray(axes))) {
    const given = [...arguments].slice(1).map(describeValue).join(", ");
    throw new TypeError(
      `jnp.transpose: axes must be one list of axes, got ${given} ` +
        `(write jnp.transpose(x, [${given}]))`,
    );
  }
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
  if (arguments.length > 3) checkExtraArguments("jnp.swapaxes", 3, 3, arguments.length, null, null);
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
  if (arguments.length > 3) checkExtraArguments("jnp.moveaxis", 3, 3, arguments.length, null, null);
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
 * jnp.expandDims(jnp.array([1, 2]), { axis: 1 }).shape; // [ 2, 1 ]
 * ```
 */
export function expandDims(
  x: ArrayLike,
  axis: number | readonly number[] | { axis: number | readonly number[] },
): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.expandDims", 2, 2, arguments.length, null, null);
  }
  if (isOptionsObject(axis)) {
    checkOptions("jnp.expandDims", axis, ["axis"]);
    axis = axis.axis;
  }
  if (typeof axis !== "number" && !Array.isArray(axis)) {
    throw new TypeError(
      `jnp.expandDims: axis must be an integer or a list of integers, got ${describeValue(axis)}`,
    );
  }
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
  if (arguments.length > 2) checkExtraArguments("jnp.squeeze", 1, 2, arguments.length, null, null);
  checkOptions("jnp.squeeze", opts, ["axis"]);
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
 * The array with at least one axis (a 0-d array becomes shape [1]), JAX's `jnp.atleast_1d`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.atleast1d(5); // DeviceArray([5], dtype=int32, weak_type=True)
 * jnp.atleast1d(1, [2, 3]).map((a) => a.shape); // several arrays give a list: [ [ 1 ], [ 2 ] ]
 * ```
 */
export function atleast1d(x: ArrayLike): DeviceArray;
/**
 * Several arrays, each with at least one axis, as a list (JAX's `atleast_1d(*arys)`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const [a, b] = jnp.atleast1d(1, [2, 3]);
 * a.shape; // [ 1 ]
 * ```
 */
export function atleast1d(...xs: ArrayLike[]): DeviceArray[];
export function atleast1d(...xs: ArrayLike[]): DeviceArray | DeviceArray[] {
  const out = xs.map((x) => {
    const a = asarray(x);
    return a.ndim === 0 ? lax.reshape(a, [1]) : a;
  });
  return xs.length === 1 ? out[0] : out;
}

/**
 * The array with at least two axes (a 1-d array becomes a row), JAX's `jnp.atleast_2d`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.atleast2d(jnp.array([1, 2])).shape; // [ 1, 2 ]
 * jnp.atleast2d(1, [2, 3]).map((a) => a.shape); // several give a list: [ [ 1, 1 ], [ 1, 2 ] ]
 * ```
 */
export function atleast2d(x: ArrayLike): DeviceArray;
/**
 * Several arrays, each with at least two axes, as a list (JAX's `atleast_2d(*arys)`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const [a, b] = jnp.atleast2d(1, [2, 3]);
 * b.shape; // [ 1, 2 ]
 * ```
 */
export function atleast2d(...xs: ArrayLike[]): DeviceArray[];
export function atleast2d(...xs: ArrayLike[]): DeviceArray | DeviceArray[] {
  const out = xs.map((x) => {
    const a = asarray(x);
    return a.ndim === 0 ? lax.reshape(a, [1, 1]) : a.ndim === 1 ? lax.reshape(a, [1, a.size]) : a;
  });
  return xs.length === 1 ? out[0] : out;
}
