/**
 * Reductions over a set of axes (reduce_sum, reduce_max, …, argmax/argmin) and cumulative
 * reductions along one axis (cumsum, cumprod, cummax, cummin, cumlogsumexp).
 */

import { definePrimitive, type Primitive } from "../../core/primitive.ts";
import type { DType } from "../../dtype.ts";
import { pyShape } from "../../shape.ts";
import { ANY, aval, BOOL_OR_INT, checkDType, type DTypeClass, NUM, ORDERED } from "./util.ts";

function checkAxes(name: string, axes: number[], ndim: number, shape: readonly number[]) {
  const seen = new Set<number>();
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= ndim || seen.has(a)) {
      throw new TypeError(
        `${name} axes must be distinct and in range, got axes ${pyShape(axes)} for operand of ` +
          `shape ${pyShape(shape)}.`,
      );
    }
    seen.add(a);
  }
}

/** A reduction over params.axes (distinct, non-negative); the reduced axes are removed. */
function reducer(name: string, classes: DTypeClass[]): Primitive {
  const p = definePrimitive(name);
  p.abstractEval = ([x], params) => {
    checkDType(name, classes, x.dtype);
    const axes = params.axes as number[];
    checkAxes(name, axes, x.ndim, x.shape);
    return [aval(x.shape.filter((_, i) => !axes.includes(i)), x.dtype, x.weakType)];
  };
  p.ppParams = (params) => [
    ["axes", pyShape(params.axes as number[])],
    ["out_sharding", "None"],
  ];
  return p;
}

export const reduce_sum_p: Primitive = reducer("reduce_sum", NUM);
export const reduce_prod_p: Primitive = reducer("reduce_prod", NUM);
/** reduce_max/min propagate NaN (any NaN in the window gives NaN), as XLA does. */
export const reduce_max_p: Primitive = reducer("reduce_max", ANY);
export const reduce_min_p: Primitive = reducer("reduce_min", ANY);
export const reduce_and_p: Primitive = reducer("reduce_and", BOOL_OR_INT);
export const reduce_or_p: Primitive = reducer("reduce_or", BOOL_OR_INT);
export const reduce_xor_p: Primitive = reducer("reduce_xor", BOOL_OR_INT);

/** The names of the reductions over axes, for backends that give them one kernel family. */
export const REDUCTION_NAMES: readonly string[] = [
  "reduce_sum",
  "reduce_prod",
  "reduce_max",
  "reduce_min",
  "reduce_and",
  "reduce_or",
  "reduce_xor",
];

/**
 * argmax/argmin over params.axes (exactly one axis) giving params.index_dtype; ties pick the
 * first index; NaN counts as the extreme value (the first NaN wins), as in JAX.
 */
function argReducer(name: string): Primitive {
  const p = definePrimitive(name);
  p.abstractEval = ([x], params) => {
    checkDType(name, ORDERED, x.dtype);
    const axes = params.axes as number[];
    checkAxes(name, axes, x.ndim, x.shape);
    if (axes.length !== 1) throw new TypeError(`${name} requires exactly one axis`);
    if (x.shape[axes[0]] === 0) {
      throw new TypeError(`${name} attempted to reduce over an axis of size 0`);
    }
    return [aval(x.shape.filter((_, i) => i !== axes[0]), params.index_dtype as DType)];
  };
  return p;
}

export const argmax_p: Primitive = argReducer("argmax");
export const argmin_p: Primitive = argReducer("argmin");

/** A cumulative reduction along params.axis, optionally params.reverse (output shape = input). */
function cumulative(name: string, classes: DTypeClass[]): Primitive {
  const p = definePrimitive(name);
  p.abstractEval = ([x], params) => {
    checkDType(name, classes, x.dtype);
    const axis = params.axis as number;
    if (!Number.isInteger(axis) || axis < 0 || axis >= x.ndim) {
      throw new TypeError(`${name} axis ${axis} out of range for operand of rank ${x.ndim}`);
    }
    return [x];
  };
  return p;
}

export const cumsum_p: Primitive = cumulative("cumsum", NUM);
export const cumprod_p: Primitive = cumulative("cumprod", NUM);
export const cummax_p: Primitive = cumulative("cummax", ORDERED);
export const cummin_p: Primitive = cumulative("cummin", ORDERED);
export const cumlogsumexp_p: Primitive = cumulative("cumlogsumexp", ["floating"]);

/** The names of the cumulative reductions, for backends that give them one kernel family. */
export const CUMULATIVE_NAMES: readonly string[] = [
  "cumsum",
  "cumprod",
  "cummax",
  "cummin",
  "cumlogsumexp",
];
