/**
 * gather and scatter with XLA's semantics (including operand/indices batching dimensions, which
 * keep vmap of indexing a single gather). The index vector is always the last axis of
 * `indices`, as jax.numpy emits it.
 *
 * gather(operand, indices), params:
 *   dimension_numbers: { offset_dims, collapsed_slice_dims, start_index_map,
 *                        operand_batching_dims, start_indices_batching_dims }
 *   slice_sizes, mode ("clip" | "fill" | "promise_in_bounds"), fill_value (number | null)
 * For an output index, the batch positions (those not in offset_dims) select a start vector
 * `indices[batch…, :]`, which is scattered into operand axes by start_index_map (batching axes
 * take the batch index itself); the start is clamped to keep the slice in bounds ("clip",
 * "promise_in_bounds") or the whole slice reads fill_value when out of bounds ("fill"; NaN for
 * floats when fill_value is null, else the dtype's max for unsigned and min for signed ints, as
 * JAX). The offset positions index within the slice, over operand axes that are neither
 * collapsed nor batching, in increasing order.
 *
 * scatter*(operand, indices, updates), params:
 *   dimension_numbers: { update_window_dims, inserted_window_dims, scatter_dims_to_operand_dims,
 *                        operand_batching_dims, scatter_indices_batching_dims }
 *   mode ("clip" | "fill" | "promise_in_bounds"); "fill" drops out-of-bounds updates.
 * Combiners: scatter (replace; with repeated indices the last update wins on the CPU backend —
 * XLA leaves the order unspecified), scatter-add, scatter-mul, scatter-min, scatter-max.
 */

import { definePrimitive, type Primitive } from "../../core/primitive.ts";
import { pyShape } from "../../shape.ts";
import { aval, checkSameDTypes } from "./util.ts";

/**
 * How `lax.gather` maps index vectors to slices (XLA's `GatherDimensionNumbers`, JAX's field
 * names).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * // x[[2, 0]] for a 1-d x: one index per output element, the slice axis collapsed
 * const dnums: lax.GatherDimensionNumbers = {
 *   offset_dims: [],
 *   collapsed_slice_dims: [0],
 *   start_index_map: [0],
 *   operand_batching_dims: [],
 *   start_indices_batching_dims: [],
 * };
 * lax.gather(jnp.array([10, 20, 30]), jnp.array([[2], [0]]), dnums, [1]);
 * // DeviceArray([30, 10], dtype=int32)
 * ```
 */
export interface GatherDimensionNumbers {
  /** Output axes that index within a slice (the others are batch axes, one per index vector). */
  offset_dims: number[];
  /** Operand axes whose slice size is 1 and that do not appear in the output. */
  collapsed_slice_dims: number[];
  /** Which operand axis each component of an index vector starts. */
  start_index_map: number[];
  /** Operand axes that are batch axes (matched with `start_indices_batching_dims`). */
  operand_batching_dims: number[];
  /** The corresponding batch axes of `indices`. */
  start_indices_batching_dims: number[];
}

/**
 * How `lax.scatterOp` maps index vectors to update windows (XLA's `ScatterDimensionNumbers`,
 * JAX's field names).
 *
 * @example
 * ```ts
 * import { lax } from "@jaxscript/jaxscript";
 * // x.at[[i, j]].add(updates) for a 1-d x: one scalar update per index vector
 * const dnums: lax.ScatterDimensionNumbers = {
 *   update_window_dims: [],
 *   inserted_window_dims: [0],
 *   scatter_dims_to_operand_dims: [0],
 *   operand_batching_dims: [],
 *   scatter_indices_batching_dims: [],
 * };
 * ```
 */
export interface ScatterDimensionNumbers {
  /** Axes of `updates` that index within an update window. */
  update_window_dims: number[];
  /** Operand axes of size 1 in the window that do not appear in `updates`. */
  inserted_window_dims: number[];
  /** Which operand axis each component of an index vector addresses. */
  scatter_dims_to_operand_dims: number[];
  /** Operand axes that are batch axes (matched with `scatter_indices_batching_dims`). */
  operand_batching_dims: number[];
  /** The corresponding batch axes of `indices`. */
  scatter_indices_batching_dims: number[];
}

/**
 * Out-of-bounds handling of gathers and scatters: "clip" clamps starts into bounds, "fill"
 * reads the fill value (gather) or drops the update (scatter), "promise_in_bounds" promises
 * there is nothing out of bounds (here gathers then clamp and scatters drop).
 *
 * @example
 * ```ts
 * import { jnp, type lax } from "@jaxscript/jaxscript";
 * const mode: lax.GatherMode = "fill";
 * jnp.take(jnp.array([1.5, 2]), [3], { mode }); // DeviceArray([nan], dtype=float32)
 * ```
 */
export type GatherMode = "clip" | "fill" | "promise_in_bounds";

const tup = pyShape;

function fmtDnums(cls: string, d: object): string {
  return `${cls}(${Object.entries(d).map(([k, v]) => `${k}=${tup(v as number[])}`).join(", ")})`;
}

export const gather_p: Primitive = definePrimitive("gather");
gather_p.abstractEval = ([operand, indices], params) => {
  const dn = params.dimension_numbers as GatherDimensionNumbers;
  const sizes = params.slice_sizes as number[];
  if (indices.dtype !== "int32" && indices.dtype !== "uint32") {
    throw new TypeError(`gather indices must be of integer type, got ${indices.dtype}`);
  }
  if (indices.ndim < 1) throw new TypeError("gather indices must have at least one axis");
  const nvec = indices.shape[indices.ndim - 1];
  if (nvec !== dn.start_index_map.length) {
    throw new TypeError(
      `Gather op has ${nvec} elements in the index vector, but start_index_map has ` +
        `${dn.start_index_map.length} entries.`,
    );
  }
  if (sizes.length !== operand.ndim) {
    throw new TypeError(
      `Gather op must have one slice size for every input dimension; got: ` +
        `len(slice_sizes)=${sizes.length}, input_shape.rank=${operand.ndim}`,
    );
  }
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i] < 0 || sizes[i] > operand.shape[i]) {
      throw new TypeError(
        `Slice size at index ${i} in gather op is out of range, must be within [0, ` +
          `${operand.shape[i]} + 1), got ${sizes[i]}.`,
      );
    }
  }
  for (const d of [...dn.collapsed_slice_dims, ...dn.operand_batching_dims]) {
    if (sizes[d] > 1) {
      throw new TypeError(
        `Gather op can only collapse slice dims with bound 1, but bound is ${sizes[d]} for ` +
          `index ${d} at position ${dn.collapsed_slice_dims.indexOf(d)}.`,
      );
    }
  }
  const batchShape = indices.shape.slice(0, -1);
  const windowSizes = sizes.filter((_, i) =>
    !dn.collapsed_slice_dims.includes(i) && !dn.operand_batching_dims.includes(i)
  );
  if (windowSizes.length !== dn.offset_dims.length) {
    throw new TypeError(
      `All components of the offset index in a gather op must either be a offset dimension or ` +
        `explicitly collapsed/batching; got len(slice_sizes)=${sizes.length}, ` +
        `output_slice_sizes=${tup(windowSizes)}, collapsed_slice_dims=` +
        `${tup(dn.collapsed_slice_dims)}, operand_batching_dims=${tup(dn.operand_batching_dims)}.`,
    );
  }
  const rank = batchShape.length + windowSizes.length;
  const out: number[] = new Array(rank);
  let b = 0, w = 0;
  for (let i = 0; i < rank; i++) {
    out[i] = dn.offset_dims.includes(i) ? windowSizes[w++] : batchShape[b++];
  }
  return [aval(out, operand.dtype, operand.weakType)];
};
gather_p.ppParams = (p) => [
  ["dimension_numbers", fmtDnums("GatherDimensionNumbers", p.dimension_numbers as object)],
  [
    "fill_value",
    p.fill_value === null || p.fill_value === undefined ? "None" : String(p.fill_value),
  ],
  ["indices_are_sorted", p.indices_are_sorted ? "True" : "False"],
  ["mode", `GatherScatterMode.${gatherModeName(p.mode as GatherMode)}`],
  ["slice_sizes", tup(p.slice_sizes as number[])],
  ["unique_indices", p.unique_indices ? "True" : "False"],
];

function gatherModeName(m: GatherMode): string {
  return m === "clip" ? "CLIP" : m === "fill" ? "FILL_OR_DROP" : "PROMISE_IN_BOUNDS";
}

function scatterPrim(name: string): Primitive {
  const p = definePrimitive(name);
  p.abstractEval = ([operand, indices, updates], params) => {
    const dn = params.dimension_numbers as ScatterDimensionNumbers;
    if (indices.dtype !== "int32" && indices.dtype !== "uint32") {
      throw new TypeError(`${name} indices must be of integer type, got ${indices.dtype}`);
    }
    checkSameDTypes(name, [operand, updates]);
    const nvec = indices.shape[indices.ndim - 1];
    if (nvec !== dn.scatter_dims_to_operand_dims.length) {
      throw new TypeError(
        `Scatter op has ${nvec} elements in the index vector, but ` +
          `scatter_dims_to_operand_dims has ${dn.scatter_dims_to_operand_dims.length} entries.`,
      );
    }
    const windowRank = operand.ndim - dn.inserted_window_dims.length -
      dn.operand_batching_dims.length;
    if (dn.update_window_dims.length !== windowRank) {
      throw new TypeError(
        `Scatter op has window of size ${dn.update_window_dims.length}; doesn't match operand ` +
          `of rank ${operand.ndim}.`,
      );
    }
    const scatterRank = updates.ndim - dn.update_window_dims.length;
    if (scatterRank !== indices.ndim - 1) {
      throw new TypeError(
        `Scatter op updates of shape ${tup(updates.shape)} do not match indices of shape ` +
          `${tup(indices.shape)} and update_window_dims ${tup(dn.update_window_dims)}.`,
      );
    }
    return [aval(operand.shape, operand.dtype, operand.weakType)];
  };
  p.ppParams = (params) => [
    ["dimension_numbers", fmtDnums("ScatterDimensionNumbers", params.dimension_numbers as object)],
    ["indices_are_sorted", params.indices_are_sorted ? "True" : "False"],
    ["mode", `GatherScatterMode.${gatherModeName(params.mode as GatherMode)}`],
    ["unique_indices", params.unique_indices ? "True" : "False"],
    ["update_consts", "()"],
    ["update_jaxpr", "None"],
  ];
  return p;
}

export const scatter_p: Primitive = scatterPrim("scatter");
export const scatter_add_p: Primitive = scatterPrim("scatter-add");
export const scatter_mul_p: Primitive = scatterPrim("scatter-mul");
export const scatter_min_p: Primitive = scatterPrim("scatter-min");
export const scatter_max_p: Primitive = scatterPrim("scatter-max");
