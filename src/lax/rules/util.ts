/** Helpers shared by the JVP, transpose and batching rule tables. */

import type { ShapedArray } from "../../core/aval.ts";
import type { DeviceArray } from "../../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../../core/ad_util.ts";
import type { BatchDim, Params, Primitive } from "../../core/primitive.ts";
import { bind } from "../../core/trace.ts";
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
  const axes = aval.shape.map((_, i) => i).filter((i) => aval.shape[i] === 1 && ct.shape[i] !== 1);
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
export function batchElementwiseOperands(
  args: DeviceArray[],
  dims: BatchDim[],
  size: number,
): DeviceArray[] {
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

// Helpers for the structural, reduction, dot, indexing and sort rules ---------------------------

/** `[start, start + 1, …, stop - 1]`. */
export function range(start: number, stop?: number): number[] {
  if (stop === undefined) [start, stop] = [0, start];
  const out: number[] = [];
  for (let i = start; i < stop; i++) out.push(i);
  return out;
}

/** The permutation that sorts `xs` ascending (numpy's argsort); inverts a permutation. */
export function argsort(xs: readonly number[]): number[] {
  return xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
}

/** A symbolic zero tangent for a primal output (tangents are never weakly typed). */
export function zeroTangent(primalOut: DeviceArray): Zero {
  return new Zero(primalOut.aval.withWeak(false));
}

/**
 * Where an operand axis goes once a batch axis is inserted at `bdim`: axes at or after the batch
 * axis shift up by one. Used to rewrite axis params of a primitive for its batched operand.
 */
export function shiftAxis(axis: number, bdim: number): number {
  return axis >= bdim ? axis + 1 : axis;
}

/**
 * JVP for a primitive that is linear in the operands `linear` (jointly) and takes the others
 * (indices) as plain values: the tangent is the same primitive applied to the tangents, with
 * zeros instantiated. `tangentParams` adjusts params for the tangent application (e.g. a
 * gather's fill value must be 0 for tangents).
 */
export function defLinearJvp(
  prim: Primitive,
  linear: readonly number[],
  tangentParams?: (params: Params) => Params,
): void {
  prim.jvp = (primals, tangents, params) => {
    const outs = bind(prim, primals, params);
    if (linear.every((i) => isZero(tangents[i]))) return [outs, outs.map(zeroTangent)];
    const args = primals.map((p, i) => (linear.includes(i) ? instantiate(tangents[i]) : p));
    return [outs, bind(prim, args, tangentParams ? tangentParams(params) : params)];
  };
}

/** JVP for primitives whose outputs are integers (or piecewise constant): zero tangents. */
export function defZeroJvp(prim: Primitive): void {
  prim.jvp = (primals, _t, params) => {
    const outs = bind(prim, primals, params);
    return [outs, outs.map(zeroTangent)];
  };
}

/**
 * `x` taken along `axis` at positions `idx` (numpy's take_along_axis for `idx` of x's shape), as
 * one gather whose other axes are batching dims: linear in `x`, so it transposes to a
 * scatter-add, and it batches like any gather.
 */
export function takeAlongAxis(x: DeviceArray, idx: DeviceArray, axis: number): DeviceArray {
  const others = range(x.ndim).filter((i) => i !== axis);
  return lax.gather(
    x,
    lax.reshape(idx, [...idx.shape, 1]),
    {
      offset_dims: [],
      collapsed_slice_dims: [axis],
      start_index_map: [axis],
      operand_batching_dims: others,
      start_indices_batching_dims: others,
    },
    x.shape.map(() => 1),
    { mode: "clip" },
  );
}

/**
 * Shifts `x` by `s` positions along `axis` (towards higher indices, or lower when `reverse`),
 * filling the vacated positions with `fill`: one pad with a negative edge that crops.
 */
export function shiftAlong(
  x: DeviceArray,
  s: number,
  axis: number,
  fill: DeviceArray | number,
  reverse = false,
): DeviceArray {
  const cfg = x.shape.map((): [number, number, number] => [0, 0, 0]);
  const n = Math.min(s, x.shape[axis]);
  cfg[axis] = reverse ? [-n, n, 0] : [n, -n, 0];
  return lax.pad(x, fill, cfg);
}
