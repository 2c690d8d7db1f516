/**
 * Joining and splitting of jax.numpy: concatenate, stack, hstack, vstack, columnStack, and
 * split.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions, isOptionsObject } from "../options.ts";
import { describeValue, normalizeAxis } from "../shape.ts";
import { asarray, type DTypeArg, dtypeFromArg, promoteDTypes } from "./convert.ts";
import { atleast1d, atleast2d } from "./reshaping.ts";

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
 * jnp.concatenate([a, b], { dtype: "float32" }); // the inputs are cast first
 * // DeviceArray([[1., 2.],
 * //              [3., 4.]], dtype=float32)
 * ```
 */
export function concatenate(
  xs: readonly ArrayLike[],
  opts: { axis?: number | null; dtype?: DType | string | null } = {},
): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.concatenate", 1, 2, arguments.length, null, null);
  }
  if (!Array.isArray(xs)) {
    throw new TypeError(`jnp.concatenate expects a list of arrays, got ${describeValue(xs)}`);
  }
  checkOptions("jnp.concatenate", opts, ["axis", "dtype"], "arrays");
  if (xs.length === 0) throw new ValueError("Need at least one array to concatenate.");
  let arrays = castAll(promoteDTypes(xs), opts.dtype, "concatenate");
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
 * jnp.stack([1, 2], { dtype: "float32" }); // DeviceArray([1., 2.], dtype=float32)
 * ```
 */
export function stack(
  xs: readonly ArrayLike[],
  opts: { axis?: number; dtype?: DType | string | null } = {},
): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.stack", 1, 2, arguments.length, null, null);
  if (!Array.isArray(xs)) {
    throw new TypeError(`jnp.stack expects a list of arrays, got ${describeValue(xs)}`);
  }
  checkOptions("jnp.stack", opts, ["axis", "dtype"], "arrays");
  if (xs.length === 0) throw new ValueError("Need at least one array to stack.");
  const arrays = castAll(promoteDTypes(xs), opts.dtype, "stack");
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
 * jnp.hstack([[1], [2]], "float32"); // DeviceArray([1., 2.], dtype=float32)
 * ```
 */
export function hstack(xs: readonly ArrayLike[], dtype?: DTypeArg): DeviceArray {
  const d = stackArgs("hstack", xs, dtype, arguments.length);
  const arrays = xs.map((x) => atleast1d(x));
  const axis = arrays.length && arrays[0].ndim !== 1 ? 1 : 0;
  return concatenate(arrays, { axis, dtype: d });
}

/** Checks hstack/vstack's arguments: one list of arrays, then optionally a dtype. */
function stackArgs(name: string, xs: unknown, dtype: unknown, nargs: number): DType | undefined {
  if (!Array.isArray(xs)) {
    throw new TypeError(
      `jnp.${name} expects a list of arrays, got ${describeValue(xs)}` +
        (nargs > 1 ? ` (pass the arrays as one list: jnp.${name}([a, b]))` : ""),
    );
  }
  if (nargs > 2) checkExtraArguments(`jnp.${name}`, 1, 2, nargs, null, null);
  if (Array.isArray(dtype) || (typeof dtype === "object" && dtype && !isOptionsObject(dtype))) {
    throw new TypeError(
      `jnp.${name} takes one list of arrays, got a second array-like argument ` +
        `(pass the arrays as one list: jnp.${name}([a, b]))`,
    );
  }
  return dtypeFromArg(dtype, name);
}

/** The arrays converted to `dtype` (jnp.concatenate's and jnp.stack's dtype option). */
function castAll(arrays: DeviceArray[], dtype: unknown, where: string): DeviceArray[] {
  const d = dtypeFromArg(dtype, where);
  return d === undefined
    ? arrays
    : arrays.map((a) => (a.dtype === d ? a : lax.convertElementType(a, d)));
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
export function vstack(xs: readonly ArrayLike[], dtype?: DTypeArg): DeviceArray {
  const d = stackArgs("vstack", xs, dtype, arguments.length);
  return concatenate(xs.map((x) => atleast2d(x)), { axis: 0, dtype: d });
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
  if (arguments.length > 1) {
    checkExtraArguments("jnp.columnStack", 1, 1, arguments.length, null, null);
  }
  stackArgs("columnStack", xs, undefined, 1);
  return concatenate(
    xs.map((x) => {
      const a = asarray(x);
      return a.ndim < 2 ? lax.reshape(a, [a.size, 1]) : a;
    }),
    { axis: 1 },
  );
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
  if (arguments.length > 3) checkExtraArguments("jnp.split", 2, 3, arguments.length, null, null);
  checkOptions("jnp.split", opts, ["axis"], "x, indicesOrSections");
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
