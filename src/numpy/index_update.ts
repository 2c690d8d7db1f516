/**
 * Functional index updates (`x.at(...idx).set(v)`, JAX's `x.at[idx].set(v)`), `jnp.take` and
 * `jnp.takeAlongAxis`.
 *
 * Updates plan the index exactly as retrieval does (indexing_advanced.ts: one gather) and use
 * the transposed dimension numbers for one `scatter*` (JAX's `_scatter_update`). Out-of-bounds
 * updates are dropped (mode "fill"), JAX's default; repeated indices accumulate for `add`,
 * `multiply`, `min`, `max`, and for `set` one of the updates wins (the last on the CPU backend).
 */

import type { ArrayLike, DeviceArray, Index, IndexUpdateRef } from "../core/array.ts";
import { fromHostData } from "../core/array_impl.ts";
import { isInteger, isSignedInteger } from "../dtype.ts";
import { IndexError, NotImplementedError, ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import type { GatherMode } from "../lax/prims/indexing.ts";
import { checkExtraArguments, checkOptions, isOptionsObject } from "../options.ts";
import { broadcastShapes, describeValue, normalizeAxis, prod, pyShape } from "../shape.ts";
import { asarray, broadcastTo, promoteDTypes } from "./convert.ts";
import { gatherIndex, type GetOptions, planIndex } from "./indexing_advanced.ts";
import { remainder } from "./ufuncs.ts";

type ScatterKind = "scatter" | "scatter-add" | "scatter-mul" | "scatter-min" | "scatter-max";
const UPDATE_NAMES: Record<ScatterKind, string> = {
  "scatter": "set",
  "scatter-add": "add",
  "scatter-mul": "multiply",
  "scatter-min": "min",
  "scatter-max": "max",
};
const UPDATE_KEYS = ["mode", "indicesAreSorted", "uniqueIndices"] as const;

/**
 * Options of `x.at(...)` updates: how out-of-bounds indices are handled (default "fill": such
 * updates are dropped) and promises about the indices.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import type { UpdateOptions } from "./index_update.ts";
 * const opts: UpdateOptions = { mode: "clip" };
 * jnp.zeros([3]).at(5).set(1, opts); // DeviceArray([0., 0., 1.], dtype=float32)
 * ```
 */
export interface UpdateOptions {
  /** "fill"/"drop" (out-of-bounds updates are dropped), "clip", "promise_in_bounds". */
  mode?: "fill" | "drop" | "clip" | "promise_in_bounds" | null;
  /** A promise that the indices are sorted (accepted, as JAX's `indices_are_sorted`). */
  indicesAreSorted?: boolean;
  /** A promise that no index repeats (accepted, as JAX's `unique_indices`). */
  uniqueIndices?: boolean;
}

const INT_RANGE = {
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
} as const;

/** JAX's `_scatter_update`: `x[index] op= y`, without modifying x. */
function scatterUpdate(
  kind: ScatterKind,
  x: DeviceArray,
  index: readonly Index[],
  v: ArrayLike,
  opts: UpdateOptions = {},
): DeviceArray {
  checkOptions(`x.at(...).${UPDATE_NAMES[kind]}`, opts, UPDATE_KEYS);
  // A JS integer that fits x's integer dtype becomes that dtype; anything else is converted as
  // usual and promoted together with x, then the result is cast back (so an int array updated
  // with 1.5 computes in float32 and truncates, as in JAX).
  let y: DeviceArray;
  if (typeof v === "number" && Number.isInteger(v) && isInteger(x.dtype)) {
    const [lo, hi] = INT_RANGE[x.dtype as "int32" | "uint32"];
    y = v >= lo && v <= hi ? asarray(v, x.dtype) : asarray(v);
  } else y = asarray(v);
  const plan = planIndex(x.shape, index, { checkStatic: false });
  if (prod(plan.sliceShape) === 0) return x;
  let [xp, yp] = promoteDTypes([x, y]);
  yp = broadcastTo(yp, plan.sliceShape);
  if (plan.newaxisDims.length) yp = lax.squeeze(yp, plan.newaxisDims);
  if (plan.reversedYDims.length) yp = lax.rev(yp, plan.reversedYDims);
  if (plan.scalarBoolDims.length) xp = lax.expandDims(xp, plan.scalarBoolDims);
  // With no index at all (x.at(":").set(v)) the single window covers the whole operand.
  const indices = plan.indices ?? fromHostData(new Int32Array(0), [0], "int32");
  const mode = opts.mode ?? "fill";
  let out = lax.scatterOp(kind, xp, indices, yp, {
    update_window_dims: plan.dnums.offset_dims,
    inserted_window_dims: plan.dnums.collapsed_slice_dims,
    scatter_dims_to_operand_dims: plan.dnums.start_index_map,
    operand_batching_dims: [],
    scatter_indices_batching_dims: [],
  }, {
    mode: mode === "drop" ? "fill" : mode,
    indicesAreSorted: plan.basic || (opts.indicesAreSorted ?? false),
    uniqueIndices: plan.basic || (opts.uniqueIndices ?? false),
  });
  if (plan.scalarBoolDims.length) out = lax.squeeze(out, plan.scalarBoolDims);
  return lax.convertElementType(out, x.dtype, x.weakType);
}

/**
 * Implements `x.at(...index)`: the functional update reference whose methods scatter (internal;
 * `DeviceArray.at` calls it).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import { atUpdate } from "./index_update.ts";
 * atUpdate(jnp.zeros([3]), [1]).add(2); // DeviceArray([0., 2., 0.], dtype=float32)
 * ```
 */
export function atUpdate(x: DeviceArray, index: Index[]): IndexUpdateRef {
  const idx = [...index];
  return {
    set: (v: ArrayLike, o?: UpdateOptions) => scatterUpdate("scatter", x, idx, v, o),
    add: (v: ArrayLike, o?: UpdateOptions) => scatterUpdate("scatter-add", x, idx, v, o),
    multiply: (v: ArrayLike, o?: UpdateOptions) => scatterUpdate("scatter-mul", x, idx, v, o),
    min: (v: ArrayLike, o?: UpdateOptions) => scatterUpdate("scatter-min", x, idx, v, o),
    max: (v: ArrayLike, o?: UpdateOptions) => scatterUpdate("scatter-max", x, idx, v, o),
    get: (o?: GetOptions) => {
      checkOptions("x.at(...).get", o, ["mode", "fillValue"]);
      return gatherIndex(x, idx, o);
    },
  };
}

/**
 * Options of `jnp.take`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.TakeOptions = { axis: 0, mode: "clip" };
 * jnp.take(jnp.array([10, 20, 30]), [0, 7], opts); // DeviceArray([10, 30], dtype=int32)
 * ```
 */
export interface TakeOptions {
  /** The axis to take along; null or omitted: the flattened array. */
  axis?: number | null;
  /** Out-of-bounds handling: "fill" (default: NaN / int min / uint max / true), "clip", "wrap". */
  mode?: "fill" | "clip" | "wrap" | "raise" | null;
  /** The value "fill" uses. */
  fillValue?: number | null;
  /** A promise that no index repeats (JAX's `unique_indices`). */
  uniqueIndices?: boolean;
  /** A promise that the indices are sorted (JAX's `indices_are_sorted`). */
  indicesAreSorted?: boolean;
}

function checkIntIndices(where: string, idx: DeviceArray): void {
  if (!isInteger(idx.dtype)) {
    throw new TypeError(`${where} indices must be of integer type, got ${idx.dtype}`);
  }
}

/** Adds n to negative entries (JAX's `_normalize_index`); unsigned indices are left alone. */
function wrapNegative(idx: DeviceArray, n: number): DeviceArray {
  if (!isSignedInteger(idx.dtype)) return idx;
  return lax.select(lax.lt(idx, 0), lax.add(idx, n), idx);
}

/**
 * Takes elements along an axis (the flattened array by default), JAX's `jnp.take`. Unlike numpy,
 * out-of-bounds indices do not raise: by default (`mode: "fill"`) they give NaN for floats (the
 * minimum for int32, the maximum for uint32, true for bool); `"clip"` clamps, `"wrap"` wraps.
 * Negative indices count from the end.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.array([[1, 2, 3], [4, 5, 6]]);
 * jnp.take(x, [2, 0]); // DeviceArray([3, 1], dtype=int32)
 * jnp.take(x, [2, 0], { axis: 1 });
 * // DeviceArray([[3, 1],
 * //              [6, 4]], dtype=int32)
 * jnp.take(jnp.array([1.5, 2]), [5, -1]); // DeviceArray([nan,  2.], dtype=float32)
 * ```
 */
export function take(x: ArrayLike, indices: ArrayLike, opts: TakeOptions = {}): DeviceArray {
  if (arguments.length > 3) checkExtraArguments("jnp.take", 2, 3, arguments.length, null, null);
  checkOptions(
    "jnp.take",
    opts,
    ["axis", "mode", "fillValue", "uniqueIndices", "indicesAreSorted"],
    "x, indices",
  );
  let a = asarray(x);
  let idx = asarray(indices);
  // An empty JS list is float32, as in JAX, where take accepts it: check the dtype only when
  // there is something to gather.
  if (idx.size > 0) checkIntIndices("take", idx);
  let axis: number;
  if (opts.axis === undefined || opts.axis === null) {
    a = lax.reshape(a, [a.size]);
    axis = 0;
  } else axis = normalizeAxis(opts.axis, a.ndim);
  const n = a.shape[axis];
  let mode: GatherMode;
  const m = opts.mode ?? "fill";
  if (m === "fill") {
    mode = "fill";
    idx = wrapNegative(idx, n);
  } else if (m === "raise") {
    throw new NotImplementedError("The 'raise' mode to jnp.take is not supported.");
  } else if (m === "wrap") {
    idx = remainder(idx, n);
    mode = "promise_in_bounds";
  } else if (m === "clip") mode = "clip";
  else throw new ValueError(`Invalid mode '${m}' for np.take`);
  const sliceSizes = [...a.shape];
  if (n === 0) {
    if (idx.size !== 0) {
      throw new IndexError("Cannot do a non-empty jnp.take() from an empty axis.");
    }
    return a;
  }
  const outShape = [...a.shape.slice(0, axis), ...idx.shape, ...a.shape.slice(axis + 1)];
  if (idx.size === 0) return zerosOf(a, outShape);
  sliceSizes[axis] = 1;
  const ni = idx.ndim;
  const offsetDims = [
    ...Array.from({ length: axis }, (_, i) => i),
    ...Array.from({ length: a.ndim - axis - 1 }, (_, i) => axis + ni + i),
  ];
  return lax.gather(
    a,
    lax.reshape(idx, [...idx.shape, 1]),
    {
      offset_dims: offsetDims,
      collapsed_slice_dims: [axis],
      start_index_map: [axis],
      operand_batching_dims: [],
      start_indices_batching_dims: [],
    },
    sliceSizes,
    {
      mode,
      fillValue: opts.fillValue ?? null,
      uniqueIndices: opts.uniqueIndices,
      indicesAreSorted: opts.indicesAreSorted,
    },
  );
}

/** Zeros of a's dtype (and weak type, unless `weak` says otherwise), as lax.full_like. */
function zerosOf(a: DeviceArray, shape: number[], weak = a.weakType): DeviceArray {
  return lax.broadcastInDim(lax.convertElementType(0, a.dtype, weak), shape, []);
}

/**
 * Options of `jnp.takeAlongAxis`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.TakeAlongAxisOptions = { mode: "clip" };
 * jnp.takeAlongAxis(jnp.array([1, 2, 3]), jnp.array([5]), 0, opts);
 * // DeviceArray([3], dtype=int32)
 * ```
 */
export interface TakeAlongAxisOptions {
  /** Out-of-bounds handling, as for take (default "fill"); "promise_in_bounds" also skips wrapping. */
  mode?: "fill" | "clip" | "promise_in_bounds" | null;
  /** The value "fill" uses (default: NaN for floats, as `take`). */
  fillValue?: number | null;
}

/**
 * Picks values along an axis at per-position indices, JAX's `jnp.take_along_axis`: `indices` has
 * x's rank and broadcasts against it on the other axes (`axis: null` uses the flattened x and 1-d
 * indices). Out-of-bounds indices fill (NaN for floats) unless `mode` says otherwise.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.array([[5, 3, 4], [2, 7, 6]]);
 * jnp.takeAlongAxis(x, jnp.argsort(x, { axis: 1 }), 1);
 * // DeviceArray([[3, 4, 5],
 * //              [2, 6, 7]], dtype=int32)
 * jnp.takeAlongAxis(x, jnp.argmin(x, { axis: 1, keepdims: true }), 1);
 * // DeviceArray([[3],
 * //              [2]], dtype=int32)
 * jnp.takeAlongAxis(x, jnp.array([[0], [9]]), { axis: 1, mode: "clip" }); // keywords in one object
 * // DeviceArray([[5],
 * //              [6]], dtype=int32)
 * ```
 */
export function takeAlongAxis(
  x: ArrayLike,
  indices: ArrayLike,
  axis: number | null | (TakeAlongAxisOptions & { axis?: number | null }) = -1,
  opts: TakeAlongAxisOptions = {},
): DeviceArray {
  if (arguments.length > 4) {
    checkExtraArguments("jnp.takeAlongAxis", 2, 4, arguments.length, null, null);
  }
  if (isOptionsObject(axis)) {
    // JAX's take_along_axis(arr, indices, axis=…, mode=…) with every keyword in one object.
    if (arguments.length > 3) {
      throw new TypeError("jnp.takeAlongAxis: the options object must be the last argument");
    }
    checkOptions("jnp.takeAlongAxis", axis, ["axis", "mode", "fillValue"]);
    opts = axis;
    axis = axis.axis === undefined ? -1 : axis.axis as number | null;
  } else {
    checkOptions("jnp.takeAlongAxis", opts, ["mode", "fillValue"]);
    if (axis !== null && typeof axis !== "number") {
      throw new TypeError(
        `jnp.takeAlongAxis: axis must be an integer or null, got ${describeValue(axis)}`,
      );
    }
  }
  let a = asarray(x);
  let idx = asarray(indices);
  if (!isInteger(idx.dtype)) {
    throw new TypeError(`take_along_axis indices must be of integer type, got ${idx.dtype}`);
  }
  if (axis === null) {
    if (idx.ndim !== 1) {
      throw new ValueError(
        `take_along_axis indices must be 1D if axis=None, got shape ${pyShape(idx.shape)}`,
      );
    }
    a = lax.reshape(a, [a.size]);
    axis = 0;
  }
  const rank = a.ndim;
  if (rank !== idx.ndim) {
    throw new ValueError(
      `indices and arr must have the same number of dimensions; ${idx.ndim} vs. ${a.ndim}`,
    );
  }
  const ax = normalizeAxis(axis as number, rank);
  const n = a.shape[ax];
  const arrShape = a.shape.map((d, i) => (i === ax ? 1 : d));
  const idxShape = idx.shape;
  const outShape = broadcastShapes(idxShape, arrShape);
  if (n === 0) return zerosOf(a, outShape, false);
  const mode = opts.mode ?? "fill";
  if (mode !== "promise_in_bounds") idx = wrapNegative(idx, n);

  // Axes where indices has size 1 take the whole operand axis as a window; axes where x has size
  // 1 are squeezed away; the others are batching axes pairing operand and index positions, so the
  // whole thing is one gather (JAX's formulation).
  const indexDims = idxShape.flatMap((d, i) => (i === ax || d !== 1 ? [i] : []));
  const gidx = lax.reshape(idx, [...indexDims.map((i) => outShape[i]), 1]);
  const sliceSizes: number[] = [], offsetDims: number[] = [], startIndexMap: number[] = [];
  const collapsed: number[] = [], opBatch: number[] = [], idxBatch: number[] = [];
  const squeeze: number[] = [];
  let newI = 0, j = 0;
  for (let i = 0; i < rank; i++) {
    if (i === ax) {
      sliceSizes.push(1);
      startIndexMap.push(newI);
      collapsed.push(newI);
      newI++;
      j++;
    } else if (idxShape[i] === 1) {
      offsetDims.push(i);
      sliceSizes.push(arrShape[i]);
      newI++;
    } else if (arrShape[i] === 1) {
      squeeze.push(i);
      j++;
    } else {
      sliceSizes.push(arrShape[i] === 0 ? 0 : 1);
      opBatch.push(newI);
      idxBatch.push(j);
      newI++;
      j++;
    }
  }
  return lax.gather(
    lax.squeeze(a, squeeze),
    gidx,
    {
      offset_dims: offsetDims,
      collapsed_slice_dims: collapsed,
      start_index_map: startIndexMap,
      operand_batching_dims: opBatch,
      start_indices_batching_dims: idxBatch,
    },
    sliceSizes,
    { mode, fillValue: opts.fillValue ?? null },
  );
}
