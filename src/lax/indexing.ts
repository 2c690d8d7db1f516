/** XLA's gather and scatter family, the primitives under jnp indexing and `x.at(...)` updates. */

import type { DeviceArray } from "../core/array.ts";
import { bind1 } from "../core/trace.ts";
import type { Primitive } from "../core/primitive.ts";
import * as P from "./prims/index.ts";
import type { GatherDimensionNumbers, GatherMode, ScatterDimensionNumbers } from "./prims/index.ts";
import { type Operand, operands } from "./operand.ts";
import { checkOptions, tooManyArguments } from "../options.ts";

/**
 * XLA's gather, `lax.gather`: slices of `sliceSizes` starting at each index vector (the last axis
 * of `indices`), arranged by `dimensionNumbers`. `mode` "clip" (default) clamps starts into bounds,
 * "fill" gives `fillValue` (NaN for floats by default) for out-of-bounds slices. jnp indexing
 * (`x.get`) builds these for you.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const dnums = {
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
export function gather(
  operand: DeviceArray,
  indices: DeviceArray,
  dimensionNumbers: GatherDimensionNumbers,
  sliceSizes: readonly number[],
  opts: {
    mode?: GatherMode;
    fillValue?: number | null;
    indicesAreSorted?: boolean;
    uniqueIndices?: boolean;
  } = {},
): DeviceArray {
  if (arguments.length > 5) throw tooManyArguments("lax.gather", 4, 5, arguments.length);
  checkOptions("lax.gather", opts, ["mode", "fillValue", "indicesAreSorted", "uniqueIndices"]);
  return bind1(P.gather_p, [operand, indices], {
    dimension_numbers: dimensionNumbers,
    slice_sizes: [...sliceSizes],
    mode: opts.mode ?? "clip",
    fill_value: opts.fillValue ?? null,
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
  });
}

/**
 * Which scatter `scatterOp` applies: "scatter" replaces, the others combine with the operand's
 * values (JAX's `lax.scatter`, `scatter_add`, `scatter_mul`, `scatter_min`, `scatter_max`).
 *
 * @example
 * ```ts
 * import { lax } from "@jaxscript/jaxscript";
 * const kind: lax.ScatterKind = "scatter-max";
 * ```
 */
export type ScatterKind = "scatter" | "scatter-add" | "scatter-mul" | "scatter-min" | "scatter-max";
const SCATTERS: Record<ScatterKind, Primitive> = {
  "scatter": P.scatter_p,
  "scatter-add": P.scatter_add_p,
  "scatter-mul": P.scatter_mul_p,
  "scatter-min": P.scatter_min_p,
  "scatter-max": P.scatter_max_p,
};

/**
 * XLA's scatter family, `lax.scatter` / `scatter_add` / `scatter_mul` / `scatter_min` /
 * `scatter_max` by `kind`: combines `updates` into `operand` at the index vectors (the last axis of
 * `indices`). Repeated indices accumulate (for "scatter" one update wins). `mode` "fill" (default)
 * drops out-of-bounds updates, "clip" clamps them. `x.at(...)` builds these for you.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const dnums = {
 *   update_window_dims: [],
 *   inserted_window_dims: [0],
 *   scatter_dims_to_operand_dims: [0],
 *   operand_batching_dims: [],
 *   scatter_indices_batching_dims: [],
 * };
 * const idx = jnp.array([[1], [1], [5]]); // index 1 twice; 5 is out of bounds
 * const updates = jnp.array([1, 2, 4], { dtype: "float32" });
 * lax.scatterOp("scatter-add", jnp.zeros([3]), idx, updates, dnums);
 * // DeviceArray([0., 3., 0.], dtype=float32)
 * ```
 */
export function scatterOp(
  kind: ScatterKind,
  operand: DeviceArray,
  indices: DeviceArray,
  updates: Operand,
  dimensionNumbers: ScatterDimensionNumbers,
  opts: { mode?: GatherMode; indicesAreSorted?: boolean; uniqueIndices?: boolean } = {},
): DeviceArray {
  if (arguments.length > 6) throw tooManyArguments("lax.scatterOp", 5, 6, arguments.length);
  checkOptions("lax.scatterOp", opts, ["mode", "indicesAreSorted", "uniqueIndices"]);
  const [o, u] = operands([operand, updates]);
  return bind1(SCATTERS[kind], [o, indices, u], {
    dimension_numbers: dimensionNumbers,
    mode: opts.mode ?? "fill",
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
  });
}
