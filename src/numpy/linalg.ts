/** Products of jax.numpy: dot, matmul, vdot, inner, outer, tensordot. */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { broadcastShapes, normalizeAxis } from "../shape.ts";
import { broadcastTo, promoteDTypes } from "./convert.ts";
import { multiply } from "./ufuncs.ts";

function promote2(a: ArrayLike, b: ArrayLike): [DeviceArray, DeviceArray] {
  const [x, y] = promoteDTypes([a, b]);
  return [x, y];
}

/**
 * numpy's dot: the sum product over the last axis of `a` and the second-to-last of `b` (the
 * only axis of a 1-d `b`); scalars multiply.
 *
 * @example
 * ```ts
 * jnp.dot(jnp.arange(150), jnp.arange(100, 250)); // DeviceArray(2231275, dtype=int32)
 * jnp.dot(W, x);                                  // matrix · vector
 * ```
 */
export function dot(a: ArrayLike, b: ArrayLike): DeviceArray {
  const [x, y] = promote2(a, b);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  const rc = y.ndim >= 2 ? y.ndim - 2 : 0;
  return lax.dotGeneral(x, y, [[[x.ndim - 1], [rc]], [[], []]], x.dtype);
}

/**
 * Matrix product with numpy's matmul rules: leading axes are batch axes and broadcast; 1-d
 * operands are treated as vectors.
 *
 * @example
 * ```ts
 * jnp.matmul(batchX, W.T); // [16, 100] @ [100, 64] → [16, 64]
 * ```
 */
export function matmul(a: ArrayLike, b: ArrayLike): DeviceArray {
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

/** Dot product of the flattened arrays. @example jnp.vdot(a, b) */
export function vdot(a: ArrayLike, b: ArrayLike): DeviceArray {
  const [x, y] = promote2(a, b);
  return dot(lax.reshape(x, [x.size]), lax.reshape(y, [y.size]));
}

/** Sum product over the last axes of both. @example jnp.inner(a, b) */
export function inner(a: ArrayLike, b: ArrayLike): DeviceArray {
  const [x, y] = promote2(a, b);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  return lax.dotGeneral(x, y, [[[x.ndim - 1], [y.ndim - 1]], [[], []]], x.dtype);
}

/** Outer product of the flattened arrays. @example jnp.outer(a, b) */
export function outer(a: ArrayLike, b: ArrayLike): DeviceArray {
  const [x, y] = promote2(a, b);
  return multiply(lax.reshape(x, [x.size, 1]), lax.reshape(y, [1, y.size]));
}

/**
 * Sums products over the given axes: `axes` is a count (last n of a with first n of b) or a
 * pair of axis lists.
 *
 * @example
 * ```ts
 * jnp.tensordot(a, b, 1);                 // like dot for matrices
 * jnp.tensordot(a, b, [[1, 2], [0, 1]]);
 * ```
 */
export function tensordot(
  a: ArrayLike,
  b: ArrayLike,
  axes: number | readonly [number | readonly number[], number | readonly number[]] = 2,
): DeviceArray {
  const [x, y] = promote2(a, b);
  let ca: number[], cb: number[];
  if (typeof axes === "number") {
    if (axes > x.ndim || axes > y.ndim) {
      throw new TypeError(
        `Number of tensordot axes (axes ${axes}) exceeds input ranks (${x.ndim} and ${y.ndim})`,
      );
    }
    ca = Array.from({ length: axes }, (_, i) => x.ndim - axes + i);
    cb = Array.from({ length: axes }, (_, i) => i);
  } else {
    const [pa, pb] = axes;
    ca = (typeof pa === "number" ? [pa] : [...pa]).map((i) => normalizeAxis(i, x.ndim));
    cb = (typeof pb === "number" ? [pb] : [...pb]).map((i) => normalizeAxis(i, y.ndim));
    if (ca.length !== cb.length) {
      throw new TypeError(
        `tensordot requires axes lists to have equal length, got ${ca} and ${cb}.`,
      );
    }
  }
  return lax.dotGeneral(x, y, [[ca, cb], [[], []]], x.dtype);
}
