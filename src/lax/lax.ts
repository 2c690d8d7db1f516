/**
 * `lax`: thin functions over the primitives, JAX's `jax.lax`. They do no implicit type promotion
 * (operands must share a dtype, as in JAX); JS numbers are accepted as weakly-typed scalars and
 * take the dtype of the array operand they meet.
 */

import { DeviceArray } from "../core/array.ts";
import { ArrayImpl, scalarArray } from "../core/array_impl.ts";
import { bind, bind1 } from "../core/trace.ts";
import type { Primitive } from "../core/primitive.ts";
import { canonicalizeDType, castScalar, convertValue, type DType } from "../dtype.ts";
import { checkShape, normalizeAxis, type Shape } from "../shape.ts";
import * as P from "./prims/index.ts";
import type {
  DotDimensionNumbers,
  GatherDimensionNumbers,
  GatherMode,
  ScatterDimensionNumbers,
} from "./prims/index.ts";

/** An array, or a JS number / boolean standing for a scalar. */
export type Operand = DeviceArray | number | boolean;

/** Converts a JS scalar to a 0-d array: weakly typed like a Python scalar (bools are strong). */
export function scalar(x: number | boolean, dtype?: DType): DeviceArray {
  if (typeof x === "boolean") return scalarArray(x ? 1 : 0, dtype ?? "bool", false);
  if (dtype) return scalarArray(castScalar(x, dtype), dtype, true);
  if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) {
    return scalarArray(x, "int32", true);
  }
  return scalarArray(Math.fround(x), "float32", true);
}

/** Converts operands to arrays; JS scalars take the dtype of the first array operand. */
export function operands(xs: readonly Operand[]): DeviceArray[] {
  let dtype: DType | undefined;
  for (const x of xs) {
    if (x instanceof DeviceArray) {
      dtype = x.dtype;
      break;
    }
  }
  return xs.map((x) => (x instanceof DeviceArray ? x : scalar(x, dtype)));
}

/** A unary lax function. */
export type Unary = (x: Operand) => DeviceArray;
/** A binary lax function. */
export type Binary = (x: Operand, y: Operand) => DeviceArray;
/** A reduction over axes. */
export type Reducer = (x: DeviceArray, axes: readonly number[]) => DeviceArray;
/** A cumulative reduction along an axis. */
export type Cumulative = (x: DeviceArray, axis?: number, reverse?: boolean) => DeviceArray;

const un = (p: Primitive) => (x: Operand): DeviceArray => bind1(p, operands([x]), {});
const bin = (p: Primitive) => (x: Operand, y: Operand): DeviceArray =>
  bind1(p, operands([x, y]), {});

/** Elementwise negation. @example lax.neg(jnp.array([1, -2])) */
export const neg: Unary = un(P.neg_p);
export const sign: Unary = un(P.sign_p);
export const floor: Unary = un(P.floor_p);
export const ceil: Unary = un(P.ceil_p);
export const isFinite: Unary = un(P.is_finite_p);
export const exp: Unary = un(P.exp_p);
export const exp2: Unary = un(P.exp2_p);
export const log: Unary = un(P.log_p);
export const log1p: Unary = un(P.log1p_p);
export const expm1: Unary = un(P.expm1_p);
export const tanh: Unary = un(P.tanh_p);
export const logistic: Unary = un(P.logistic_p);
export const sin: Unary = un(P.sin_p);
export const cos: Unary = un(P.cos_p);
export const tan: Unary = un(P.tan_p);
export const asin: Unary = un(P.asin_p);
export const acos: Unary = un(P.acos_p);
export const atan: Unary = un(P.atan_p);
export const sinh: Unary = un(P.sinh_p);
export const cosh: Unary = un(P.cosh_p);
export const asinh: Unary = un(P.asinh_p);
export const acosh: Unary = un(P.acosh_p);
export const atanh: Unary = un(P.atanh_p);
export const sqrt: Unary = un(P.sqrt_p);
export const rsqrt: Unary = un(P.rsqrt_p);
export const cbrt: Unary = un(P.cbrt_p);
export const abs: Unary = un(P.abs_p);
export const bitwiseNot: Unary = un(P.not_p);
export const erf: Unary = un(P.erf_p);
export const erfc: Unary = un(P.erfc_p);
export const erfInv: Unary = un(P.erf_inv_p);
export const lgamma: Unary = un(P.lgamma_p);
export const digamma: Unary = un(P.digamma_p);
export const square: Unary = un(P.square_p);
export const populationCount: Unary = un(P.population_count_p);
export const clz: Unary = un(P.clz_p);

/** x ** y for a static integer y. @example lax.integerPow(x, 3) */
export function integerPow(x: Operand, y: number): DeviceArray {
  if (!Number.isInteger(y)) {
    throw new TypeError(`integer_pow requires an integer exponent, got ${y}`);
  }
  return bind1(P.integer_pow_p, operands([x]), { y });
}

/** Rounds to integral values; `roundingMethod` 0 = half away from zero (default), 1 = half to even. */
export function round(x: Operand, roundingMethod: 0 | 1 = 0): DeviceArray {
  return bind1(P.round_p, operands([x]), { rounding_method: roundingMethod });
}

export const add: Binary = bin(P.add_p);
export const sub: Binary = bin(P.sub_p);
export const mul: Binary = bin(P.mul_p);
export const div: Binary = bin(P.div_p);
export const rem: Binary = bin(P.rem_p);
export const pow: Binary = bin(P.pow_p);
export const max: Binary = bin(P.max_p);
export const min: Binary = bin(P.min_p);
export const atan2: Binary = bin(P.atan2_p);
export const nextafter: Binary = bin(P.nextafter_p);
export const bitwiseAnd: Binary = bin(P.and_p);
export const bitwiseOr: Binary = bin(P.or_p);
export const bitwiseXor: Binary = bin(P.xor_p);
export const eq: Binary = bin(P.eq_p);
export const ne: Binary = bin(P.ne_p);
export const lt: Binary = bin(P.lt_p);
export const le: Binary = bin(P.le_p);
export const gt: Binary = bin(P.gt_p);
export const ge: Binary = bin(P.ge_p);
export const shiftLeft: Binary = bin(P.shift_left_p);
export const shiftRightLogical: Binary = bin(P.shift_right_logical_p);
export const shiftRightArithmetic: Binary = bin(P.shift_right_arithmetic_p);

/** Identity as a primitive (a copy in jaxprs). */
export const copy: Unary = un(P.copy_p);

/** `which ? onTrue : onFalse` elementwise (JAX's `lax.select(pred, on_true, on_false)`). */
export function select(pred: Operand, onTrue: Operand, onFalse: Operand): DeviceArray {
  const [t, f] = operands([onTrue, onFalse]);
  return bind1(P.select_n_p, [operands([pred])[0], f, t], {});
}

/** Picks `cases[which]` elementwise (`which` bool or int32). */
export function selectN(which: Operand, ...cases: Operand[]): DeviceArray {
  return bind1(P.select_n_p, [operands([which])[0], ...operands(cases)], {});
}

/** min(max(x, lo), hi). */
export function clamp(lo: Operand, x: Operand, hi: Operand): DeviceArray {
  return bind1(P.clamp_p, operands([x, lo, hi]).map((_, i, a) => a[[1, 0, 2][i]]), {});
}

/** Converts to another dtype (XLA semantics: float→int truncates and saturates). */
export function convertElementType(
  x: Operand,
  dtype: DType | string,
  weakType = false,
): DeviceArray {
  const d = canonicalizeDType(dtype);
  if (!(x instanceof DeviceArray)) {
    // JS scalars convert on the host (a literal in jaxprs, as JAX folds Python scalars).
    const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
    return scalarArray(convertValue(v, Number.isInteger(v) ? "int32" : "float32", d), d, weakType);
  }
  if (x.dtype === d && x.weakType === weakType) return x;
  // Concrete scalars with host values fold too (no equation for a constant).
  if (x instanceof ArrayImpl && x.ndim === 0) {
    const host = x.peek();
    if (host) return scalarArray(convertValue(host[0], x.dtype, d), d, weakType);
  }
  return bind1(P.convert_element_type_p, [x], { new_dtype: d, weak_type: weakType });
}

/** Reinterprets the bits of a 32-bit array as another 32-bit dtype. */
export function bitcastConvertType(x: DeviceArray, dtype: DType | string): DeviceArray {
  return bind1(P.bitcast_convert_type_p, [x], { new_dtype: canonicalizeDType(dtype) });
}

/** An array of `shape` whose values count 0, 1, … along `dimension`. */
export function broadcastedIota(
  dtype: DType | string,
  shape: Shape,
  dimension: number,
): DeviceArray {
  const s = checkShape(shape, "iota shape");
  return bind1(P.iota_p, [], { dtype: canonicalizeDType(dtype), shape: [...s], dimension });
}

/** `[0, 1, …, size-1]` (JAX's `lax.iota`). */
export function iota(dtype: DType | string, size: number): DeviceArray {
  return broadcastedIota(dtype, [size], 0);
}

/** Broadcasts operand axis i to output axis broadcastDimensions[i] of `shape`. */
export function broadcastInDim(
  x: Operand,
  shape: Shape,
  broadcastDimensions: readonly number[],
): DeviceArray {
  const a = operands([x])[0];
  if (a.shape.join() === shape.join() && broadcastDimensions.every((d, i) => d === i)) return a;
  return bind1(P.broadcast_in_dim_p, [a], {
    shape: [...shape],
    broadcast_dimensions: [...broadcastDimensions],
  });
}

/** Adds leading axes: `broadcast(x, [2, 3])` has shape [2, 3, ...x.shape]. */
export function broadcast(x: Operand, sizes: Shape): DeviceArray {
  const a = operands([x])[0];
  const n = sizes.length;
  return broadcastInDim(a, [...sizes, ...a.shape], a.shape.map((_, i) => i + n));
}

export function reshape(x: Operand, newSizes: Shape): DeviceArray {
  const a = operands([x])[0];
  if (a.shape.join() === newSizes.join()) return a;
  return bind1(P.reshape_p, [a], { new_sizes: [...newSizes], dimensions: null });
}

export function squeeze(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  if (dimensions.length === 0) return x;
  const dims = dimensions.map((d) => normalizeAxis(d, x.ndim)).sort((a, b) => a - b);
  return bind1(P.squeeze_p, [x], { dimensions: dims });
}

/** Inserts size-1 axes at `dimensions` (positions in the result). */
export function expandDims(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  const ndim = x.ndim + dimensions.length;
  const dims = dimensions.map((d) => normalizeAxis(d, ndim)).sort((a, b) => a - b);
  const shape: number[] = [];
  const bdims: number[] = [];
  let j = 0;
  for (let i = 0; i < ndim; i++) {
    if (dims.includes(i)) shape.push(1);
    else {
      shape.push(x.shape[j++]);
      bdims.push(i);
    }
  }
  return broadcastInDim(x, shape, bdims);
}

export function transpose(x: DeviceArray, permutation: readonly number[]): DeviceArray {
  if (permutation.every((p, i) => p === i)) return x;
  return bind1(P.transpose_p, [x], { permutation: [...permutation] });
}

export function rev(x: DeviceArray, dimensions: readonly number[]): DeviceArray {
  if (dimensions.length === 0) return x;
  return bind1(P.rev_p, [x], { dimensions: [...dimensions] });
}

export function slice(
  x: DeviceArray,
  startIndices: readonly number[],
  limitIndices: readonly number[],
  strides?: readonly number[] | null,
): DeviceArray {
  const unit = !strides || strides.every((s) => s === 1);
  if (
    unit && startIndices.every((s) => s === 0) && limitIndices.every((l, i) => l === x.shape[i])
  ) {
    return x;
  }
  return bind1(P.slice_p, [x], {
    start_indices: [...startIndices],
    limit_indices: [...limitIndices],
    strides: unit ? null : [...strides!],
  });
}

/** Slices one axis: `sliceInDim(x, 1, 3, 1, 0)` is `x[1:3]`. */
export function sliceInDim(
  x: DeviceArray,
  start: number,
  limit: number,
  stride = 1,
  axis = 0,
): DeviceArray {
  const s = x.shape.map(() => 0), l = [...x.shape], st = x.shape.map(() => 1);
  s[axis] = start;
  l[axis] = limit;
  st[axis] = stride;
  return slice(x, s, l, st);
}

export function pad(
  x: DeviceArray,
  paddingValue: Operand,
  config: readonly (readonly [number, number, number])[],
): DeviceArray {
  const [a, v] = operands([x, paddingValue]);
  return bind1(P.pad_p, [a, v], { padding_config: config.map((c) => [...c]) });
}

export function concatenate(xs: readonly DeviceArray[], dimension: number): DeviceArray {
  if (xs.length === 1) return xs[0];
  return bind1(P.concatenate_p, [...xs], { dimension });
}

export function dynamicSlice(
  x: DeviceArray,
  startIndices: readonly Operand[],
  sliceSizes: readonly number[],
): DeviceArray {
  const idx = startIndices.map((i) => (i instanceof DeviceArray ? i : scalar(i, "int32")));
  return bind1(P.dynamic_slice_p, [x, ...idx], { slice_sizes: [...sliceSizes] });
}

export function dynamicUpdateSlice(
  x: DeviceArray,
  update: Operand,
  startIndices: readonly Operand[],
): DeviceArray {
  const [a, u] = operands([x, update]);
  const idx = startIndices.map((i) => (i instanceof DeviceArray ? i : scalar(i, "int32")));
  return bind1(P.dynamic_update_slice_p, [a, u, ...idx], {});
}

function reducer(p: Primitive) {
  return (x: DeviceArray, axes: readonly number[]): DeviceArray => {
    if (axes.length === 0) return x;
    return bind1(p, [x], { axes: [...axes].sort((a, b) => a - b) });
  };
}
export const reduceSum: Reducer = reducer(P.reduce_sum_p);
export const reduceProd: Reducer = reducer(P.reduce_prod_p);
export const reduceMax: Reducer = reducer(P.reduce_max_p);
export const reduceMin: Reducer = reducer(P.reduce_min_p);
export const reduceAnd: Reducer = reducer(P.reduce_and_p);
export const reduceOr: Reducer = reducer(P.reduce_or_p);
export const reduceXor: Reducer = reducer(P.reduce_xor_p);

export function argmax(x: DeviceArray, axis: number, indexDType: DType = "int32"): DeviceArray {
  return bind1(P.argmax_p, [x], { axes: [axis], index_dtype: indexDType });
}
export function argmin(x: DeviceArray, axis: number, indexDType: DType = "int32"): DeviceArray {
  return bind1(P.argmin_p, [x], { axes: [axis], index_dtype: indexDType });
}

function cumulative(p: Primitive) {
  return (x: DeviceArray, axis = 0, reverse = false): DeviceArray =>
    bind1(p, [x], { axis: normalizeAxis(axis, x.ndim), reverse });
}
export const cumsum: Cumulative = cumulative(P.cumsum_p);
export const cumprod: Cumulative = cumulative(P.cumprod_p);
export const cummax: Cumulative = cumulative(P.cummax_p);
export const cummin: Cumulative = cumulative(P.cummin_p);
export const cumlogsumexp: Cumulative = cumulative(P.cumlogsumexp_p);

/** General contraction; see DotDimensionNumbers. */
export function dotGeneral(
  lhs: DeviceArray,
  rhs: DeviceArray,
  dimensionNumbers: DotDimensionNumbers,
  preferredElementType: DType | null = null,
): DeviceArray {
  return bind1(P.dot_general_p, [lhs, rhs], {
    dimension_numbers: dimensionNumbers,
    preferred_element_type: preferredElementType ?? lhs.dtype,
  });
}

/** Vector·vector, matrix·vector or matrix·matrix product (JAX's `lax.dot`). */
export function dot(lhs: DeviceArray, rhs: DeviceArray): DeviceArray {
  if (lhs.ndim < 1 || lhs.ndim > 2 || rhs.ndim < 1 || rhs.ndim > 2) {
    throw new TypeError(
      `Incompatible shapes for dot: got (${lhs.shape.join(", ")}) and (${rhs.shape.join(", ")}).`,
    );
  }
  return dotGeneral(lhs, rhs, [[[lhs.ndim - 1], [0]], [[], []]]);
}

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
  return bind1(P.gather_p, [operand, indices], {
    dimension_numbers: dimensionNumbers,
    slice_sizes: [...sliceSizes],
    mode: opts.mode ?? "clip",
    fill_value: opts.fillValue ?? null,
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
  });
}

type ScatterKind = "scatter" | "scatter-add" | "scatter-mul" | "scatter-min" | "scatter-max";
const SCATTERS: Record<ScatterKind, Primitive> = {
  "scatter": P.scatter_p,
  "scatter-add": P.scatter_add_p,
  "scatter-mul": P.scatter_mul_p,
  "scatter-min": P.scatter_min_p,
  "scatter-max": P.scatter_max_p,
};

export function scatterOp(
  kind: ScatterKind,
  operand: DeviceArray,
  indices: DeviceArray,
  updates: Operand,
  dimensionNumbers: ScatterDimensionNumbers,
  opts: { mode?: GatherMode; indicesAreSorted?: boolean; uniqueIndices?: boolean } = {},
): DeviceArray {
  const [o, u] = operands([operand, updates]);
  return bind1(SCATTERS[kind], [o, indices, u], {
    dimension_numbers: dimensionNumbers,
    mode: opts.mode ?? "fill",
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
  });
}

/** Sorts operands along `dimension`, keyed lexicographically by the first `numKeys`. */
export function sort(
  operands: readonly DeviceArray[],
  dimension = -1,
  isStable = true,
  numKeys = 1,
): DeviceArray[] {
  if (!Array.isArray(operands) || operands.length === 0) {
    throw new TypeError("Sort requires at least one operand");
  }
  const dim = normalizeAxis(dimension, operands[0].ndim);
  return bind(P.sort_p, [...operands], { dimension: dim, is_stable: isStable, num_keys: numKeys });
}

/** The Threefry-2x32 block cipher on uint32 words (the core of jax.random). */
export function threefry2x32(
  k1: DeviceArray,
  k2: DeviceArray,
  x1: DeviceArray,
  x2: DeviceArray,
): [DeviceArray, DeviceArray] {
  const [a, b] = bind(P.threefry2x32_p, [k1, k2, x1, x2], {});
  return [a, b];
}
