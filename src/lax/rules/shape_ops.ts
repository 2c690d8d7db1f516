/**
 * JVP, transpose and batching rules of the structural primitives: iota, broadcast_in_dim,
 * reshape, squeeze, transpose, rev, slice, pad, concatenate, dynamic_slice and
 * dynamic_update_slice. All but iota are linear in their array operands, so their JVPs apply the
 * primitive to the tangents and their transposes move cotangents back to the operand's layout.
 */

import type { DeviceArray } from "../../core/array.ts";
import type { BatchDim, Params, Primitive } from "../../core/primitive.ts";
import { bind1 } from "../../core/trace.ts";
import * as lax from "../lax.ts";
import * as P from "../prims/index.ts";
import type { ScatterDimensionNumbers } from "../prims/index.ts";
import {
  argsort,
  defLinearJvp,
  defZeroJvp,
  isZero,
  moveaxis,
  range,
  shiftAxis,
  type Tangent,
  UndefPrimal,
  Zero,
  zeros,
} from "./util.ts";

type Pad = [number, number, number];

/** Transpose rule of a unary linear primitive: `f` maps a (non-zero) cotangent back. */
function linearTranspose(
  prim: Primitive,
  f: (ct: DeviceArray, x: UndefPrimal, params: Params) => DeviceArray,
): void {
  prim.transpose = ([ct], [x], params) => {
    const u = x as UndefPrimal;
    return [isZero(ct) ? new Zero(u.aval) : f(ct, u, params)];
  };
}

// iota ------------------------------------------------------------------------------------------

// iota has no operands, so these only matter to callers that apply rules directly: its output
// does not depend on any input, and vmap of a constant is unbatched.
defZeroJvp(P.iota_p);
P.iota_p.batch = (_args, _dims, params) => [[bind1(P.iota_p, [], params)], [null]];

// broadcast_in_dim ------------------------------------------------------------------------------

defLinearJvp(P.broadcast_in_dim_p, [0]);
linearTranspose(P.broadcast_in_dim_p, (ct, x, params) => {
  const shape = params.shape as number[];
  const bdims = params.broadcast_dimensions as number[];
  // Sum over the output axes that no operand axis feeds, and over those a size-1 operand axis
  // was stretched to; the reshape then restores the size-1 axes.
  const axes = range(shape.length).filter((i) => {
    const k = bdims.indexOf(i);
    return k < 0 || (x.aval.shape[k] === 1 && shape[i] !== 1);
  });
  return lax.reshape(lax.reduceSum(ct, axes), x.aval.shape);
});
P.broadcast_in_dim_p.batch = ([x], [d], params, size) => {
  const bd = d as number;
  const shape = [...(params.shape as number[])];
  const dims = params.broadcast_dimensions as number[];
  // Put the batch axis right after the output axis of the operand axis before it, so the
  // broadcast dimensions stay increasing and no transpose is needed.
  const at = bd === 0 ? 0 : dims[bd - 1] + 1;
  shape.splice(at, 0, size);
  const newDims = dims.map((b) => (b >= at ? b + 1 : b));
  newDims.splice(bd, 0, at);
  const out = bind1(P.broadcast_in_dim_p, [x], { ...params, shape, broadcast_dimensions: newDims });
  return [[out], [at]];
};

// reshape, squeeze, transpose, rev ----------------------------------------------------------------

defLinearJvp(P.reshape_p, [0]);
linearTranspose(P.reshape_p, (ct, x) => lax.reshape(ct, x.aval.shape));
P.reshape_p.batch = ([x], [d], params, size) => {
  // Row-major reshapes only preserve a leading axis, so the batch axis goes first.
  const xm = moveaxis(x, d, 0, size);
  const sizes = [size, ...(params.new_sizes as number[])];
  return [[bind1(P.reshape_p, [xm], { ...params, new_sizes: sizes })], [0]];
};

defLinearJvp(P.squeeze_p, [0]);
linearTranspose(P.squeeze_p, (ct, x) => lax.reshape(ct, x.aval.shape));
P.squeeze_p.batch = ([x], [d], params) => {
  const bd = d as number;
  const dims = params.dimensions as number[];
  const out = bd - dims.filter((k) => k < bd).length;
  const moved = dims.map((k) => shiftAxis(k, bd));
  return [[bind1(P.squeeze_p, [x], { dimensions: moved })], [out]];
};

defLinearJvp(P.transpose_p, [0]);
linearTranspose(P.transpose_p, (ct, _x, params) => {
  return lax.transpose(ct, argsort(params.permutation as number[]));
});
P.transpose_p.batch = ([x], [d], params) => {
  const bd = d as number;
  const perm = (params.permutation as number[]).map((p) => shiftAxis(p, bd));
  return [[bind1(P.transpose_p, [x], { permutation: [bd, ...perm] })], [0]];
};

defLinearJvp(P.rev_p, [0]);
linearTranspose(P.rev_p, (ct, _x, params) => lax.rev(ct, params.dimensions as number[]));
P.rev_p.batch = ([x], [d], params) => {
  const dims = (params.dimensions as number[]).map((k) => shiftAxis(k, d as number));
  return [[bind1(P.rev_p, [x], { dimensions: dims })], [d]];
};

// slice and pad ---------------------------------------------------------------------------------

defLinearJvp(P.slice_p, [0]);
linearTranspose(P.slice_p, (ct, x, params) => {
  const start = params.start_indices as number[];
  const strides = (params.strides as number[] | null) ?? start.map(() => 1);
  // Zeros around the window and between strided elements: the slice's inverse embedding.
  const cfg = x.aval.shape.map((n, i): Pad => {
    const m = ct.shape[i];
    const used = m === 0 ? 0 : (m - 1) * strides[i] + 1;
    return [start[i], n - start[i] - used, m === 0 ? 0 : strides[i] - 1];
  });
  return lax.pad(ct, lax.scalar(0, ct.dtype), cfg);
});
P.slice_p.batch = ([x], [d], params, size) => {
  const bd = d as number;
  const start = [...(params.start_indices as number[])];
  const limit = [...(params.limit_indices as number[])];
  const strides = params.strides ? [...(params.strides as number[])] : null;
  start.splice(bd, 0, 0);
  limit.splice(bd, 0, size);
  strides?.splice(bd, 0, 1);
  return [[bind1(P.slice_p, [x], { start_indices: start, limit_indices: limit, strides })], [bd]];
};

defLinearJvp(P.pad_p, [0, 1]);
P.pad_p.transpose = ([ct], [x, v], params) => {
  const cfg = params.padding_config as Pad[];
  const xu = x instanceof UndefPrimal, vu = v instanceof UndefPrimal;
  if (isZero(ct)) {
    return [xu ? new Zero(x.aval) : null, vu ? new Zero((v as UndefPrimal).aval) : null];
  }
  // Undo the edges (re-growing cropped ones with zeros), then take every (interior+1)-th element.
  const unpadded = lax.pad(ct, lax.scalar(0, ct.dtype), cfg.map(([lo, hi]): Pad => [-lo, -hi, 0]));
  const tx = lax.slice(
    unpadded,
    unpadded.shape.map(() => 0),
    unpadded.shape,
    cfg.map(([, , interior]) => interior + 1),
  );
  let tv: Tangent | null = null;
  if (vu) {
    // Every output element that is not an operand element is the padding value.
    const total = (a: DeviceArray) => lax.reduceSum(a, range(a.ndim));
    tv = lax.sub(total(ct), total(tx));
  }
  return [xu ? tx : null, tv];
};
P.pad_p.batch = ([x, v], [dx, dv], params, size) => {
  const cfg = params.padding_config as Pad[];
  if (dv === null) {
    const bd = dx as number;
    const c = [...cfg];
    c.splice(bd, 0, [0, 0, 0]);
    return [[bind1(P.pad_p, [x, v], { padding_config: c })], [bd]];
  }
  // A per-example padding value: pad with zeros, then select the value wherever a mask padded
  // the same way says "padding".
  const xm = moveaxis(x, dx, 0, size);
  const c: Pad[] = [[0, 0, 0], ...cfg];
  const padded = bind1(P.pad_p, [xm, lax.scalar(0, x.dtype)], { padding_config: c });
  const inside = lax.broadcastInDim(lax.scalar(true), xm.shape, []);
  const mask = bind1(P.pad_p, [inside, lax.scalar(false)], { padding_config: c });
  const vals = lax.broadcastInDim(moveaxis(v, dv, 0, size), padded.shape, [0]);
  return [[lax.select(mask, padded, vals)], [0]];
};

// concatenate -----------------------------------------------------------------------------------

// Linear in every operand (their number varies, so defLinearJvp's fixed list does not fit).
P.concatenate_p.jvp = (primals, tangents, params) => {
  const out = bind1(P.concatenate_p, primals, params);
  if (tangents.every(isZero)) return [[out], [new Zero(out.aval.withWeak(false))]];
  const ts = tangents.map((t) => (isZero(t) ? zeros(t.aval) : t));
  return [[out], [bind1(P.concatenate_p, ts, params)]];
};
P.concatenate_p.transpose = ([ct], args, params) => {
  const dim = params.dimension as number;
  let offset = 0;
  return args.map((a) => {
    const n = a.aval.shape[dim];
    const start = offset;
    offset += n;
    if (!(a instanceof UndefPrimal)) return null;
    if (isZero(ct)) return new Zero(a.aval);
    return lax.sliceInDim(ct, start, start + n, 1, dim);
  });
};
P.concatenate_p.batch = (args, dims, params, size) => {
  const moved = args.map((a, i) => moveaxis(a, dims[i], 0, size));
  const dim = (params.dimension as number) + 1;
  return [[bind1(P.concatenate_p, moved, { dimension: dim })], [0]];
};

// dynamic_slice and dynamic_update_slice --------------------------------------------------------

/**
 * Start indices of a batched dynamic slice as one [batch, n] index array for gather/scatter
 * (broadcasting unbatched ones); int32 unless every index is uint32.
 */
function batchedStartIndices(idx: DeviceArray[], dims: BatchDim[], size: number): DeviceArray {
  const dtype = idx.every((i) => i.dtype === "uint32") ? "uint32" : "int32";
  const cols = idx.map((i, k) => {
    const col = dims[k] === null ? lax.broadcastInDim(i, [size], []) : i;
    return lax.reshape(lax.convertElementType(col, dtype), [size, 1]);
  });
  return cols.length === 1 ? cols[0] : lax.concatenate(cols, 1);
}

defLinearJvp(P.dynamic_slice_p, [0]);
P.dynamic_slice_p.transpose = ([ct], [x, ...idx]) => {
  const u = x as UndefPrimal;
  const rest = idx.map(() => null);
  if (isZero(ct)) return [new Zero(u.aval), ...rest];
  return [lax.dynamicUpdateSlice(zeros(u.aval), ct, idx as DeviceArray[]), ...rest];
};
P.dynamic_slice_p.batch = ([x, ...idx], [dx, ...didx], params, size) => {
  const sizes = params.slice_sizes as number[];
  if (didx.every((d) => d === null)) {
    // Same window for every example: slice the whole batch axis too.
    const bd = dx as number;
    const s = [...sizes];
    s.splice(bd, 0, size);
    const starts = [...idx];
    starts.splice(bd, 0, lax.scalar(0, "int32"));
    return [[bind1(P.dynamic_slice_p, [x, ...starts], { slice_sizes: s })], [bd]];
  }
  // Per-example starts: one gather (clip mode clamps windows as dynamic_slice does), batched
  // over the operand's batch axis when it has one.
  const n = sizes.length;
  const indices = batchedStartIndices(idx, didx, size);
  const win = range(1, n + 1);
  if (dx === null) {
    const dn = {
      offset_dims: win,
      collapsed_slice_dims: [],
      start_index_map: range(n),
      operand_batching_dims: [],
      start_indices_batching_dims: [],
    };
    return [[lax.gather(x, indices, dn, sizes, { mode: "clip", indicesAreSorted: true })], [0]];
  }
  const dn = {
    offset_dims: win,
    collapsed_slice_dims: [],
    start_index_map: win,
    operand_batching_dims: [0],
    start_indices_batching_dims: [0],
  };
  const xm = moveaxis(x, dx, 0, size);
  const out = lax.gather(xm, indices, dn, [1, ...sizes], { mode: "clip", indicesAreSorted: true });
  return [[out], [0]];
};

defLinearJvp(P.dynamic_update_slice_p, [0, 1]);
P.dynamic_update_slice_p.transpose = ([ct], [x, upd, ...idx]) => {
  const xu = x instanceof UndefPrimal, uu = upd instanceof UndefPrimal;
  const rest = idx.map(() => null);
  const starts = idx as DeviceArray[];
  if (isZero(ct)) {
    return [xu ? new Zero(x.aval) : null, uu ? new Zero(upd.aval) : null, ...rest];
  }
  // The operand's elements under the window were overwritten: they get no cotangent.
  const tx = xu ? lax.dynamicUpdateSlice(ct, zeros(upd.aval), starts) : null;
  const tu = uu ? lax.dynamicSlice(ct, starts, upd.aval.shape) : null;
  return [tx, tu, ...rest];
};
P.dynamic_update_slice_p.batch = ([x, upd, ...idx], [dx, du, ...didx], _params, size) => {
  const xm = moveaxis(x, dx, 0, size);
  const um = moveaxis(upd, du, 0, size);
  if (didx.every((d) => d === null)) {
    const starts = [lax.scalar(0, "int32"), ...idx];
    return [[bind1(P.dynamic_update_slice_p, [xm, um, ...starts], {})], [0]];
  }
  // Per-example starts: one scatter, batched over axis 0 of operand and updates, with clip mode
  // clamping each window into bounds as dynamic_update_slice does.
  const n = x.ndim - (dx === null ? 0 : 1);
  const win = range(1, n + 1);
  const dn: ScatterDimensionNumbers = {
    update_window_dims: win,
    inserted_window_dims: [],
    scatter_dims_to_operand_dims: win,
    operand_batching_dims: [0],
    scatter_indices_batching_dims: [0],
  };
  const indices = batchedStartIndices(idx, didx, size);
  const out = lax.scatterOp("scatter", xm, indices, um, dn, {
    mode: "clip",
    indicesAreSorted: true,
    uniqueIndices: true,
  });
  return [[out], [0]];
};
