/**
 * Structural kernels: broadcasts, transposes, reversals, slices and pads are all one strided copy
 * (each output axis reads the source with some stride, possibly 0 or negative); reshape and
 * squeeze share the buffer, since arrays are immutable.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import { allocTyped, type DType, type TypedArray } from "../../../dtype.ts";
import { prod, stridesOf } from "../../../shape.ts";

/**
 * out[i0, …, ik] = src[offset + Σ ij·strides[j]] for every index of `outShape`, written in
 * row-major order into `out` starting at `outOffset` with row-major `outStrides` (dense when
 * omitted).
 */
export function stridedCopy(
  src: TypedArray,
  offset: number,
  strides: readonly number[],
  outShape: readonly number[],
  out: TypedArray,
  outOffset = 0,
  outStrides?: readonly number[],
): void {
  const rank = outShape.length;
  const total = prod(outShape);
  if (total === 0) return;
  if (rank === 0) {
    out[outOffset] = src[offset];
    return;
  }
  const ost = outStrides ?? stridesOf(outShape);
  const inner = outShape[rank - 1], sIn = strides[rank - 1], sOut = ost[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let base = offset, obase = outOffset;
  const rows = total / inner;
  for (let r = 0; r < rows; r++) {
    if (sIn === 1 && sOut === 1) {
      out.set(src.subarray(base, base + inner), obase);
    } else {
      for (let i = 0, s = base, o = obase; i < inner; i++, s += sIn, o += sOut) out[o] = src[s];
    }
    // Advance the outer index (odometer over axes 0..rank-2).
    for (let ax = rank - 2; ax >= 0; ax--) {
      idx[ax]++;
      base += strides[ax];
      obase += ost[ax];
      if (idx[ax] < outShape[ax]) break;
      base -= strides[ax] * outShape[ax];
      obase -= ost[ax] * outShape[ax];
      idx[ax] = 0;
    }
  }
}

/** Broadcasts an operand of the same rank (size-1 axes) or rank 0 to `shape`. */
export function broadcastTo(
  src: TypedArray,
  aval: ShapedArray,
  shape: readonly number[],
): TypedArray {
  const out = allocTyped(aval.dtype, prod(shape));
  if (aval.shape.length === 0) {
    out.fill(src[0]);
    return out;
  }
  const st = stridesOf(aval.shape).map((s, i) => (aval.shape[i] === 1 ? 0 : s));
  stridedCopy(src, 0, st, shape, out);
  return out;
}

export function broadcastInDim(
  src: TypedArray,
  x: ShapedArray,
  out: ShapedArray,
  params: Params,
): TypedArray {
  const dims = params.broadcast_dimensions as number[];
  const res = allocTyped(x.dtype, out.size);
  if (x.size === 1) {
    res.fill(src[0]);
    return res;
  }
  const inStrides = stridesOf(x.shape);
  const strides = new Array<number>(out.shape.length).fill(0);
  dims.forEach((d, i) => {
    if (x.shape[i] !== 1) strides[d] = inStrides[i];
  });
  stridedCopy(src, 0, strides, out.shape, res);
  return res;
}

export function transpose(
  src: TypedArray,
  x: ShapedArray,
  out: ShapedArray,
  params: Params,
): TypedArray {
  const perm = params.permutation as number[];
  const inStrides = stridesOf(x.shape);
  const res = allocTyped(x.dtype, out.size);
  stridedCopy(src, 0, perm.map((p) => inStrides[p]), out.shape, res);
  return res;
}

export function rev(src: TypedArray, x: ShapedArray, params: Params): TypedArray {
  const dims = params.dimensions as number[];
  const st = stridesOf(x.shape);
  let offset = 0;
  const strides = st.map((s, i) => {
    if (!dims.includes(i) || x.shape[i] === 0) return s;
    offset += s * (x.shape[i] - 1);
    return -s;
  });
  const res = allocTyped(x.dtype, x.size);
  stridedCopy(src, offset, strides, x.shape, res);
  return res;
}

export function slice(
  src: TypedArray,
  x: ShapedArray,
  out: ShapedArray,
  params: Params,
): TypedArray {
  const start = params.start_indices as number[];
  const steps = (params.strides as number[] | null) ?? start.map(() => 1);
  const st = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < st.length; i++) offset += start[i] * st[i];
  const res = allocTyped(x.dtype, out.size);
  stridedCopy(src, offset, st.map((s, i) => s * steps[i]), out.shape, res);
  return res;
}

/** Reads a 0-d integer start index and clamps it so a window of `size` fits in `dim`. */
function clampStart(v: number, dim: number, size: number): number {
  return Math.min(Math.max(v, 0), dim - size);
}

export function dynamicSlice(
  inputs: TypedArray[],
  x: ShapedArray,
  out: ShapedArray,
  params: Params,
): TypedArray {
  const sizes = params.slice_sizes as number[];
  const st = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < st.length; i++) {
    offset += clampStart(inputs[1 + i][0], x.shape[i], sizes[i]) * st[i];
  }
  const res = allocTyped(x.dtype, out.size);
  stridedCopy(inputs[0], offset, st, out.shape, res);
  return res;
}

export function dynamicUpdateSlice(inputs: TypedArray[], avals: ShapedArray[]): TypedArray {
  const [x, upd] = avals;
  const res = inputs[0].slice();
  const st = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < st.length; i++) {
    offset += clampStart(inputs[2 + i][0], x.shape[i], upd.shape[i]) * st[i];
  }
  // Copy the update (dense) into the result window (strided by the operand's strides).
  stridedCopy(inputs[1], 0, stridesOf(upd.shape), upd.shape, res, offset, st);
  return res;
}

export function pad(
  inputs: TypedArray[],
  x: ShapedArray,
  out: ShapedArray,
  params: Params,
): TypedArray {
  const cfg = params.padding_config as [number, number, number][];
  const res = allocTyped(out.dtype, out.size);
  res.fill(inputs[1][0]);
  if (x.size === 0) return res;
  // Source region kept after negative (cropping) low/high padding, per axis.
  const outSt = stridesOf(out.shape);
  const inSt = stridesOf(x.shape);
  const srcStart: number[] = [], count: number[] = [], dstStart: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    const [lo, , interior] = cfg[i];
    const step = interior + 1;
    // Output position of source element k is lo + k*step; keep those in [0, out.shape[i]).
    let k0 = 0;
    while (lo + k0 * step < 0) k0++;
    let k1 = x.shape[i];
    while (k1 > k0 && lo + (k1 - 1) * step >= out.shape[i]) k1--;
    srcStart.push(k0);
    count.push(Math.max(0, k1 - k0));
    dstStart.push(lo + k0 * step);
  }
  if (count.some((c) => c === 0)) return res;
  let srcOff = 0, dstOff = 0;
  for (let i = 0; i < x.ndim; i++) {
    srcOff += srcStart[i] * inSt[i];
    dstOff += dstStart[i] * outSt[i];
  }
  stridedCopy(
    inputs[0],
    srcOff,
    inSt,
    count,
    res,
    dstOff,
    outSt.map((s, i) => s * (cfg[i][2] + 1)),
  );
  return res;
}

export function concatenate(
  inputs: TypedArray[],
  avals: ShapedArray[],
  out: ShapedArray,
  params: Params,
): TypedArray {
  const dim = params.dimension as number;
  const res = allocTyped(out.dtype, out.size);
  const outSt = stridesOf(out.shape);
  let at = 0;
  for (let j = 0; j < inputs.length; j++) {
    const a = avals[j];
    if (a.size > 0) {
      stridedCopy(inputs[j], 0, stridesOf(a.shape), a.shape, res, at * outSt[dim], outSt);
    }
    at += a.shape[dim];
  }
  return res;
}

export function iota(out: ShapedArray, params: Params): TypedArray {
  const dim = params.dimension as number;
  const res = allocTyped(out.dtype, out.size);
  const st = stridesOf(out.shape);
  const n = out.shape[dim], inner = st[dim];
  for (let i = 0; i < res.length; i++) res[i] = Math.floor(i / inner) % n;
  return res;
}

/** Reinterprets the bits of a 32-bit typed array as another 32-bit dtype (a copy). */
export function bitcast(src: TypedArray, to: DType): TypedArray {
  const copy = src.slice();
  switch (to) {
    case "float32":
      return new Float32Array(copy.buffer, copy.byteOffset, copy.length);
    case "int32":
      return new Int32Array(copy.buffer, copy.byteOffset, copy.length);
    case "uint32":
      return new Uint32Array(copy.buffer, copy.byteOffset, copy.length);
    default:
      throw new TypeError(`cannot bitcast to ${to}`);
  }
}
