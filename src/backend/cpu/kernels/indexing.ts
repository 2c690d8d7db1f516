/**
 * gather and scatter kernels with XLA's semantics (see `src/lax/prims/indexing.ts`). The index
 * vector is the last axis of `indices`; every other indices axis is a batch ("scatter") axis.
 *
 * Both kernels work per index vector: they compute the window's start in the operand, then move
 * the window. Window element offsets (in the operand and in the output/updates) are precomputed
 * once, so the per-vector work is a short loop; when the window is one contiguous block on both
 * sides (the `x[idx]` / jnp.take pattern on rows), it is a single block copy instead.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import { allocTyped, type DType, type TypedArray } from "../../../dtype.ts";
import { stridesOf } from "../../../shape.ts";
import type {
  GatherDimensionNumbers,
  GatherMode,
  ScatterDimensionNumbers,
} from "../../../lax/prims/indexing.ts";

/** Windows at least this long are copied with `set(subarray)`; shorter ones element by element. */
const MEMCPY_MIN = 16;

/**
 * Flat offsets of every element of a window of `sizes` (row-major over the listed `axes`), in a
 * layout with `strides` along those axes.
 */
function windowOffsets(sizes: number[], strides: number[]): Int32Array {
  let total = 1;
  for (const s of sizes) total *= s;
  const out = new Int32Array(total);
  if (total === 0) return out;
  const rank = sizes.length;
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  for (let k = 0; k < total; k++) {
    out[k] = off;
    for (let a = rank - 1; a >= 0; a--) {
      idx[a]++;
      off += strides[a];
      if (idx[a] < sizes[a]) break;
      off -= strides[a] * sizes[a];
      idx[a] = 0;
    }
  }
  return out;
}

/** True when offsets are 0, 1, 2, …: the window is one dense block. */
function isDense(offsets: Int32Array): boolean {
  for (let k = 0; k < offsets.length; k++) if (offsets[k] !== k) return false;
  return true;
}

/**
 * Walks the batch positions of `indices` (all axes but the last) in row-major order, keeping
 * each position's multi-index and its flat offset in another layout whose strides along the
 * batch axes are `strides` (the output for gather, the updates for scatter).
 */
class BatchWalker {
  readonly pos: Int32Array;
  offset = 0;
  readonly total: number;

  constructor(readonly shape: number[], readonly strides: number[]) {
    this.pos = new Int32Array(shape.length);
    let total = 1;
    for (const d of shape) total *= d;
    this.total = total;
  }

  /** True when position b's offset is always b · step (row-major batches, dense windows). */
  isLinear(step: number): boolean {
    let s = step;
    for (let a = this.shape.length - 1; a >= 0; a--) {
      if (this.shape[a] !== 1 && this.strides[a] !== s) return false;
      s *= this.shape[a];
    }
    return true;
  }

  next(): void {
    const { pos, shape, strides } = this;
    for (let a = shape.length - 1; a >= 0; a--) {
      pos[a]++;
      this.offset += strides[a];
      if (pos[a] < shape[a]) return;
      this.offset -= strides[a] * shape[a];
      pos[a] = 0;
    }
  }
}

/** JAX's default gather fill value for out-of-bounds slices in "fill" mode (`lax.gather`). */
export function defaultGatherFill(dtype: DType): number {
  switch (dtype) {
    case "float32":
      return NaN;
    case "int32":
      return -2147483648;
    case "uint32":
      return 4294967295;
    case "bool":
      return 1;
  }
}

export function gather(
  [src, idxData]: TypedArray[],
  [operand, indices]: ShapedArray[],
  out: ShapedArray,
  params: Params,
): TypedArray {
  const dn = params.dimension_numbers as GatherDimensionNumbers;
  const sizes = params.slice_sizes as number[];
  const mode = params.mode as GatherMode;
  const res = allocTyped(out.dtype, out.size);
  if (out.size === 0) return res;

  const opShape = operand.shape;
  const opStrides = stridesOf(opShape);
  const outStrides = stridesOf(out.shape);
  const batchShape = indices.shape.slice(0, -1);
  const startMap = dn.start_index_map;
  const opBatch = dn.operand_batching_dims;

  // Window axes: operand axes neither collapsed nor batching, in increasing order; the k-th one
  // is output axis offset_dims[k]. Batch axes of the output are the remaining ones, in order.
  const winAxes: number[] = [];
  for (let d = 0; d < opShape.length; d++) {
    if (!dn.collapsed_slice_dims.includes(d) && !opBatch.includes(d)) winAxes.push(d);
  }
  const winSizes = winAxes.map((d) => sizes[d]);
  const srcWin = windowOffsets(winSizes, winAxes.map((d) => opStrides[d]));
  const dstWin = windowOffsets(winSizes, dn.offset_dims.map((d) => outStrides[d]));
  const W = srcWin.length;
  if (W === 0) return res;
  const outBatchStrides: number[] = [];
  for (let d = 0; d < out.shape.length; d++) {
    if (!dn.offset_dims.includes(d)) outBatchStrides.push(outStrides[d]);
  }
  const dense = isDense(srcWin) && isDense(dstWin);
  const starts = windowStarts(
    idxData,
    batchShape,
    startMap.map((d) => opShape[d] - sizes[d]),
    startMap.map((d) => opStrides[d]),
    // "clip" and "promise_in_bounds" clamp (XLA's native gather clamps too); "fill" marks.
    mode !== "fill",
    opBatch.map((d) => opStrides[d]),
    dn.start_indices_batching_dims,
  );
  const fill = mode === "fill"
    ? (params.fill_value === null || params.fill_value === undefined
      ? defaultGatherFill(out.dtype)
      : Number(params.fill_value))
    : 0;
  const walker = new BatchWalker(batchShape, outBatchStrides);
  const B = walker.total;

  if (dense && walker.isLinear(W)) {
    // Window b is out[b·W, (b+1)·W): x[idx] on rows, or single elements when W is 1.
    if (W === 1) {
      for (let b = 0; b < B; b++) {
        const s = starts[b];
        res[b] = s < 0 ? fill : src[s];
      }
    } else {
      for (let b = 0, d = 0; b < B; b++, d += W) {
        const s = starts[b];
        if (s < 0) res.fill(fill, d, d + W);
        else if (W >= MEMCPY_MIN) res.set(src.subarray(s, s + W), d);
        else for (let k = 0; k < W; k++) res[d + k] = src[s + k];
      }
    }
    return res;
  }
  for (let b = 0; b < B; b++, walker.next()) {
    const s = starts[b], d = walker.offset;
    if (s < 0) { for (let k = 0; k < W; k++) res[d + dstWin[k]] = fill; }
    else for (let k = 0; k < W; k++) res[d + dstWin[k]] = src[s + srcWin[k]];
  }
  return res;
}

/**
 * The flat operand offset where each index vector's window starts, or -1 for a window that does
 * not fit in the operand when `clamp` is false. Component j of a vector lands on the operand
 * axis with stride mapStride[j] and is clamped to [0, maxStart[j]] (or checked against it);
 * batching axes take the vector's own position along indices axis idxBatch[i].
 */
function windowStarts(
  idxData: TypedArray,
  batchShape: number[],
  maxStart: number[],
  mapStride: number[],
  clamp: boolean,
  batchStride: number[],
  idxBatch: number[],
): Int32Array {
  const nvec = maxStart.length, nb = batchStride.length;
  const walker = new BatchWalker(batchShape, batchShape.map(() => 0));
  const B = walker.total;
  const starts = new Int32Array(B);
  if (nvec === 1 && nb === 0) {
    // One index per window and no batching (take along an axis): a tight loop.
    const hi = maxStart[0], st = mapStride[0];
    for (let b = 0; b < B; b++) {
      const v = idxData[b];
      starts[b] = v >= 0 && v <= hi ? v * st : !clamp ? -1 : v < 0 ? 0 : hi * st;
    }
    return starts;
  }
  const pos = walker.pos;
  for (let b = 0, iv = 0; b < B; b++, iv += nvec) {
    let base = 0;
    for (let j = 0; j < nvec; j++) {
      let v = idxData[iv + j];
      const hi = maxStart[j];
      if (v < 0 || v > hi) {
        if (!clamp) {
          base = -1;
          break;
        }
        v = v < 0 ? 0 : hi;
      }
      base += v * mapStride[j];
    }
    if (base >= 0) {
      for (let i = 0; i < nb; i++) base += pos[idxBatch[i]] * batchStride[i];
    }
    starts[b] = base;
    if (nb > 0) walker.next();
  }
  return starts;
}

export type ScatterKind = "scatter" | "scatter-add" | "scatter-mul" | "scatter-min" | "scatter-max";

/**
 * scatter*(operand, indices, updates): a copy of the operand with each update window combined
 * into it, in row-major order of the update windows (so with "scatter", the last update to an
 * element wins; float adds round to float32 after each update, as a sequential loop does).
 */
export function scatter(
  kind: ScatterKind,
  [src, idxData, upd]: TypedArray[],
  [operand, indices, updates]: ShapedArray[],
  params: Params,
): TypedArray {
  const dn = params.dimension_numbers as ScatterDimensionNumbers;
  const mode = params.mode as GatherMode;
  const res = src.slice();
  if (updates.size === 0) return res;

  const opShape = operand.shape;
  const opStrides = stridesOf(opShape);
  const updStrides = stridesOf(updates.shape);
  const batchShape = indices.shape.slice(0, -1);
  const opBatch = dn.operand_batching_dims;
  const dimsMap = dn.scatter_dims_to_operand_dims;

  // Window extent along each operand axis: 1 for inserted and batching axes, else the size of
  // the matching update window axis.
  const winAxes: number[] = [];
  const winExtent = new Array<number>(opShape.length).fill(1);
  for (let d = 0; d < opShape.length; d++) {
    if (!dn.inserted_window_dims.includes(d) && !opBatch.includes(d)) {
      winExtent[d] = updates.shape[dn.update_window_dims[winAxes.length]];
      winAxes.push(d);
    }
  }
  const winSizes = winAxes.map((d) => winExtent[d]);
  const opWin = windowOffsets(winSizes, winAxes.map((d) => opStrides[d]));
  const updWin = windowOffsets(winSizes, dn.update_window_dims.map((d) => updStrides[d]));
  const W = opWin.length;
  if (W === 0) return res;
  const updBatchStrides: number[] = [];
  for (let d = 0; d < updates.ndim; d++) {
    if (!dn.update_window_dims.includes(d)) updBatchStrides.push(updStrides[d]);
  }
  const dense = isDense(opWin) && isDense(updWin);
  const starts = windowStarts(
    idxData,
    batchShape,
    dimsMap.map((d) => opShape[d] - winExtent[d]),
    dimsMap.map((d) => opStrides[d]),
    // "fill" and "promise_in_bounds" (XLA's native scatter) drop a window that does not fit
    // entirely inside the operand; "clip" clamps its start, as JAX's _clamp_scatter_indices.
    mode === "clip",
    opBatch.map((d) => opStrides[d]),
    dn.scatter_indices_batching_dims,
  );
  const walker = new BatchWalker(batchShape, updBatchStrides);
  const B = walker.total;
  if (dense && walker.isLinear(W) && W === 1) {
    scatterElements(kind, operand.dtype, res, starts, upd);
    return res;
  }
  const combine = combiner(kind, operand.dtype);
  const opW = dense ? null : opWin, updW = dense ? null : updWin;
  for (let b = 0; b < B; b++, walker.next()) {
    const s = starts[b];
    if (s >= 0) combine(res, s, opW, upd, walker.offset, updW, W);
  }
  return res;
}

/** Scatter of single elements, update b going to res[starts[b]] (unless it is -1). */
function scatterElements(
  kind: ScatterKind,
  dtype: DType,
  res: TypedArray,
  starts: Int32Array,
  upd: TypedArray,
): void {
  const B = starts.length;
  if (kind === "scatter") {
    for (let b = 0; b < B; b++) if (starts[b] >= 0) res[starts[b]] = upd[b];
  } else if (kind === "scatter-add" && dtype !== "bool") {
    for (let b = 0; b < B; b++) if (starts[b] >= 0) res[starts[b]] += upd[b];
  } else {
    const f = combiner(kind, dtype);
    for (let b = 0; b < B; b++) if (starts[b] >= 0) f(res, starts[b], null, upd, b, null, 1);
  }
}

/**
 * Combines W update elements into `res`: res[o + opW[k]] ⊕= upd[u + updW[k]] (dense windows
 * pass null offsets). Typed-array stores do the float32 rounding and int32/uint32 wrapping.
 */
type Combiner = (
  res: TypedArray,
  o: number,
  opW: Int32Array | null,
  upd: TypedArray,
  u: number,
  updW: Int32Array | null,
  W: number,
) => void;

function combiner(kind: ScatterKind, dtype: DType): Combiner {
  switch (kind) {
    case "scatter":
      return (res, o, opW, upd, u, updW, W) => {
        if (opW === null || updW === null) {
          if (W >= MEMCPY_MIN) res.set(upd.subarray(u, u + W), o);
          else for (let k = 0; k < W; k++) res[o + k] = upd[u + k];
        } else {
          for (let k = 0; k < W; k++) res[o + opW[k]] = upd[u + updW[k]];
        }
      };
    case "scatter-add":
      // Sums of two int32/uint32 values are exact in doubles; the store wraps them. bool's add
      // is logical or.
      return dtype === "bool" ? elementCombiner((a, b) => a | b) : elementCombiner((a, b) => a + b);
    case "scatter-mul":
      if (dtype === "float32") return elementCombiner((a, b) => a * b);
      if (dtype === "bool") return elementCombiner((a, b) => a & b);
      return elementCombiner((a, b) => Math.imul(a, b));
    case "scatter-min":
      // Math.min/max propagate NaN, as XLA's min/max do (same as the elementwise kernels).
      return elementCombiner(Math.min);
    case "scatter-max":
      return elementCombiner(Math.max);
  }
}

function elementCombiner(f: (a: number, b: number) => number): Combiner {
  return (res, o, opW, upd, u, updW, W) => {
    if (opW === null || updW === null) {
      for (let k = 0; k < W; k++) res[o + k] = f(res[o + k], upd[u + k]);
    } else {
      for (let k = 0; k < W; k++) {
        const i = o + opW[k];
        res[i] = f(res[i], upd[u + updW[k]]);
      }
    }
  };
}
