/** sort: sorts several operands of one shape along an axis, keyed by the first num_keys. */

import { definePrimitive, type Primitive } from "../../core/primitive.ts";

/**
 * sort(...operands): params { dimension, is_stable, num_keys }. All operands share a shape; they
 * are permuted together, ordered lexicographically by the first num_keys operands. Floats sort
 * with -0.0 before +0.0 equal-ranked as numpy does (total order with NaNs last).
 */
export const sort_p: Primitive = definePrimitive("sort", true);
sort_p.abstractEval = (avals, params) => {
  const dim = params.dimension as number;
  const s0 = avals[0].shape;
  for (const a of avals) {
    if (a.shape.join() !== s0.join()) throw new TypeError("sort operands must have the same shape");
  }
  if (dim < 0 || dim >= s0.length) {
    throw new TypeError(`sort dimension ${dim} out of range for operands of rank ${s0.length}`);
  }
  const k = params.num_keys as number;
  if (k < 1 || k > avals.length) {
    throw new TypeError(`sort num_keys must be in [1, ${avals.length}], got ${k}`);
  }
  return avals;
};
