/**
 * `jnp`: jax.numpy for TypeScript. This module gathers the functions and installs the array
 * methods (`x.sum()`, `x.reshape(...)`, printing) that delegate to them.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.arange(6).reshape([2, 3]);
 * jnp.mean(x, { axis: 0 }); // DeviceArray([1.5, 2.5, 3.5], dtype=float32)
 * ```
 * @module
 */

import { arrayMethods, type DeviceArray, type Index } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import { array, asarray, broadcastTo } from "./convert.ts";
import * as ufuncs from "./ufuncs.ts";
import * as red from "./reductions.ts";
import * as manip from "./manipulation.ts";
import * as linalg from "./linalg.ts";
import * as sorting from "./sorting.ts";
import { getitem } from "./indexing.ts";
import "./indexing_advanced.ts"; // installs advanced indexing into getitem
import { atUpdate } from "./index_update.ts";
import { getPrintoptions, repr, setPrintoptions, str } from "./printing.ts";
import { astypeMethod, reshapeMethod } from "./method_args.ts";
import { describeValue, normalizeAxis } from "../shape.ts";
import { checkExtraArguments } from "../options.ts";

export * from "./creation.ts";
export * from "./ufuncs.ts";
export {
  all,
  amax,
  amin,
  any,
  argmax,
  argmin,
  cumprod,
  cumsum,
  logsumexp,
  max,
  mean,
  min,
  prod,
  std,
  sum,
  var_ as var,
} from "./reductions.ts";
export type {
  ArgOptions,
  ArgReduction,
  CumulativeFn,
  Reduction,
  SumOptions,
  VarOptions,
} from "./reductions.ts";
export * from "./manipulation.ts";
export * from "./linalg.ts";
export * as linalg from "./linalg/index.ts";
export * from "./trace.ts";
export * from "./sorting.ts";
export * from "./comparison.ts";
export { einsum, type EinsumOptions } from "./einsum.ts";
export { take, takeAlongAxis } from "./index_update.ts";
export { argwhere, flatnonzero, nonzero, type NonzeroOptions } from "./nonzero.ts";
export type { TakeAlongAxisOptions, TakeOptions } from "./index_update.ts";
export type { CopyOptions, DTypeArg } from "./convert.ts";
export type { FloatMode, PrintOptions, SignMode } from "../print/array2string.ts";
export { array, asarray, broadcastTo, getPrintoptions, setPrintoptions };

/**
 * The dtype name "float32", as `jnp.float32` (here a string, accepted wherever a dtype is).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.zeros([2], { dtype: jnp.float32 }); // DeviceArray([0., 0.], dtype=float32)
 * ```
 */
export const float32: DType = "float32";
/**
 * The dtype name "int32", as `jnp.int32`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.array([1.7, -1.7]).astype(jnp.int32); // DeviceArray([ 1, -1], dtype=int32)
 * ```
 */
export const int32: DType = "int32";
/**
 * The dtype name "uint32", as `jnp.uint32`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.array([1, 2], { dtype: jnp.uint32 }); // DeviceArray([1, 2], dtype=uint32)
 * ```
 */
export const uint32: DType = "uint32";
/**
 * The dtype name "bool", as `jnp.bool_`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.array([0, 2]).astype(jnp.bool_); // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const bool_: DType = "bool";
/**
 * `jnp.newaxis` (None): inserts an axis of size 1 when indexing, `x.get(jnp.newaxis)`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arange(3).get(":", jnp.newaxis).shape; // [ 3, 1 ]
 * ```
 */
export const newaxis: null = null;
/**
 * π, as `jnp.pi` (a JS number: a weakly typed scalar in array operations).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.cos(jnp.array([0, jnp.pi])); // DeviceArray([ 1., -1.], dtype=float32)
 * ```
 */
export const pi: number = Math.PI;
/**
 * Euler's number e, as `jnp.e`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.e; // 2.718281828459045
 * jnp.exp(1); // DeviceArray(2.7182817, dtype=float32, weak_type=True)
 * ```
 */
export const e: number = Math.E;
/**
 * Positive infinity, as `jnp.inf`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isinf(jnp.array([1, jnp.inf])); // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const inf: number = Infinity;
/**
 * Not-a-number, as `jnp.nan`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.isnan(jnp.array([1, jnp.nan])); // DeviceArray([False,  True], dtype=bool)
 * ```
 */
export const nan: number = NaN;

/**
 * The shape of an array-like, JAX's `jnp.shape`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.shape([[1, 2, 3]]); // [ 1, 3 ]
 * ```
 */
export function shape(x: Parameters<typeof asarray>[0]): number[] {
  if (arguments.length > 1) {
    checkExtraArguments("jnp.shape", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  return asarray(x).shape;
}
/**
 * The number of axes of an array-like, JAX's `jnp.ndim`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.ndim(5); // 0
 * jnp.ndim([[1, 2], [3, 4]]); // 2
 * ```
 */
export function ndim(x: Parameters<typeof asarray>[0]): number {
  if (arguments.length > 1) {
    checkExtraArguments("jnp.ndim", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  return asarray(x).ndim;
}
/**
 * The number of elements of an array-like, JAX's `jnp.size`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.size(jnp.zeros([2, 3])); // 6
 * jnp.size(jnp.zeros([2, 3]), 1); // 3 (the size of axis 1, as numpy's size(a, axis))
 * ```
 */
export function size(
  x: Parameters<typeof asarray>[0],
  axis?: number | readonly number[] | null,
): number {
  if (arguments.length > 2) checkExtraArguments("jnp.size", 1, 2, arguments.length, null, null);
  const a = asarray(x);
  if (axis === undefined || axis === null) return a.size;
  const axes = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(axes)) {
    throw new TypeError(`jnp.size: axis must be an integer or a list, got ${describeValue(axis)}`);
  }
  return axes.reduce((n: number, i: number) => n * a.shape[normalizeAxis(i, a.ndim)], 1);
}

Object.assign(arrayMethods, {
  add: ufuncs.add,
  subtract: ufuncs.subtract,
  multiply: ufuncs.multiply,
  divide: ufuncs.divide,
  power: ufuncs.power,
  remainder: ufuncs.remainder,
  floorDivide: ufuncs.floorDivide,
  matmul: linalg.matmul,
  dot: linalg.dot,
  less: ufuncs.less,
  lessEqual: ufuncs.lessEqual,
  greater: ufuncs.greater,
  greaterEqual: ufuncs.greaterEqual,
  equal: ufuncs.equal,
  notEqual: ufuncs.notEqual,
  negative: ufuncs.negative,
  abs: ufuncs.abs,
  sum: red.sum,
  prod: red.prod,
  mean: red.mean,
  max: red.max,
  min: red.min,
  all: red.all,
  any: red.any,
  var: red.var_,
  std: red.std,
  argmax: red.argmax,
  argmin: red.argmin,
  cumsum: red.cumsum,
  cumprod: red.cumprod,
  reshape: manip.reshape,
  reshapeSizes: reshapeMethod,
  transpose: manip.transpose,
  ravel: manip.ravel,
  squeeze: manip.squeeze,
  astype: astypeMethod,
  clip: manip.clip,
  round: ufuncs.round,
  sort: sorting.sort,
  argsort: sorting.argsort,
  getitem: (x: DeviceArray, idx: Index[]) => getitem(x, idx),
  at: atUpdate,
  repr,
  str,
});
