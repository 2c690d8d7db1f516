/** Helpers shared by the JVP, transpose and batching rule tables. */

import type { ShapedArray } from "../../core/aval.ts";
import type { DeviceArray } from "../../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../../core/ad_util.ts";
import type { BatchDim } from "../../core/primitive.ts";
import * as lax from "../lax.ts";
import { moveaxis } from "../../interpreters/batching.ts";
import type { Shape } from "../../shape.ts";

export { isZero, moveaxis, UndefPrimal, Zero };
export type { Tangent };

/** Broadcasts a (lax-broadcastable) operand-shaped value to the output shape. */
export function broadcastToShape(x: DeviceArray, shape: Shape): DeviceArray {
  if (x.shape.join() === shape.join()) return x;
  if (x.ndim === 0) return lax.broadcastInDim(x, shape, []);
  // Same rank, size-1 axes broadcast.
  const keep = x.shape.map((_, i) => i).filter((i) => x.shape[i] === shape[i]);
  const squeezed = lax.reshape(x, keep.map((i) => x.shape[i]));
  return lax.broadcastInDim(squeezed, shape, keep);
}

/**
 * Sums a cotangent of the output shape down to an operand's shape (the transpose of lax's
 * implicit broadcasting of rank-0 and size-1 operands).
 */
export function unbroadcast(ct: DeviceArray, aval: ShapedArray): DeviceArray {
  if (ct.shape.join() === aval.shape.join()) return ct;
  if (aval.ndim === 0) return lax.reduceSum(ct, ct.shape.map((_, i) => i));
  const axes = aval.shape.map((d, i) => i).filter((i) => aval.shape[i] === 1 && ct.shape[i] !== 1);
  const summed = lax.reduceSum(ct, axes);
  return lax.reshape(summed, aval.shape);
}

/** Like unbroadcast for a possibly-zero cotangent. */
export function unbroadcastT(ct: Tangent, aval: ShapedArray): Tangent {
  return isZero(ct) ? new Zero(aval) : unbroadcast(ct, aval);
}

/** A zero of the given aval's shape/dtype as a concrete array. */
export function zeros(aval: ShapedArray): DeviceArray {
  return lax.broadcastInDim(lax.convertElementType(0, aval.dtype), aval.shape, []);
}

export function instantiate(t: Tangent): DeviceArray {
  return isZero(t) ? zeros(t.aval) : t;
}

/** The aval of a value (array, symbolic zero or undefined primal). */
export function avalOf(x: DeviceArray | UndefPrimal | Zero): ShapedArray {
  return x.aval;
}

/** A scalar constant of x's dtype (weak, so it never changes x's type). */
export function constLike(x: DeviceArray, v: number): DeviceArray {
  return lax.scalar(v, x.dtype);
}

/**
 * Prepares operands of a lax-broadcasting elementwise primitive for a batched application:
 * batched operands get their batch axis first (rank-0 ones padded with size-1 axes to the
 * output rank), unbatched ranked ones a leading size-1 axis, unbatched scalars stay rank 0.
 */
export function batchElementwiseOperands(args: DeviceArray[], dims: BatchDim[], size: number): DeviceArray[] {
  let rank = 0;
  args.forEach((a, i) => {
    const r = dims[i] === null ? a.ndim : a.ndim - 1;
    if (r > rank) rank = r;
  });
  return args.map((a, i) => {
    const d = dims[i];
    if (d === null) return a.ndim === 0 ? a : lax.reshape(a, [1, ...a.shape]);
    const moved = moveaxis(a, d, 0, size);
    if (moved.ndim - 1 < rank) return lax.reshape(moved, [size, ...new Array(rank).fill(1)]);
    return moved;
  });
}

/** Moves a batch dim to 0, broadcasting unbatched values to carry the batch axis. */
export function bdimToFront(x: DeviceArray, d: BatchDim, size: number): DeviceArray {
  return moveaxis(x, d, 0, size);
}
