/**
 * JVP, transpose and batching rules of gather and the scatters (scatter, scatter-add,
 * scatter-mul, scatter-min, scatter-max).
 *
 * gather is linear in its operand and transposes to a scatter-add with the mirrored dimension
 * numbers; scatter-add is linear in (operand, updates) and transposes back to a gather. The other
 * scatters' JVPs are written with gathers, scatter-adds and elementwise masks, so their linear
 * parts only need those two transposes. Batching uses the primitives' batching dims: vmap of any
 * indexing stays one gather or one scatter.
 */

import type { DeviceArray } from "../../core/array.ts";
import { ShapedArray } from "../../core/aval.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import { bind1 } from "../../core/trace.ts";
import { isFloat } from "../../dtype.ts";
import { NotImplementedError } from "../../errors.ts";
import { addTangents } from "../../interpreters/ad.ts";
import * as lax from "../lax.ts";
import * as P from "../prims/index.ts";
import type {
  GatherDimensionNumbers,
  GatherMode,
  ScatterDimensionNumbers,
} from "../prims/index.ts";
import {
  defLinearJvp,
  instantiate,
  isZero,
  moveaxis,
  type Tangent,
  UndefPrimal,
  Zero,
  zeros,
  zeroTangent,
} from "./util.ts";

const inc = (axes: readonly number[]) => axes.map((a) => a + 1);

/** The gather that reads where a scatter with dimension numbers `dn` writes. */
function gatherDnumsOf(dn: ScatterDimensionNumbers): GatherDimensionNumbers {
  return {
    offset_dims: dn.update_window_dims,
    collapsed_slice_dims: dn.inserted_window_dims,
    start_index_map: dn.scatter_dims_to_operand_dims,
    operand_batching_dims: dn.operand_batching_dims,
    start_indices_batching_dims: dn.scatter_indices_batching_dims,
  };
}

/** The scatter that writes where a gather with dimension numbers `dn` reads. */
function scatterDnumsOf(dn: GatherDimensionNumbers): ScatterDimensionNumbers {
  return {
    update_window_dims: dn.offset_dims,
    inserted_window_dims: dn.collapsed_slice_dims,
    scatter_dims_to_operand_dims: dn.start_index_map,
    operand_batching_dims: dn.operand_batching_dims,
    scatter_indices_batching_dims: dn.start_indices_batching_dims,
  };
}

/**
 * Gather dimension numbers once the operand has a new leading batch axis. With `indicesBatched`
 * the indices have one too and the two axes are paired as batching dims; otherwise the operand's
 * batch axis is one more (full-size) window axis, output axis 0. Scatters batch the same way,
 * through their mirrored gather numbers.
 */
function withOperandBatchAxis(
  dn: GatherDimensionNumbers,
  indicesBatched: boolean,
): GatherDimensionNumbers {
  if (indicesBatched) {
    return {
      offset_dims: inc(dn.offset_dims),
      collapsed_slice_dims: inc(dn.collapsed_slice_dims),
      start_index_map: inc(dn.start_index_map),
      operand_batching_dims: [0, ...inc(dn.operand_batching_dims)],
      start_indices_batching_dims: [0, ...inc(dn.start_indices_batching_dims)],
    };
  }
  return {
    offset_dims: [0, ...inc(dn.offset_dims)],
    collapsed_slice_dims: inc(dn.collapsed_slice_dims),
    start_index_map: inc(dn.start_index_map),
    operand_batching_dims: inc(dn.operand_batching_dims),
    start_indices_batching_dims: dn.start_indices_batching_dims,
  };
}

/** The gather that reads back, for every update element, the operand element it lands on. */
function inverseGather(dn: ScatterDimensionNumbers, operandNdim: number, updates: ShapedArray) {
  const gdn = gatherDnumsOf(dn);
  const sizes: number[] = [];
  let w = 0;
  for (let i = 0; i < operandNdim; i++) {
    if (dn.inserted_window_dims.includes(i) || dn.operand_batching_dims.includes(i)) sizes.push(1);
    else sizes.push(updates.shape[dn.update_window_dims[w++]]);
  }
  return { gdn, sizes };
}

/**
 * Gathers, for each element of `updates`, the element of `x` (operand-shaped) that the scatter
 * with these params combines it into; elements of dropped (out-of-bounds) updates read `fill`.
 * The CPU scatter kernel drops out-of-bounds windows in "fill" and "promise_in_bounds" modes and
 * clamps them in "clip" mode; the gather mirrors that.
 */
function gatherAtUpdates(
  x: DeviceArray,
  indices: DeviceArray,
  updates: ShapedArray,
  params: Params,
  fill: number,
): DeviceArray {
  const dn = params.dimension_numbers as ScatterDimensionNumbers;
  const { gdn, sizes } = inverseGather(dn, x.ndim, updates);
  const mode: GatherMode = params.mode === "clip" ? "clip" : "fill";
  return lax.gather(x, indices, gdn, sizes, {
    mode,
    fillValue: fill,
    indicesAreSorted: params.indices_are_sorted as boolean,
    uniqueIndices: params.unique_indices as boolean,
  });
}

/** Scatter-adds `upd` into `x` at the positions a scatter with `params` uses. */
function scatterAddLike(x: DeviceArray, indices: DeviceArray, upd: DeviceArray, params: Params) {
  return bind1(P.scatter_add_p, [x, indices, upd], params);
}

// gather ----------------------------------------------------------------------------------------

// Out-of-bounds windows ("fill" mode) read a constant, whose tangent is 0.
defLinearJvp(P.gather_p, [0], (params) => ({ ...params, fill_value: 0 }));
P.gather_p.transpose = ([ct], [x, indices], params) => {
  const aval = (x as UndefPrimal).aval;
  if (isZero(ct)) return [new Zero(aval), null];
  const sdn = scatterDnumsOf(params.dimension_numbers as GatherDimensionNumbers);
  // The CPU gather clamps in "promise_in_bounds" mode, so its transpose must clamp ("clip") too;
  // "fill" mode read a constant for out-of-bounds windows, and scatter's "fill" drops them.
  const mode: GatherMode = params.mode === "fill" ? "fill" : "clip";
  const out = bind1(P.scatter_add_p, [zeros(aval), indices as DeviceArray, ct], {
    dimension_numbers: sdn,
    mode,
    indices_are_sorted: params.indices_are_sorted,
    unique_indices: params.unique_indices,
  });
  return [out, null];
};
P.gather_p.batch = ([x, indices], [dx, di], params, size) => {
  const dn = params.dimension_numbers as GatherDimensionNumbers;
  const sizes = params.slice_sizes as number[];
  let operand = x, idx = indices, gdn: GatherDimensionNumbers, slice: number[];
  if (di === null) {
    // Only the operand: its batch axis is one more (full-size) window axis, output axis 0.
    operand = moveaxis(x, dx, 0, size);
    gdn = withOperandBatchAxis(dn, false);
    slice = [size, ...sizes];
  } else if (dx === null) {
    // Only the indices: one more leading batch axis of the indices, hence of the output.
    idx = moveaxis(indices, di, 0, size);
    gdn = {
      ...dn,
      offset_dims: inc(dn.offset_dims),
      start_indices_batching_dims: inc(dn.start_indices_batching_dims),
    };
    slice = sizes;
  } else {
    // Both: the two batch axes are paired as batching dims.
    operand = moveaxis(x, dx, 0, size);
    idx = moveaxis(indices, di, 0, size);
    gdn = withOperandBatchAxis(dn, true);
    slice = [1, ...sizes];
  }
  const out = bind1(P.gather_p, [operand, idx], {
    ...params,
    dimension_numbers: gdn,
    slice_sizes: slice,
  });
  return [[out], [0]];
};

// scatter batching (all combiners) --------------------------------------------------------------

function batchScatter(prim: Primitive): void {
  prim.batch = ([x, indices, upd], [dx, di, du], params, size) => {
    const dn = params.dimension_numbers as ScatterDimensionNumbers;
    // Every example writes its own copy of the operand, so operand and updates both get the
    // batch axis first (broadcast if they lack it).
    const operand = moveaxis(x, dx, 0, size);
    const updates = moveaxis(upd, du, 0, size);
    // Shared indices: the batch axis is one more window axis (update axis 0, operand axis 0).
    // Per-example indices: operand axis 0 and indices axis 0 are paired batching dims.
    const idx = di === null ? indices : moveaxis(indices, di, 0, size);
    const sdn = scatterDnumsOf(withOperandBatchAxis(gatherDnumsOf(dn), di !== null));
    const out = bind1(prim, [operand, idx, updates], { ...params, dimension_numbers: sdn });
    return [[out], [0]];
  };
}
for (const p of [P.scatter_p, P.scatter_add_p, P.scatter_mul_p, P.scatter_min_p, P.scatter_max_p]) {
  batchScatter(p);
}

// scatter-add -----------------------------------------------------------------------------------

defLinearJvp(P.scatter_add_p, [0, 2]);
P.scatter_add_p.transpose = ([ct], [x, indices, upd], params) => {
  const xu = x instanceof UndefPrimal, uu = upd instanceof UndefPrimal;
  if (isZero(ct)) return [xu ? new Zero(x.aval) : null, null, uu ? new Zero(upd.aval) : null];
  // Each update element was added to exactly one operand element (or dropped: cotangent 0).
  const tu = uu ? gatherAtUpdates(ct, indices as DeviceArray, upd.aval, params, 0) : null;
  return [xu ? ct : null, null, tu];
};

// scatter (replace) -----------------------------------------------------------------------------

P.scatter_p.jvp = ([x, indices, upd], [tx, _ti, tu], params) => {
  const ans = bind1(P.scatter_p, [x, indices, upd], params);
  if ((isZero(tx) && isZero(tu)) || !isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
  if (params.unique_indices) {
    // Each operand element is overwritten by at most one update: scatter the tangents the same way.
    return [[ans], [bind1(P.scatter_p, [instantiate(tx), indices, instantiate(tu)], params)]];
  }
  // With repeated indices, find which update won each element (JAX's approach): scatter unique
  // ids, read them back at every update, and keep only the tangents of the winners. The tangent
  // is then a masked scatter-add, whose transpose is known.
  const nIds = upd.size;
  const ids = lax.add(lax.reshape(lax.iota("int32", nIds), upd.shape), lax.scalar(1, "int32"));
  const noIds = zeros(new ShapedArray(x.shape, "int32"));
  const written = bind1(P.scatter_p, [noIds, indices, ids], params);
  const kept = lax.eq(written, lax.scalar(0, "int32"));
  const won = lax.eq(ids, gatherAtUpdates(written, indices, ids.aval, params, -1));
  const zeroX = zeros(ans.aval.withWeak(false));
  const tOperand = isZero(tx) ? zeroX : lax.select(kept, tx, zeroX);
  if (isZero(tu)) return [[ans], [tOperand]];
  const tUpdates = lax.select(won, tu, zeros(tu.aval));
  return [[ans], [scatterAddLike(tOperand, indices, tUpdates, params)]];
};

P.scatter_p.transpose = ([ct], [x, indices, upd], params) => {
  if (!params.unique_indices) {
    throw new NotImplementedError(
      "scatter transpose is only implemented where unique_indices=True",
    );
  }
  const xu = x instanceof UndefPrimal, uu = upd instanceof UndefPrimal;
  if (isZero(ct)) return [xu ? new Zero(x.aval) : null, null, uu ? new Zero(upd.aval) : null];
  const idx = indices as DeviceArray;
  // Operand elements that were overwritten get no cotangent; each update gets its element's.
  const tx = xu ? bind1(P.scatter_p, [ct, idx, zeros(upd.aval.withWeak(false))], params) : null;
  const tu = uu ? gatherAtUpdates(ct, idx, upd.aval, params, 0) : null;
  return [tx, null, tu];
};

// scatter-mul -----------------------------------------------------------------------------------

P.scatter_mul_p.jvp = ([x, indices, upd], [tx, _ti, tu], params) => {
  const ans = bind1(P.scatter_mul_p, [x, indices, upd], params);
  if ((isZero(tx) && isZero(tu)) || !isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
  let t: Tangent = zeroTangent(ans);
  // Linear in the operand for fixed updates.
  if (!isZero(tx)) t = addTangents(t, bind1(P.scatter_mul_p, [tx, indices, upd], params));
  if (!isZero(tu)) {
    if (!params.unique_indices) {
      throw new NotImplementedError(
        "scatter_mul gradients are only implemented if `unique_indices=True`",
      );
    }
    // One update per element: d(x·u) = x·du there, 0 elsewhere.
    const spread = scatterAddLike(zeros(ans.aval.withWeak(false)), indices, tu, params);
    t = addTangents(t, lax.mul(x, spread));
  }
  return [[ans], [t]];
};

P.scatter_mul_p.transpose = ([ct], [x, indices, upd], params) => {
  const xu = x instanceof UndefPrimal, uu = upd instanceof UndefPrimal;
  if (xu && uu) throw new Error("scatter-mul is not linear in operand and updates at once");
  if (isZero(ct)) return [xu ? new Zero(x.aval) : null, null, uu ? new Zero(upd.aval) : null];
  const idx = indices as DeviceArray;
  // For fixed updates each operand element is scaled by the product of its updates: a diagonal
  // map, its own transpose.
  if (xu) return [bind1(P.scatter_mul_p, [ct, idx, upd as DeviceArray], params), null, null];
  if (!params.unique_indices) {
    throw new NotImplementedError(
      "scatter_mul gradients are only implemented if `unique_indices=True`",
    );
  }
  // For a fixed operand (unique indices) each update multiplies one operand element.
  return [null, null, gatherAtUpdates(lax.mul(ct, x as DeviceArray), idx, upd.aval, params, 0)];
};

// scatter-min / scatter-max ---------------------------------------------------------------------

/**
 * Each output element is the extreme of its operand element and the updates landing on it; its
 * tangent is the mean of the tangents of all of those that attain it (ties share equally, as
 * JAX's rule and lax.max's balanced derivative do). As in JAX's rule, elements no update lands on
 * keep the operand's tangent (even where the operand is NaN), and an element that nothing attains
 * (a NaN result) gets tangent 0.
 */
function extremalScatterJvp(prim: Primitive): void {
  prim.jvp = ([x, indices, upd], [tx, _ti, tu], params) => {
    const ans = bind1(prim, [x, indices, upd], params);
    if ((isZero(tx) && isZero(tu)) || !isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
    const dtype = ans.dtype;
    const zeroX = zeros(ans.aval.withWeak(false));
    const zero = lax.scalar(0, dtype), one = lax.scalar(1, dtype);
    const ones = lax.broadcastInDim(one, upd.shape, []);
    const untouched = lax.eq(scatterAddLike(zeroX, indices, ones, params), zero);
    const retained = lax.convertElementType(lax.bitwiseOr(lax.eq(x, ans), untouched), dtype);
    // NaN fill: dropped updates never match.
    const won = lax.convertElementType(
      lax.eq(upd, gatherAtUpdates(ans, indices, upd.aval, params, NaN)),
      dtype,
    );
    const count = lax.add(retained, scatterAddLike(zeroX, indices, won, params));
    // Where the count is 0 both numerators are 0: dividing by 1 there keeps the tangent 0.
    const share = lax.div(one, lax.max(count, one));
    let t: Tangent = zeroTangent(ans);
    if (!isZero(tx)) t = addTangents(t, lax.mul(tx, lax.mul(retained, share)));
    if (!isZero(tu)) {
      const fromUpdates = scatterAddLike(zeroX, indices, lax.mul(tu, won), params);
      t = addTangents(t, lax.mul(fromUpdates, share));
    }
    return [[ans], [t]];
  };
}
extremalScatterJvp(P.scatter_min_p);
extremalScatterJvp(P.scatter_max_p);
