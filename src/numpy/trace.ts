/** `jnp.trace`: sums of diagonals along two axes. */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { normalizeAxis } from "../shape.ts";
import { checkOptions, tooManyArguments } from "../options.ts";
import { asarray } from "./convert.ts";
import { sum } from "./reductions.ts";

/**
 * Options of {@link trace}: JAX's `offset`, `axis1`, `axis2` and `dtype`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.TraceOptions = { offset: 1 };
 * jnp.trace(jnp.array([[1, 2], [3, 4]]), opts); // DeviceArray(2, dtype=int32)
 * ```
 */
export interface TraceOptions {
  /** The diagonal: 0 the main one, k > 0 above it, k < 0 below (default 0). */
  offset?: number;
  /** The first axis of the 2-d slices whose diagonals are summed (default 0). */
  axis1?: number;
  /** The second axis (default 1). */
  axis2?: number;
  /** The dtype to sum in and return (default: as `jnp.sum`: bools sum as int32). */
  dtype?: DType | string;
}

/**
 * The sum along a diagonal, JAX's `jnp.trace(a, offset=0, axis1=0, axis2=1, dtype=None)`: the
 * diagonals of the 2-d slices over `axis1` and `axis2` (which are removed from the result).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.arange(1, 9).reshape([2, 2, 2]);
 * jnp.trace(x); // DeviceArray([ 8, 10], dtype=int32)
 * jnp.trace(x, { offset: 1 }); // DeviceArray([3, 4], dtype=int32)
 * jnp.trace(x, { axis1: 1, axis2: 2 }); // DeviceArray([ 5, 13], dtype=int32)
 * ```
 */
export function trace(a: ArrayLike, opts: TraceOptions = {}): DeviceArray {
  if (arguments.length > 2) throw tooManyArguments("jnp.trace", 1, 2, arguments.length);
  checkOptions("jnp.trace", opts, ["offset", "axis1", "axis2", "dtype"], "a");
  const x = asarray(a);
  const axis1 = opts.axis1 ?? 0, axis2 = opts.axis2 ?? 1, offset = opts.offset ?? 0;
  const ax1 = normalizeAxis(axis1, x.ndim), ax2 = normalizeAxis(axis2, x.ndim);
  if (ax1 === ax2) {
    throw new ValueError(`axis1 and axis2 can not be same. axis1=${axis1} and axis2=${axis2}`);
  }
  if (!Number.isInteger(offset)) {
    throw new TypeError(`trace: offset must be an integer, got ${offset}`);
  }
  // Move the two axes last, keep the chosen diagonal (column - row = offset), sum them away.
  const rest = x.shape.map((_, i) => i).filter((i) => i !== ax1 && i !== ax2);
  const moved = lax.transpose(x, [...rest, ax1, ax2]);
  const r = moved.ndim;
  const onDiagonal = lax.eq(
    lax.sub(
      lax.broadcastedIota("int32", moved.shape, r - 1),
      lax.broadcastedIota("int32", moved.shape, r - 2),
    ),
    lax.broadcastInDim(lax.scalar(offset, "int32"), moved.shape, []),
  );
  const zeros = lax.broadcastInDim(lax.scalar(0, moved.dtype), moved.shape, []);
  return sum(lax.select(onDiagonal, moved, zeros), { axis: [r - 2, r - 1], dtype: opts.dtype });
}
