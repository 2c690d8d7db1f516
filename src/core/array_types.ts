/**
 * The public types around `DeviceArray`'s methods: what they accept (`ArrayLike`, `Index`, the
 * options objects) and return (`NestedNumbers`, `IndexUpdateRef`). Re-exported by `array.ts`.
 */

import type { DeviceArray } from "./array.ts";

/**
 * Anything JAX accepts where it wants an array: arrays, JS numbers and booleans, nested lists.
 * JS numbers are weakly typed scalars (int32 if integral, else float32), as Python scalars are.
 *
 * @example
 * ```ts
 * import { type ArrayLike, jnp } from "@jaxscript/jaxscript";
 * const xs: ArrayLike[] = [jnp.arange(2), 3, true, [[1, 2], [3, 4]]];
 * xs.map((x) => jnp.asarray(x).shape); // [ [ 2 ], [], [], [ 2, 2 ] ]
 * ```
 */
export type ArrayLike = DeviceArray | number | boolean | NestedList;
/**
 * Nested JS lists of numbers or booleans (or arrays), as `jnp.array([[1, 2], [3, 4]])` takes.
 *
 * @example
 * ```ts
 * import { jnp, type NestedList } from "@jaxscript/jaxscript";
 * const rows: NestedList = [[1, 2], [3, 4]];
 * jnp.array(rows).shape; // [ 2, 2 ]
 * ```
 */
export interface NestedList extends ReadonlyArray<number | boolean | NestedList | DeviceArray> {}

/**
 * Nested JS arrays as `tolist()` returns them.
 *
 * @example
 * ```ts
 * import { jnp, type NestedNumbers } from "@jaxscript/jaxscript";
 * const rows: NestedNumbers = await jnp.eye(2).tolist(); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ```
 */
export type NestedNumbers = number | boolean | NestedNumbers[];

/**
 * An index along one axis for `x.get(...)` and `x.at(...)`: a number, a slice or ellipsis string
 * (`":"`, `"1:3"`, `"::-1"`, `"..."`), `null` for a new axis, or an integer / bool array or list.
 * See `DeviceArray.get`.
 *
 * @example
 * ```ts
 * import { type Index, jnp } from "@jaxscript/jaxscript";
 * const idx: Index[] = ["::-1", null];
 * jnp.arange(3).get(...idx);
 * // DeviceArray([[2],
 * //              [1],
 * //              [0]], dtype=int32)
 * ```
 */
export type Index = number | string | null | DeviceArray | NestedList;

/**
 * Options of `x.at(...)` updates: out-of-bounds handling and index promises, as JAX's.
 *
 * @example
 * ```ts
 * import { type IndexUpdateOptions, jnp } from "@jaxscript/jaxscript";
 * const opts: IndexUpdateOptions = { mode: "clip" };
 * jnp.zeros([3]).at(10).set(1, opts); // DeviceArray([0., 0., 1.], dtype=float32)
 * jnp.zeros([3]).at(10).set(1); // DeviceArray([0., 0., 0.], dtype=float32)
 * ```
 */
export interface IndexUpdateOptions {
  /** "fill"/"drop" (default: out-of-bounds updates are dropped), "clip", "promise_in_bounds". */
  mode?: "fill" | "drop" | "clip" | "promise_in_bounds" | null;
  /** A promise that the indices are sorted (accepted, as JAX's `indices_are_sorted`). */
  indicesAreSorted?: boolean;
  /** A promise that no index repeats (accepted, as JAX's `unique_indices`). */
  uniqueIndices?: boolean;
}

/**
 * Options of `x.at(...).get()`: as for updates, plus the value "fill" reads out of bounds.
 *
 * @example
 * ```ts
 * import { type IndexGetOptions, jnp } from "@jaxscript/jaxscript";
 * const opts: IndexGetOptions = { mode: "fill", fillValue: -1 };
 * jnp.arange(3).at(jnp.array([1, 7])).get(opts); // DeviceArray([ 1, -1], dtype=int32)
 * ```
 */
export interface IndexGetOptions extends IndexUpdateOptions {
  /** The value read out of bounds in "fill" mode (default: NaN for floats, as JAX). */
  fillValue?: number | null;
}

/**
 * Options of reductions: the axis or axes to reduce and whether to keep them as size 1.
 *
 * @example
 * ```ts
 * import { jnp, type ReduceOptions } from "@jaxscript/jaxscript";
 * const opts: ReduceOptions = { axis: 1, keepdims: true };
 * jnp.arange(6).reshape([2, 3]).sum(opts).shape; // [ 2, 1 ]
 * ```
 */
export interface ReduceOptions {
  /** The axis or axes to reduce (negative counts from the end); omitted or null: all. */
  axis?: number | readonly number[] | null;
  /** Keep the reduced axes as size 1, so the result broadcasts against the input. */
  keepdims?: boolean;
}

/**
 * `x.at(...idx)`: functional updates, JAX's `x.at[idx].set(v)`. Each method returns a new array;
 * out-of-bounds updates are dropped unless `mode` says otherwise.
 *
 * @example
 * ```ts
 * import { type IndexUpdateRef, jnp } from "@jaxscript/jaxscript";
 * const ref: IndexUpdateRef = jnp.zeros([4]).at(jnp.array([0, 2, 2]));
 * ref.add(1); // DeviceArray([1., 0., 2., 0.], dtype=float32)
 * ref.set(5); // DeviceArray([5., 0., 5., 0.], dtype=float32)
 * ```
 */
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
