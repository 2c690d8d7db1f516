/**
 * `DeviceArray`: the array type users see. Concrete arrays (`ArrayImpl`, holding a device buffer)
 * and tracers (stand-ins while a transformation traces a function) both extend it, as
 * `isinstance(x, jax.Array)` holds for both in JAX. The methods delegate to jax.numpy, which
 * registers itself in `arrayMethods` when it loads (this module cannot import it: it would be a
 * cycle).
 */

import type { ShapedArray } from "./aval.ts";
import type { DType, TypedArray } from "../dtype.ts";
import { ValueError } from "../errors.ts";

/** Anything JAX accepts where it wants an array: arrays, JS numbers and booleans, nested lists. */
export type ArrayLike = DeviceArray | number | boolean | NestedList;
/** Nested JS lists of numbers or booleans, as `jnp.array([[1, 2], [3, 4]])` takes. */
export interface NestedList extends ReadonlyArray<number | boolean | NestedList | DeviceArray> {}

/** Nested JS arrays as `tolist()` returns them. */
export type NestedNumbers = number | boolean | NestedNumbers[];

/** An index along one axis for `x.get(...)`: see `DeviceArray.get`. */
export type Index = number | string | null | DeviceArray | NestedList;

/** Options of `x.at(...)` updates: out-of-bounds handling and index promises, as JAX's. */
export interface IndexUpdateOptions {
  /** "fill"/"drop" (default: out-of-bounds updates are dropped), "clip", "promise_in_bounds". */
  mode?: "fill" | "drop" | "clip" | "promise_in_bounds" | null;
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}

/** Options of `x.at(...).get()`: as for updates, plus the value "fill" reads out of bounds. */
export interface IndexGetOptions extends IndexUpdateOptions {
  fillValue?: number | null;
}

/** Options of reductions: the axis or axes to reduce and whether to keep them as size 1. */
export interface ReduceOptions {
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
}

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
  reshape: (x: DeviceArray, shape: readonly number[]) => DeviceArray;
  transpose: (x: DeviceArray, axes?: readonly number[]) => DeviceArray;
  ravel: Fn1;
  squeeze: (x: DeviceArray, opts?: { axis?: number | readonly number[] }) => DeviceArray;
  astype: (x: DeviceArray, dtype: DType) => DeviceArray;
  clip: (x: DeviceArray, min?: ArrayLike | null, max?: ArrayLike | null) => DeviceArray;
  round: (x: DeviceArray, decimals?: number) => DeviceArray;
  sort: (x: DeviceArray, opts?: { axis?: number }) => DeviceArray;
  argsort: (x: DeviceArray, opts?: { axis?: number }) => DeviceArray;
  getitem: (x: DeviceArray, idx: Index[]) => DeviceArray;
  at: (x: DeviceArray, idx: Index[]) => IndexUpdateRef;
  repr: (x: DeviceArray) => string;
  str: (x: DeviceArray) => string;
}

/** `x.at(...idx)`: functional updates, JAX's `x.at[idx].set(v)`. */
export interface IndexUpdateRef {
  /** A copy of the array with the indexed elements replaced by `v`. */
  set(v: ArrayLike, opts?: IndexUpdateOptions): DeviceArray;
  /** A copy with `v` added to the indexed elements (repeated indices accumulate). */
  add(v: ArrayLike, opts?: IndexUpdateOptions): DeviceArray;
  /** A copy with the indexed elements multiplied by `v`. */
  multiply(v: ArrayLike, opts?: IndexUpdateOptions): DeviceArray;
  /** A copy with the indexed elements replaced by `min(x, v)`. */
  min(v: ArrayLike, opts?: IndexUpdateOptions): DeviceArray;
  /** A copy with the indexed elements replaced by `max(x, v)`. */
  max(v: ArrayLike, opts?: IndexUpdateOptions): DeviceArray;
  /** The indexed elements (same as `x.get(...idx)`, with JAX's `mode`/`fillValue`). */
  get(opts?: IndexGetOptions): DeviceArray;
}

export const arrayMethods: ArrayMethods = {} as ArrayMethods;

/** The symbol Node, Deno and Bun call to print an object (`util.inspect`, `console.log`). */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/**
 * An n-dimensional array on a device (or a tracer standing in for one under a transformation).
 * Operations never consume or modify their inputs.
 *
 * @example
 * ```ts
 * import { jnp } from "./mod.ts";
 * const x = jnp.arange(6).reshape([2, 3]);
 * console.log(x.shape, x.dtype); // [2, 3] int32
 * console.log(x.sum({ axis: 0 })); // DeviceArray([3, 5, 7], dtype=int32)
 * ```
 */
export abstract class DeviceArray {
  /** The abstract value: shape, dtype and weak type. */
  abstract get aval(): ShapedArray;

  /** The array's shape, one entry per axis. */
  get shape(): number[] {
    return this.aval.shape as number[];
  }
  /** The element type: "float32", "int32", "uint32" or "bool". */
  get dtype(): DType {
    return this.aval.dtype;
  }
  /** Number of axes. */
  get ndim(): number {
    return this.aval.shape.length;
  }
  /** Number of elements. */
  get size(): number {
    return this.aval.size;
  }
  /** Whether the dtype is weak (the array came from a JS number), as JAX's `weak_type`. */
  get weakType(): boolean {
    return this.aval.weakType;
  }
  /** The transpose (axes reversed). */
  get T(): DeviceArray {
    return arrayMethods.transpose(this);
  }

  /** Reads the values back to the host as a typed array (a copy, row-major). */
  abstract data(): Promise<TypedArray>;
  /** Waits until the device has computed this array; resolves to the array itself. */
  abstract blockUntilReady(): Promise<this>;

  /**
   * Frees the array's device buffer now (JAX's `x.delete()`); using the array afterwards is an
   * error. Tracers have no buffer: a no-op for them.
   */
  delete(): void {}
  /** Whether `delete()` was called. */
  isDeleted(): boolean {
    return false;
  }
  /** `using x = jnp.ones([3])` frees the buffer at the end of the scope. */
  [Symbol.dispose](): void {
    this.delete();
  }

  /** The values as nested JS arrays (numbers, or booleans for bool arrays). */
  async tolist(): Promise<NestedNumbers> {
    return toNested(await this.data(), this.shape, this.dtype);
  }
  /** The single element of a size-1 array, as a JS number (or boolean). */
  async item(): Promise<number | boolean> {
    if (this.size !== 1) {
      throw new ValueError("can only convert an array of size 1 to a Python scalar");
    }
    const d = await this.data();
    return this.dtype === "bool" ? d[0] !== 0 : d[0];
  }

  add(y: ArrayLike): DeviceArray {
    return arrayMethods.add(this, y);
  }
  sub(y: ArrayLike): DeviceArray {
    return arrayMethods.subtract(this, y);
  }
  mul(y: ArrayLike): DeviceArray {
    return arrayMethods.multiply(this, y);
  }
  div(y: ArrayLike): DeviceArray {
    return arrayMethods.divide(this, y);
  }
  pow(y: ArrayLike): DeviceArray {
    return arrayMethods.power(this, y);
  }
  mod(y: ArrayLike): DeviceArray {
    return arrayMethods.remainder(this, y);
  }
  floorDiv(y: ArrayLike): DeviceArray {
    return arrayMethods.floorDivide(this, y);
  }
  matmul(y: ArrayLike): DeviceArray {
    return arrayMethods.matmul(this, y);
  }
  dot(y: ArrayLike): DeviceArray {
    return arrayMethods.dot(this, y);
  }
  neg(): DeviceArray {
    return arrayMethods.negative(this);
  }
  abs(): DeviceArray {
    return arrayMethods.abs(this);
  }
  lt(y: ArrayLike): DeviceArray {
    return arrayMethods.less(this, y);
  }
  le(y: ArrayLike): DeviceArray {
    return arrayMethods.lessEqual(this, y);
  }
  gt(y: ArrayLike): DeviceArray {
    return arrayMethods.greater(this, y);
  }
  ge(y: ArrayLike): DeviceArray {
    return arrayMethods.greaterEqual(this, y);
  }
  eq(y: ArrayLike): DeviceArray {
    return arrayMethods.equal(this, y);
  }
  ne(y: ArrayLike): DeviceArray {
    return arrayMethods.notEqual(this, y);
  }

  sum(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.sum(this, opts);
  }
  prod(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.prod(this, opts);
  }
  mean(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.mean(this, opts);
  }
  max(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.max(this, opts);
  }
  min(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.min(this, opts);
  }
  all(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.all(this, opts);
  }
  any(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.any(this, opts);
  }
  var(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.var(this, opts);
  }
  std(opts?: ReduceOptions): DeviceArray {
    return arrayMethods.std(this, opts);
  }
  argmax(opts?: { axis?: number; keepdims?: boolean }): DeviceArray {
    return arrayMethods.argmax(this, opts);
  }
  argmin(opts?: { axis?: number; keepdims?: boolean }): DeviceArray {
    return arrayMethods.argmin(this, opts);
  }
  cumsum(opts?: { axis?: number }): DeviceArray {
    return arrayMethods.cumsum(this, opts);
  }
  cumprod(opts?: { axis?: number }): DeviceArray {
    return arrayMethods.cumprod(this, opts);
  }

  /** A view with a new shape (one entry may be -1). */
  reshape(shape: readonly number[]): DeviceArray {
    return arrayMethods.reshape(this, shape);
  }
  /** Permutes the axes (reverses them when `axes` is omitted). */
  transpose(axes?: readonly number[]): DeviceArray {
    return arrayMethods.transpose(this, axes);
  }
  ravel(): DeviceArray {
    return arrayMethods.ravel(this);
  }
  flatten(): DeviceArray {
    return arrayMethods.ravel(this);
  }
  squeeze(opts?: { axis?: number | readonly number[] }): DeviceArray {
    return arrayMethods.squeeze(this, opts);
  }
  /** A copy converted to another dtype. */
  astype(dtype: DType): DeviceArray {
    return arrayMethods.astype(this, dtype);
  }
  clip(min?: ArrayLike | null, max?: ArrayLike | null): DeviceArray {
    return arrayMethods.clip(this, min, max);
  }
  round(decimals = 0): DeviceArray {
    return arrayMethods.round(this, decimals);
  }
  sort(opts?: { axis?: number }): DeviceArray {
    return arrayMethods.sort(this, opts);
  }
  argsort(opts?: { axis?: number }): DeviceArray {
    return arrayMethods.argsort(this, opts);
  }

  /**
   * Indexing, JAX's `x[...]`, one argument per index expression:
   * - a number selects one position (negative counts from the end): `x.get(0)` is `x[0]`;
   * - a string is a slice or an ellipsis: `x.get(":", 1)` is `x[:, 1]`, `x.get("1:3")`,
   *   `x.get("::-1")`, `x.get("...", null)` is `x[..., None]`;
   * - `null` inserts a new axis of size 1 (`None` / `jnp.newaxis`);
   * - an integer array or list gathers (`x.get([0, 2])`), a bool array masks.
   *
   * @example
   * ```ts
   * const x = jnp.arange(12).reshape([3, 4]);
   * x.get(1);          // row 1
   * x.get(":", -1);    // last column
   * x.get("1:", "::2");
   * ```
   */
  get(...index: Index[]): DeviceArray {
    return arrayMethods.getitem(this, index);
  }

  /**
   * Functional index updates, JAX's `x.at[idx]`: `x.at(0).set(5)`, `x.at(":", 1).add(1)`.
   */
  at(...index: Index[]): IndexUpdateRef {
    return arrayMethods.at(this, index);
  }

  /** Iterates over the first axis, as iterating a numpy array does. */
  *[Symbol.iterator](): Iterator<DeviceArray> {
    if (this.ndim === 0) throw new TypeError("iteration over a 0-d array");
    const n = this.shape[0];
    for (let i = 0; i < n; i++) yield this.get(i);
  }

  /** numpy's `str(x)`: `[0 1 2]`. */
  toString(): string {
    return arrayMethods.str(this);
  }

  [inspectSymbol](): string {
    return arrayMethods.repr(this);
  }
}

/** Builds nested JS arrays from row-major data. */
export function toNested(data: TypedArray, shape: readonly number[], dtype: DType): NestedNumbers {
  const conv = dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return conv(data[0]);
  let pos = 0;
  const build = (axis: number): NestedNumbers[] => {
    const n = shape[axis];
    const out: NestedNumbers[] = new Array(n);
    if (axis === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = conv(data[pos++]);
    } else {
      for (let i = 0; i < n; i++) out[i] = build(axis + 1);
    }
    return out;
  };
  return build(0);
}
