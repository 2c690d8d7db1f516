/**
 * The registry behind `DeviceArray`'s methods: jax.numpy fills `arrayMethods` in when it loads
 * (`array.ts` cannot import it: it would be a cycle), and the symbol the printing hook is
 * installed under. Re-exported by `array.ts`.
 */

import type { DeviceArray } from "./array.ts";
import type { ArrayLike, Index, IndexUpdateRef, ReduceOptions } from "./array_types.ts";

type Fn1 = (x: DeviceArray) => DeviceArray;
type Fn2 = (x: DeviceArray, y: ArrayLike) => DeviceArray;
type Red = (x: DeviceArray, opts?: ReduceOptions) => DeviceArray;

/** The jax.numpy functions behind the methods; filled in by `src/numpy`. */
export interface ArrayMethods {
  add: Fn2;
  subtract: Fn2;
  multiply: Fn2;
  divide: Fn2;
  power: Fn2;
  remainder: Fn2;
  floorDivide: Fn2;
  matmul: Fn2;
  dot: Fn2;
  less: Fn2;
  lessEqual: Fn2;
  greater: Fn2;
  greaterEqual: Fn2;
  equal: Fn2;
  notEqual: Fn2;
  negative: Fn1;
  abs: Fn1;
  sum: Red;
  prod: Red;
  mean: Red;
  max: Red;
  min: Red;
  all: Red;
  any: Red;
  var: Red;
  std: Red;
  argmax: (x: DeviceArray, opts?: { axis?: number; keepdims?: boolean }) => DeviceArray;
  argmin: (x: DeviceArray, opts?: { axis?: number; keepdims?: boolean }) => DeviceArray;
  cumsum: (x: DeviceArray, opts?: { axis?: number }) => DeviceArray;
  cumprod: (x: DeviceArray, opts?: { axis?: number }) => DeviceArray;
  reshape: (x: DeviceArray, shape: readonly number[], order?: unknown) => DeviceArray;
  /** `x.reshape(2, 3)`: numpy's sizes as separate arguments (then `{ order }`). */
  reshapeSizes: (x: DeviceArray, args: readonly unknown[]) => DeviceArray;
  transpose: (x: DeviceArray, axes?: readonly number[]) => DeviceArray;
  ravel: (x: DeviceArray, order?: unknown) => DeviceArray;
  squeeze: (x: DeviceArray, opts?: { axis?: number | readonly number[] }) => DeviceArray;
  astype: (x: DeviceArray, dtype: unknown) => DeviceArray;
  clip: (x: DeviceArray, min?: ArrayLike | null, max?: ArrayLike | null) => DeviceArray;
  round: (x: DeviceArray, decimals?: number) => DeviceArray;
  sort: (x: DeviceArray, opts?: { axis?: number }) => DeviceArray;
  argsort: (x: DeviceArray, opts?: { axis?: number }) => DeviceArray;
  getitem: (x: DeviceArray, idx: Index[]) => DeviceArray;
  at: (x: DeviceArray, idx: Index[]) => IndexUpdateRef;
  repr: (x: DeviceArray) => string;
  str: (x: DeviceArray) => string;
}

export const arrayMethods: ArrayMethods = {} as ArrayMethods;

/** The symbol Node, Deno and Bun call to print an object (`util.inspect`, `console.log`). */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;
