/**
 * `jnp`: jax.numpy for TypeScript. This module gathers the functions and installs the array
 * methods (`x.sum()`, `x.reshape(...)`, printing) that delegate to them.
 */

import { arrayMethods, type DeviceArray, type Index } from "../core/array.ts";
import type { DType } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
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
export * from "./manipulation.ts";
export * from "./linalg.ts";
export * from "./sorting.ts";
export * from "./comparison.ts";
export { einsum } from "./einsum.ts";
export { take, takeAlongAxis } from "./index_update.ts";
export { array, asarray, broadcastTo, getPrintoptions, setPrintoptions };

/** dtype names, as `jnp.float32` etc. */
export const float32: DType = "float32";
export const int32: DType = "int32";
export const uint32: DType = "uint32";
export const bool_: DType = "bool";
/** `jnp.newaxis` (None): inserts an axis when indexing, `x.get(jnp.newaxis)`. */
export const newaxis = null;
export const pi: number = Math.PI;
export const e: number = Math.E;
export const inf: number = Infinity;
export const nan: number = NaN;

/** The shape of an array-like. @example jnp.shape([[1, 2, 3]]) // [1, 3] */
export function shape(x: Parameters<typeof asarray>[0]): number[] {
  return asarray(x).shape;
}
/** The number of axes of an array-like. */
export function ndim(x: Parameters<typeof asarray>[0]): number {
  return asarray(x).ndim;
}
/** The number of elements of an array-like. */
export function size(x: Parameters<typeof asarray>[0]): number {
  return asarray(x).size;
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
  transpose: manip.transpose,
  ravel: manip.ravel,
  squeeze: manip.squeeze,
  astype: (x: DeviceArray, dtype: DType) => lax.convertElementType(x, dtype),
  clip: manip.clip,
  round: ufuncs.round,
  sort: sorting.sort,
  argsort: sorting.argsort,
  getitem: (x: DeviceArray, idx: Index[]) => getitem(x, idx),
  at: atUpdate,
  repr,
  str,
});
