/**
 * Elementwise selection of jax.numpy: `where` chooses between two arrays by a condition, `clip`
 * clamps to bounds; both broadcast and promote their operands. (The one-argument `where` is
 * `nonzero`, in nonzero.ts.)
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import * as lax from "../lax/lax.ts";
import { ValueError } from "../errors.ts";
import {
  checkExtraArguments,
  checkOptions,
  isOptionsObject,
  splitTrailingArguments,
} from "../options.ts";
import { broadcastShapes, describeValue } from "../shape.ts";
import { asarray, broadcastTo, promoteDTypes } from "./convert.ts";
import { nonzeroIndices, type NonzeroOptions } from "./nonzero.ts";

/**
 * Elementwise choice, JAX's three-argument `jnp.where`: `x` where `condition` is true (nonzero),
 * else `y`; all three broadcast and x, y promote to one dtype. Traceable.
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
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): DeviceArray;
/**
 * The one-argument `jnp.where(condition)`: the indices of the true (nonzero) entries, one int32
 * array per dimension, exactly `jnp.nonzero(condition, opts)` (see it for `size` and
 * `fillValue`, which make it traceable).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.where(jnp.array([0, 2, 0, 4])); // [ DeviceArray([1, 3], dtype=int32) ]
 * jnp.where(jnp.array([0, 2, 0, 4]), { size: 3, fillValue: -1 });
 * // [ DeviceArray([ 1,  3, -1], dtype=int32) ]
 * ```
 */
export function where(condition: ArrayLike, opts?: NonzeroOptions): DeviceArray[];
export function where(
  condition: ArrayLike,
  x?: ArrayLike | NonzeroOptions,
  y?: ArrayLike,
): DeviceArray | DeviceArray[] {
  if (arguments.length > 3) checkExtraArguments("jnp.where", 1, 3, arguments.length, null, null);
  if (y === undefined && (x === undefined || isOptionsObject(x))) {
    // JAX's where(condition, *, size, fill_value): nonzero.
    checkOptions("jnp.where", x, ["size", "fillValue"]);
    return nonzeroIndices(asarray(condition), (x ?? {}) as NonzeroOptions);
  }
  if (x === undefined || y === undefined) {
    // JAX's message, with Python's None for the missing one.
    const show = (v: unknown) => (v === undefined ? "None" : describeValue(v));
    throw new ValueError(
      "Either both or neither of the x and y arguments should be provided to jax.numpy.where, " +
        `got ${show(x)} and ${show(y)}.`,
    );
  }
  let c = asarray(condition);
  if (c.dtype !== "bool") c = lax.ne(c, lax.scalar(0, c.dtype));
  const [a, b] = promoteDTypes([x as ArrayLike, y]);
  const shape = broadcastShapes(c.shape, a.shape, b.shape);
  return lax.select(broadcastTo(c, shape), broadcastTo(a, shape), broadcastTo(b, shape));
}

/**
 * Options of `jnp.clip` (JAX's keywords `min` and `max`; either may be omitted or null).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.ClipOptions = { min: 0 };
 * jnp.clip(jnp.array([-2, 3]), opts); // DeviceArray([0, 3], dtype=int32)
 * ```
 */
export interface ClipOptions {
  /** The lower bound (none when omitted or null). */
  min?: ArrayLike | null;
  /** The upper bound (none when omitted or null). */
  max?: ArrayLike | null;
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
 * jnp.clip(jnp.array([1, 5, 9]), { max: 4 }); // JAX's clip(x, max=4)
 * // DeviceArray([1, 4, 4], dtype=int32)
 * ```
 */
export function clip(
  x: ArrayLike,
  min?: ArrayLike | null | ClipOptions,
  max?: ArrayLike | null,
): DeviceArray {
  if (arguments.length > 3) checkExtraArguments("jnp.clip", 1, 3, arguments.length, null, null);
  if (isOptionsObject(min)) {
    // JAX's keywords: clip(x, min=…, max=…).
    const o = splitTrailingArguments("jnp.clip", 1, [min, max], ["min", "max"]) as ClipOptions;
    [min, max] = [o.min, o.max];
  }
  const lo = min as ArrayLike | null | undefined;
  let a = asarray(x);
  if (lo !== undefined && lo !== null) {
    const [p, q] = promoteDTypes([a, lo]);
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
