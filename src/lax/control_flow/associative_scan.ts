/**
 * `lax.associativeScan` (`jax.lax.associative_scan`): the prefix combination of a pytree of arrays
 * under an associative operation, computed in O(log n) rounds of whole-array operations rather
 * than n sequential steps (Blelloch's odd/even recursion, combination for combination as JAX
 * does it, so an operation whose result depends on the grouping — float rounding, tie rules of
 * derivatives — gives JAX's answer). Not a primitive: it traces to slices, pads and the user's
 * operation, so it jits, batches and differentiates like any lax program.
 */

import type { DeviceArray } from "../../core/array.ts";
import { ValueError } from "../../errors.ts";
import { splitTrailingArguments, tooManyArguments } from "../../options.ts";
import { normalizeAxis } from "../../shape.ts";
import { flatten, unflatten } from "../../tree.ts";
import * as lax from "../lax.ts";
import { leafArray } from "./common.ts";

/**
 * Options of {@link associativeScan}.
 *
 * @example
 * ```ts
 * import type { lax } from "@jaxscript/jaxscript";
 * const opts: lax.AssociativeScanOptions = { reverse: true, axis: 0 };
 * ```
 */
export interface AssociativeScanOptions {
  /** Scan from the end of `axis` towards its start (default false). */
  reverse?: boolean;
  /** The axis to scan along, negative counting from the end (default 0). */
  axis?: number;
}

/**
 * Prefix combinations with an associative operation, in parallel (`jax.lax.associative_scan`):
 * element k of each output is `fn` applied to elements 0…k of `elems` along `axis` (k…n−1 with
 * `reverse`). `fn(a, b)` takes and returns pytrees shaped like `elems` (each array with any size
 * along `axis`) and must work elementwise along that axis; it must be associative.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.associativeScan(jnp.add, jnp.arange(4)); // DeviceArray([0, 1, 3, 6], dtype=int32)
 * lax.associativeScan(jnp.add, jnp.arange(4), { reverse: true }); // DeviceArray([6, 6, 5, 3], dtype=int32)
 * lax.associativeScan(jnp.add, jnp.arange(4), true); // JAX's positional reverse (then axis)
 * // DeviceArray([6, 6, 5, 3], dtype=int32)
 * // A pytree: running (sum, max) pairs.
 * const [s, m] = lax.associativeScan(
 *   ([a, b]: lax.Operand[], [c, d]: lax.Operand[]) => [jnp.add(a, c), jnp.maximum(b, d)],
 *   [jnp.array([1, 2, 3]), jnp.array([3, 1, 4])],
 * );
 * m; // DeviceArray([3, 3, 4], dtype=int32)
 * ```
 */
// deno-lint-ignore no-explicit-any
export function associativeScan<T = any>(
  fn: (a: T, b: T) => T,
  elems: T,
  reverse?: boolean | AssociativeScanOptions,
  axis?: number | AssociativeScanOptions,
): T {
  if (arguments.length > 4) {
    throw tooManyArguments("lax.associativeScan", 2, 4, arguments.length);
  }
  // JAX's positional order after elems: reverse, axis.
  const options = splitTrailingArguments(
    "lax.associativeScan",
    2,
    [reverse, axis],
    ["reverse", "axis"],
  ) as AssociativeScanOptions;
  if (typeof fn !== "function") {
    throw new TypeError("lax.associative_scan: fn argument should be callable.");
  }
  const [leaves, tree] = flatten(elems);
  let flat = leaves.map((l) => leafArray(l, "associative_scan inputs"));
  if (flat.length === 0) return elems;
  const ax = normalizeAxis(options.axis ?? 0, flat[0].ndim);
  const n = flat[0].shape[ax];
  if (!flat.every((e) => e.shape[ax] === n)) {
    throw new ValueError(
      "Array inputs to associative_scan must have the same first dimension. (saw: [" +
        flat.map((e) => `(${e.shape.join(", ")}${e.ndim === 1 ? "," : ""})`).join(", ") + "])",
    );
  }
  const combine = (a: DeviceArray[], b: DeviceArray[]): DeviceArray[] => {
    const [out] = flatten(fn(unflatten(tree, a) as T, unflatten(tree, b) as T));
    return out.map((l) => leafArray(l, "associative_scan fn outputs"));
  };
  if (options.reverse) flat = flat.map((e) => lax.rev(e, [ax]));
  let scans = prefixScan(combine, flat, ax);
  if (options.reverse) scans = scans.map((e) => lax.rev(e, [ax]));
  return unflatten(tree, scans) as T;
}

type Combine = (a: DeviceArray[], b: DeviceArray[]) => DeviceArray[];

/** Combine adjacent pairs, scan the pairs (the odd positions), then fill in the even ones. */
function prefixScan(combine: Combine, elems: DeviceArray[], axis: number): DeviceArray[] {
  const n = elems[0].shape[axis];
  if (n < 2) return elems;
  const slice = (es: DeviceArray[], start: number, stop: number, stride: number) =>
    es.map((e) => lax.sliceInDim(e, start, stop, stride, axis));
  const odd = prefixScan(combine, combine(slice(elems, 0, n - 1, 2), slice(elems, 1, n, 2)), axis);
  const m = odd[0].shape[axis];
  const rest = combine(n % 2 === 0 ? slice(odd, 0, m - 1, 1) : odd, slice(elems, 2, n, 2));
  return elems.map((e, i) => {
    const even = lax.concatenate([lax.sliceInDim(e, 0, 1, 1, axis), rest[i]], axis);
    return interleave(even, odd[i], axis);
  });
}

/** `[a0, b0, a1, b1, …]` along `axis` (a has as many elements as b or one more): pad and merge. */
function interleave(a: DeviceArray, b: DeviceArray, axis: number): DeviceArray {
  const same = a.shape[axis] === b.shape[axis];
  const cfgA = a.shape.map((): [number, number, number] => [0, 0, 0]);
  const cfgB = b.shape.map((): [number, number, number] => [0, 0, 0]);
  cfgA[axis] = [0, same ? 1 : 0, 1];
  cfgB[axis] = [1, same ? 0 : 1, 1];
  const merge = a.dtype === "bool" ? lax.bitwiseOr : lax.add;
  return merge(lax.pad(a, lax.scalar(0, a.dtype), cfgA), lax.pad(b, lax.scalar(0, b.dtype), cfgB));
}
