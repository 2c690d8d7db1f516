/**
 * Structural primitives: iota, broadcast_in_dim, reshape, squeeze, transpose, rev, slice, pad,
 * concatenate, dynamic_slice and dynamic_update_slice. Params are plain JSON-like values so that
 * backends and jaxpr printing can read them directly.
 */

import { definePrimitive, type Primitive } from "../../core/primitive.ts";
import type { DType } from "../../dtype.ts";
import { prod, pyShape, type Shape } from "../../shape.ts";
import { aval, checkSameDTypes } from "./util.ts";

const tuple = (xs: readonly number[]) => pyShape(xs);

/** iota: params { dtype, shape, dimension }: values 0..shape[dimension]-1 along `dimension`. */
export const iota_p: Primitive = definePrimitive("iota");
iota_p.abstractEval = (_, params) => {
  const shape = params.shape as number[];
  const dim = params.dimension as number;
  if (dim < 0 || dim >= shape.length) {
    throw new TypeError(
      `iota dimension must be between 0 and len(shape), got dimension=${dim} for shape ` +
        `${tuple(shape)}`,
    );
  }
  if (params.dtype === "bool") {
    throw new TypeError(
      "iota does not accept dtype bool. Accepted dtypes are subtypes of integer, floating.",
    );
  }
  return [aval(shape, params.dtype as DType)];
};
iota_p.ppParams = (p) => [
  ["dimension", String(p.dimension)],
  ["dtype", String(p.dtype)],
  ["shape", tuple(p.shape as number[])],
  ["sharding", "None"],
];

/**
 * broadcast_in_dim: params { shape, broadcast_dimensions }: operand axis i becomes output axis
 * broadcast_dimensions[i] (strictly increasing), whose size must equal the operand's or the
 * operand's must be 1.
 */
export const broadcast_in_dim_p: Primitive = definePrimitive("broadcast_in_dim");
broadcast_in_dim_p.abstractEval = ([x], params) => {
  const shape = params.shape as number[];
  const dims = params.broadcast_dimensions as number[];
  if (dims.length !== x.ndim) {
    throw new TypeError(
      `broadcast_in_dim broadcast_dimensions must have length equal to operand ndim; got ` +
        `broadcast_dimensions ${tuple(dims)} for operand ndim ${x.ndim}.`,
    );
  }
  if (shape.length < x.ndim) {
    throw new TypeError(
      `broadcast_in_dim target broadcast shape must have equal or higher rank to the operand ` +
        `shape; got operand ndim ${x.ndim} and target broadcast ndim ${shape.length}.`,
    );
  }
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    if (d < 0 || d >= shape.length || (i > 0 && d <= dims[i - 1])) {
      throw new TypeError(
        `broadcast_in_dim broadcast_dimensions must be strictly increasing and in range; got ` +
          `broadcast_dimensions ${tuple(dims)}.`,
      );
    }
    if (x.shape[i] !== 1 && x.shape[i] !== shape[d]) {
      throw new TypeError(
        `broadcast_in_dim operand dimension sizes must either be 1, or be equal to their ` +
          `corresponding dimensions in the target broadcast shape; got operand of shape ` +
          `${tuple(x.shape)}, target broadcast shape ${tuple(shape)}, broadcast_dimensions ` +
          `${tuple(dims)} `,
      );
    }
  }
  return [aval(shape, x.dtype, x.weakType)];
};
broadcast_in_dim_p.ppParams = (p) => [
  ["broadcast_dimensions", tuple(p.broadcast_dimensions as number[])],
  ["shape", tuple(p.shape as number[])],
  ["sharding", "None"],
];

/** reshape: params { new_sizes } (row-major order; sizes must multiply to the same total). */
export const reshape_p: Primitive = definePrimitive("reshape");
reshape_p.abstractEval = ([x], params) => {
  const sizes = params.new_sizes as number[];
  if (prod(sizes) !== x.size) {
    throw new TypeError(
      `reshape total size must be unchanged, got new_sizes ${tuple(sizes)} (of total size ` +
        `${prod(sizes)}) for shape ${tuple(x.shape)} (of total size ${x.size}).`,
    );
  }
  return [aval(sizes, x.dtype, x.weakType)];
};
reshape_p.ppParams = (p) => [
  ["dimensions", "None"],
  ["new_sizes", tuple(p.new_sizes as number[])],
  ["sharding", "None"],
];

/** squeeze: params { dimensions }: removes those axes, which must have size 1. */
export const squeeze_p: Primitive = definePrimitive("squeeze");
squeeze_p.abstractEval = ([x], params) => {
  const dims = params.dimensions as number[];
  for (const d of dims) {
    if (x.shape[d] !== 1) {
      throw new TypeError(
        `cannot select an axis to squeeze out which has size not equal to one, got ` +
          `shape=${tuple(x.shape)} and dimensions=${tuple(dims)}`,
      );
    }
  }
  return [aval(x.shape.filter((_, i) => !dims.includes(i)), x.dtype, x.weakType)];
};
squeeze_p.ppParams = (p) => [["dimensions", tuple(p.dimensions as number[])]];

/** transpose: params { permutation }: output axis i is operand axis permutation[i]. */
export const transpose_p: Primitive = definePrimitive("transpose");
transpose_p.abstractEval = ([x], params) => {
  const perm = params.permutation as number[];
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== x.ndim || sorted.some((v, i) => v !== i)) {
    throw new TypeError(
      `transpose permutation isn't a permutation of operand dimensions, got permutation ` +
        `${tuple(perm)} for operand shape ${tuple(x.shape)}.`,
    );
  }
  return [aval(perm.map((p) => x.shape[p]), x.dtype, x.weakType)];
};
transpose_p.ppParams = (p) => [["permutation", tuple(p.permutation as number[])]];

/** rev: params { dimensions }: reverses the order of elements along those axes. */
export const rev_p: Primitive = definePrimitive("rev");
rev_p.abstractEval = ([x]) => [x];
rev_p.ppParams = (p) => [["dimensions", tuple(p.dimensions as number[])]];

/**
 * slice: params { start_indices, limit_indices, strides (or null for all 1) }: a static strided
 * window; output size along axis i is ceil((limit - start) / stride).
 */
export const slice_p: Primitive = definePrimitive("slice");
slice_p.abstractEval = ([x], params) => {
  const start = params.start_indices as number[];
  const limit = params.limit_indices as number[];
  const strides = (params.strides as number[] | null) ?? start.map(() => 1);
  if (start.length !== x.ndim || limit.length !== x.ndim || strides.length !== x.ndim) {
    throw new TypeError(
      `slice start_indices must have length equal to the number of dimensions of the operand, ` +
        `got indices ${tuple(start)} for operand shape ${tuple(x.shape)}.`,
    );
  }
  const shape: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (start[i] < 0 || limit[i] > x.shape[i] || limit[i] < start[i] || strides[i] < 1) {
      throw new TypeError(
        `slice indices must satisfy 0 <= start <= limit <= shape and strides >= 1, got ` +
          `start_indices ${tuple(start)}, limit_indices ${tuple(limit)} for operand shape ` +
          `${tuple(x.shape)}.`,
      );
    }
    shape.push(Math.ceil((limit[i] - start[i]) / strides[i]));
  }
  return [aval(shape, x.dtype, x.weakType)];
};
slice_p.ppParams = (p) => [
  ["limit_indices", tuple(p.limit_indices as number[])],
  ["start_indices", tuple(p.start_indices as number[])],
  ["strides", p.strides ? tuple(p.strides as number[]) : "None"],
];

/**
 * pad(operand, padding_value): params { padding_config: [lo, hi, interior][] }; lo/hi may be
 * negative (cropping); interior inserts that many padding elements between neighbours.
 */
export const pad_p: Primitive = definePrimitive("pad");
pad_p.abstractEval = ([x, v], params) => {
  const cfg = params.padding_config as [number, number, number][];
  checkSameDTypes("pad", [x, v]);
  if (v.ndim !== 0) {
    throw new TypeError(`padding_value must be a scalar, got shape ${tuple(v.shape)}`);
  }
  if (cfg.length !== x.ndim) {
    throw new TypeError(
      `length of padding_config must equal the number of axes of operand, got padding_config ` +
        `of length ${cfg.length} for operand of shape ${tuple(x.shape)}`,
    );
  }
  const shape = x.shape.map((d, i) => {
    const [lo, hi, interior] = cfg[i];
    if (interior < 0) throw new TypeError(`interior padding in padding_config must be nonnegative`);
    const out = lo + hi + d + Math.max(0, d - 1) * interior;
    if (out < 0) {
      throw new TypeError(`Dimension size after padding is not at least 0, got ${out}`);
    }
    return out;
  });
  return [aval(shape, x.dtype, x.weakType && v.weakType)];
};

/** concatenate: params { dimension }; operands agree on every other axis and on dtype. */
export const concatenate_p: Primitive = definePrimitive("concatenate");
concatenate_p.abstractEval = (avals, params) => {
  const dim = params.dimension as number;
  if (avals.length === 0) throw new TypeError("concatenate requires at least one operand");
  checkSameDTypes("concatenate", avals);
  const first = avals[0];
  if (dim < 0 || dim >= first.ndim) {
    throw new TypeError(
      `concatenate dimension out of bounds: dimension ${dim} for shapes ` +
        `${avals.map((a) => tuple(a.shape)).join(", ")}.`,
    );
  }
  let total = 0;
  for (const a of avals) {
    if (
      a.ndim !== first.ndim || a.shape.some((d, i) => i !== dim && d !== first.shape[i])
    ) {
      throw new TypeError(
        `Cannot concatenate arrays with shapes that differ in dimensions other than the one ` +
          `being concatenated: concatenating along dimension ${dim} for shapes ` +
          `${avals.map((a) => tuple(a.shape)).join(", ")}.`,
      );
    }
    total += a.shape[dim];
  }
  const shape = [...first.shape];
  shape[dim] = total;
  return [aval(shape, first.dtype, avals.every((a) => a.weakType))];
};

/**
 * dynamic_slice(operand, ...start_indices): params { slice_sizes }; each start index is a 0-d
 * integer array, clamped so the window stays inside the operand (XLA semantics).
 */
export const dynamic_slice_p: Primitive = definePrimitive("dynamic_slice");
dynamic_slice_p.abstractEval = ([x, ...idx], params) => {
  const sizes = params.slice_sizes as number[];
  checkStartIndices("dynamic_slice", x.shape, idx.map((i) => i.shape), idx.map((i) => i.dtype));
  if (sizes.length !== x.ndim || sizes.some((s, i) => s < 0 || s > x.shape[i])) {
    throw new TypeError(
      `dynamic_slice slice_sizes must be non-negative and fit in the operand, got slice_sizes ` +
        `${tuple(sizes)} for operand shape ${tuple(x.shape)}.`,
    );
  }
  return [aval(sizes, x.dtype, x.weakType)];
};
dynamic_slice_p.ppParams = (p) => [["slice_sizes", tuple(p.slice_sizes as number[])]];

/**
 * dynamic_update_slice(operand, update, ...start_indices): writes `update` at the (clamped)
 * start indices.
 */
export const dynamic_update_slice_p: Primitive = definePrimitive("dynamic_update_slice");
dynamic_update_slice_p.abstractEval = ([x, upd, ...idx]) => {
  checkStartIndices(
    "dynamic_update_slice",
    x.shape,
    idx.map((i) => i.shape),
    idx.map((i) => i.dtype),
  );
  checkSameDTypes("dynamic_update_slice", [x, upd]);
  if (upd.ndim !== x.ndim || upd.shape.some((s, i) => s > x.shape[i])) {
    throw new TypeError(
      `dynamic_update_slice update shape must be smaller than operand shape, got update shape ` +
        `${tuple(upd.shape)} for operand shape ${tuple(x.shape)}.`,
    );
  }
  return [aval(x.shape, x.dtype, x.weakType)];
};

function checkStartIndices(name: string, shape: Shape, idxShapes: Shape[], dtypes: DType[]) {
  if (idxShapes.length !== shape.length) {
    throw new TypeError(
      `${name} start_indices must have length equal to the number of dimensions of the ` +
        `operand, got indices of length ${idxShapes.length} for operand shape ${tuple(shape)}.`,
    );
  }
  for (let i = 0; i < idxShapes.length; i++) {
    if (idxShapes[i].length !== 0 || (dtypes[i] !== "int32" && dtypes[i] !== "uint32")) {
      throw new TypeError(`${name} start indices must be integer scalars.`);
    }
  }
}
