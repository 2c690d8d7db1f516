/** `jnp.linalg.trace`: the traces of the matrices of a batch (its last two axes). */

import type { ArrayLike, DeviceArray } from "../../core/array.ts";
import type { DType } from "../../dtype.ts";
import { checkOptions, tooManyArguments } from "../../options.ts";
import { trace as traceAlong } from "../trace.ts";

/**
 * Options of {@link trace}: JAX's `offset` and `dtype` (the axes are the last two).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.linalg.TraceOptions = { offset: -1, dtype: "float32" };
 * jnp.linalg.trace(jnp.array([[1, 2], [3, 4]]), opts); // DeviceArray(3., dtype=float32)
 * ```
 */
export interface TraceOptions {
  /** The diagonal: 0 the main one, k > 0 above it, k < 0 below (default 0). */
  offset?: number;
  /** The dtype to sum in and return (default: as `jnp.sum`: bools sum as int32). */
  dtype?: DType | string;
}

/**
 * The trace of a matrix, or of each matrix of a batch [..., m, n], JAX's `jnp.linalg.trace`
 * (`jnp.trace` over the last two axes).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.arange(24).reshape([2, 3, 4]);
 * jnp.linalg.trace(x); // DeviceArray([15, 51], dtype=int32)
 * jnp.linalg.trace(x, { offset: 1 }); // DeviceArray([18, 54], dtype=int32)
 * ```
 */
export function trace(x: ArrayLike, opts: TraceOptions = {}): DeviceArray {
  if (arguments.length > 2) throw tooManyArguments("jnp.linalg.trace", 1, 2, arguments.length);
  checkOptions("jnp.linalg.trace", opts, ["offset", "dtype"]);
  return traceAlong(x, { offset: opts.offset, dtype: opts.dtype, axis1: -2, axis2: -1 });
}
