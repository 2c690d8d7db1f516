/**
 * Repeating and reordering elements in jax.numpy: tile, repeat, flip (fliplr, flipud), and
 * roll.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions } from "../options.ts";
import { describeValue, normalizeAxis, pyShape } from "../shape.ts";
import { asarray } from "./convert.ts";

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
  if (arguments.length > 2) checkExtraArguments("jnp.tile", 2, 2, arguments.length, null, null);
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
  if (arguments.length > 3) checkExtraArguments("jnp.repeat", 2, 3, arguments.length, null, null);
  checkOptions("jnp.repeat", opts, ["axis"], "x, repeats");
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
  if (arguments.length > 2) checkExtraArguments("jnp.flip", 1, 2, arguments.length, null, null);
  checkOptions("jnp.flip", opts, ["axis"]);
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
  if (arguments.length > 1) {
    checkExtraArguments("jnp.fliplr", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
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
  if (arguments.length > 1) {
    checkExtraArguments("jnp.flipud", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  return flip(x, { axis: 0 });
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
 * jnp.roll(jnp.array([[1, 2], [3, 4]]), [1, 1], { axis: [0, 1] }); // one shift per axis
 * // DeviceArray([[4, 3],
 * //              [2, 1]], dtype=int32)
 * ```
 */
export function roll(
  x: ArrayLike,
  shift: number | readonly number[],
  opts: { axis?: number | readonly number[] | null } = {},
): DeviceArray {
  if (arguments.length > 3) checkExtraArguments("jnp.roll", 2, 3, arguments.length, null, null);
  checkOptions("jnp.roll", opts, ["axis"], "x, shift");
  const shifts = typeof shift === "number" ? [shift] : shift;
  if (!Array.isArray(shifts) || !shifts.every((v) => Number.isInteger(v))) {
    throw new TypeError(
      `jnp.roll: shift must be an integer or a list of integers, got ${describeValue(shift)}`,
    );
  }
  const a = asarray(x);
  if (opts.axis === undefined || opts.axis === null) {
    const flat = lax.reshape(a, [a.size]);
    return lax.reshape(roll(flat, shifts.length === 1 ? shifts[0] : shifts, { axis: 0 }), a.shape);
  }
  const axes = typeof opts.axis === "number" ? [opts.axis] : opts.axis;
  // numpy broadcasts shift against axis: each (axis, shift) pair rolls once.
  const len = Math.max(axes.length, shifts.length);
  if (
    (axes.length !== len && axes.length !== 1) || (shifts.length !== len && shifts.length !== 1)
  ) {
    throw new ValueError(
      `shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between ` +
        `arg 0 with shape (${axes.length},) and arg 1 with shape (${shifts.length},).`,
    );
  }
  let out = a;
  for (let i = 0; i < len; i++) {
    out = rollAxis(out, shifts[shifts.length === 1 ? 0 : i], axes[axes.length === 1 ? 0 : i]);
  }
  return out;
}

/** Rolls one axis by `shift` (two slices concatenated). */
function rollAxis(a: DeviceArray, shift: number, ax: number): DeviceArray {
  const axis = normalizeAxis(ax, a.ndim);
  const n = a.shape[axis];
  if (n === 0) return a;
  const s = ((shift % n) + n) % n;
  if (s === 0) return a;
  return lax.concatenate([
    lax.sliceInDim(a, n - s, n, 1, axis),
    lax.sliceInDim(a, 0, n - s, 1, axis),
  ], axis);
}
