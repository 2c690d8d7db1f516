/** Products of jax.numpy: dot, matmul, vdot, inner, outer, tensordot. */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions, isOptionsObject } from "../options.ts";
import { broadcastShapes, describeValue, normalizeAxis } from "../shape.ts";
import { broadcastTo, promoteDTypes } from "./convert.ts";
import { multiply } from "./ufuncs.ts";

function promote2(a: ArrayLike, b: ArrayLike): [DeviceArray, DeviceArray] {
  const [x, y] = promoteDTypes([a, b]);
  return [x, y];
}

/**
 * The `axes` of `jnp.tensordot`: how many trailing axes of `a` to contract with as many leading
 * axes of `b`, or the two lists of axes (or two single axes) to contract.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const axes: jnp.TensordotAxes = [[1], [0]];
 * jnp.tensordot(jnp.ones([2, 3]), jnp.ones([3, 4]), axes).shape; // [ 2, 4 ]
 * ```
 */
export type TensordotAxes =
  | number
  | readonly [number | readonly number[], number | readonly number[]];

/**
 * numpy's dot, JAX's `jnp.dot`: the sum product over the last axis of `a` and the second-to-last of
 * `b` (the only axis of a 1-d `b`); scalars multiply. Integer products accumulate in int32
 * (wrapping on overflow).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.dot(jnp.arange(150), jnp.arange(100, 250)); // DeviceArray(2231275, dtype=int32)
 * const W = jnp.array([[1, 2], [3, 4]]);
 * jnp.dot(W, jnp.array([1, 1])); // DeviceArray([3, 7], dtype=int32)
 * ```
 */
export function dot(a: ArrayLike, b: ArrayLike): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.dot", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const [x, y] = promote2(a, b);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  const rc = y.ndim >= 2 ? y.ndim - 2 : 0;
  return lax.dotGeneral(x, y, [[[x.ndim - 1], [rc]], [[], []]], x.dtype);
}

/**
 * Matrix product with numpy's matmul rules, JAX's `jnp.matmul` (`a @ b`): leading axes are batch
 * axes and broadcast; a 1-d operand is a vector (its axis is removed from the result). Scalars are
 * not allowed.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const batch = jnp.ones([16, 3, 4]);
 * jnp.matmul(batch, jnp.ones([4, 5])).shape; // [ 16, 3, 5 ]
 * jnp.matmul(jnp.array([[1, 2], [3, 4]]), jnp.array([1, 0])); // DeviceArray([1, 3], dtype=int32)
 * ```
 */
export function matmul(a: ArrayLike, b: ArrayLike): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.matmul", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  let [x, y] = promote2(a, b);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ValueError("matmul: Input operand does not have enough dimensions");
  }
  const vecA = x.ndim === 1, vecB = y.ndim === 1;
  if (vecA) x = lax.reshape(x, [1, x.shape[0]]);
  if (vecB) y = lax.reshape(y, [y.shape[0], 1]);
  const batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2));
  const nb = batch.length;
  x = broadcastTo(x, [...batch, ...x.shape.slice(-2)]);
  y = broadcastTo(y, [...batch, ...y.shape.slice(-2)]);
  const bd = Array.from({ length: nb }, (_, i) => i);
  let out = lax.dotGeneral(x, y, [[[nb + 1], [nb]], [bd, bd]], x.dtype);
  if (vecA) out = lax.squeeze(out, [nb]);
  if (vecB) out = lax.squeeze(out, [out.ndim - 1]);
  return out;
}

/**
 * Dot product of the flattened arrays, JAX's `jnp.vdot`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.vdot(jnp.array([[1, 2], [3, 4]]), jnp.array([[1, 1], [1, 1]]));
 * // DeviceArray(10, dtype=int32)
 * ```
 */
export function vdot(a: ArrayLike, b: ArrayLike): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.vdot", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const [x, y] = promote2(a, b);
  return dot(lax.reshape(x, [x.size]), lax.reshape(y, [y.size]));
}

/**
 * Sum product over the last axes of both, JAX's `jnp.inner`; scalars multiply.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.inner(jnp.array([1, 2, 3]), jnp.array([4, 5, 6])); // DeviceArray(32, dtype=int32)
 * jnp.inner(jnp.array([[1, 0], [0, 2]]), jnp.array([3, 4])); // DeviceArray([3, 8], dtype=int32)
 * ```
 */
export function inner(a: ArrayLike, b: ArrayLike): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.inner", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const [x, y] = promote2(a, b);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  return lax.dotGeneral(x, y, [[[x.ndim - 1], [y.ndim - 1]], [[], []]], x.dtype);
}

/**
 * Outer product of the flattened arrays, JAX's `jnp.outer`: `out[i, j] = a[i] · b[j]`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.outer(jnp.array([1, 2]), jnp.array([1, 10, 100]));
 * // DeviceArray([[  1,  10, 100],
 * //              [  2,  20, 200]], dtype=int32)
 * ```
 */
export function outer(a: ArrayLike, b: ArrayLike): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.outer", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const [x, y] = promote2(a, b);
  return multiply(lax.reshape(x, [x.size, 1]), lax.reshape(y, [1, y.size]));
}

/**
 * Sums products over the given axes, JAX's `jnp.tensordot`: `axes` is a count (the last n axes of a
 * with the first n of b; 2 by default) or a pair of axis lists.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const a = jnp.ones([2, 3, 4]), b = jnp.ones([3, 4, 5]);
 * jnp.tensordot(a, b).shape; // [ 2, 5 ]
 * jnp.tensordot(a, b, [[1], [0]]).shape; // [ 2, 4, 4, 5 ]
 * jnp.tensordot(jnp.array([[1, 2], [3, 4]]), jnp.array([1, 1]), 1);
 * // DeviceArray([3, 7], dtype=int32)
 * jnp.tensordot(a, b, { axes: [[1, 2], [0, 1]] }).shape; // JAX's axes= keyword: [ 2, 5 ]
 * ```
 */
export function tensordot(
  a: ArrayLike,
  b: ArrayLike,
  axes: TensordotAxes | { axes?: TensordotAxes } = 2,
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("jnp.tensordot", 2, 3, arguments.length, null, null);
  }
  if (isOptionsObject(axes)) {
    checkOptions("jnp.tensordot", axes, ["axes"]);
    axes = axes.axes ?? 2;
  }
  const [x, y] = promote2(a, b);
  let ca: number[], cb: number[];
  const pair = Array.isArray(axes) && axes.length === 2;
  if (!(Number.isInteger(axes) || pair)) {
    throw new TypeError(
      "tensordot axes argument must be an int, a pair of ints, or a pair of lists/tuples of ints.",
    );
  }
  if (typeof axes === "number") {
    if (axes > x.ndim || axes > y.ndim) {
      throw new TypeError(
        `Number of tensordot axes (axes ${axes}) exceeds input ranks (${x.ndim} and ${y.ndim})`,
      );
    }
    ca = Array.from({ length: axes }, (_, i) => x.ndim - axes + i);
    cb = Array.from({ length: axes }, (_, i) => i);
  } else {
    const [pa, pb] = axes as readonly [unknown, unknown];
    if (typeof pa !== typeof pb || (typeof pa !== "number" && !Array.isArray(pa))) {
      throw new TypeError(
        `tensordot requires both axes lists to be either ints, tuples or lists, got ` +
          `${describeValue(pa)} and ${describeValue(pb)}`,
      );
    }
    ca = (typeof pa === "number" ? [pa] : [...(pa as number[])]).map((i) =>
      normalizeAxis(i, x.ndim)
    );
    cb = (typeof pb === "number" ? [pb] : [...(pb as number[])]).map((i) =>
      normalizeAxis(i, y.ndim)
    );
    if (ca.length !== cb.length) {
      throw new TypeError(
        `tensordot requires axes lists to have equal length, got ${ca} and ${cb}.`,
      );
    }
  }
  return lax.dotGeneral(x, y, [[ca, cb], [[], []]], x.dtype);
}
