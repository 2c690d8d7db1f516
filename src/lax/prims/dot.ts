/** dot_general: contractions with batch dimensions (matrix products, batched matmuls, einsum). */

import { definePrimitive, type Primitive } from "../../core/primitive.ts";
import type { DType } from "../../dtype.ts";
import { pyShape } from "../../shape.ts";
import { aval, checkSameDTypes } from "./util.ts";

/**
 * `lax.dotGeneral`'s dimension numbers: `[[lhsContracting, rhsContracting], [lhsBatch,
 * rhsBatch]]`, JAX's `((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch))`.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const matmul: lax.DotDimensionNumbers = [[[1], [0]], [[], []]];
 * lax.dotGeneral(jnp.ones([2, 3]), jnp.ones([3, 4]), matmul).shape; // [ 2, 4 ]
 * ```
 */
export type DotDimensionNumbers = [[number[], number[]], [number[], number[]]];

const list = (xs: readonly number[]) => `[${xs.join(", ")}]`;
const tup = (xs: readonly number[]) => pyShape(xs);

/**
 * dot_general(lhs, rhs): params { dimension_numbers, preferred_element_type (dtype or null) }.
 * Output axes: batch axes (in lhs_batch order), then lhs free axes, then rhs free axes.
 */
export const dot_general_p: Primitive = definePrimitive("dot_general");
dot_general_p.abstractEval = ([lhs, rhs], params) => {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers as DotDimensionNumbers;
  const inRange = (ds: number[], n: number) => ds.every((d) => d >= 0 && d < n);
  if (!inRange(lc, lhs.ndim) || !inRange(lb, lhs.ndim)) {
    throw new TypeError(
      `dot_general requires lhs dimension numbers to be nonnegative and less than the number ` +
        `of axes of the lhs value, got lhs_batch of ${tup(lb)} and lhs_contracting of ` +
        `${tup(lc)} for lhs of rank ${lhs.ndim}`,
    );
  }
  if (!inRange(rc, rhs.ndim) || !inRange(rb, rhs.ndim)) {
    throw new TypeError(
      `dot_general requires rhs dimension numbers to be nonnegative and less than the number ` +
        `of axes of the rhs value, got rhs_batch of ${tup(rb)} and rhs_contracting of ` +
        `${tup(rc)} for rhs of rank ${rhs.ndim}`,
    );
  }
  if (lb.length !== rb.length) {
    throw new TypeError(
      `dot_general requires equal numbers of lhs_batch and rhs_batch dimensions, got ` +
        `lhs_batch ${tup(lb)} and rhs_batch ${tup(rb)}.`,
    );
  }
  const distinct = (ds: number[]) => new Set(ds).size === ds.length;
  if (!distinct([...lc, ...lb]) || !distinct([...rc, ...rb])) {
    throw new TypeError(
      `dot_general requires batch and contracting dimensions to be distinct and disjoint, got ` +
        `lhs_batch ${tup(lb)}, lhs_contracting ${tup(lc)}, rhs_batch ${tup(rb)} and ` +
        `rhs_contracting ${tup(rc)}.`,
    );
  }
  const lbs = lb.map((i) => lhs.shape[i]), rbs = rb.map((i) => rhs.shape[i]);
  if (lbs.join() !== rbs.join()) {
    throw new TypeError(
      `dot_general requires lhs batch dimensions and rhs batch dimensions to have the same ` +
        `shape, got ${tup(lbs)} and ${tup(rbs)}.`,
    );
  }
  const lcs = lc.map((i) => lhs.shape[i]), rcs = rc.map((i) => rhs.shape[i]);
  if (lc.length !== rc.length || lcs.join() !== rcs.join()) {
    throw new TypeError(
      `dot_general requires contracting dimensions to have the same shape, got ${tup(lcs)} ` +
        `and ${tup(rcs)}.`,
    );
  }
  checkSameDTypes("dot_general", [lhs, rhs]);
  const lfree = lhs.shape.filter((_, i) => !lc.includes(i) && !lb.includes(i));
  const rfree = rhs.shape.filter((_, i) => !rc.includes(i) && !rb.includes(i));
  const dtype = (params.preferred_element_type as DType | null) ?? lhs.dtype;
  return [aval([...lbs, ...lfree, ...rfree], dtype, lhs.weakType && rhs.weakType)];
};
dot_general_p.ppParams = (p) => {
  const [[lc, rc], [lb, rb]] = p.dimension_numbers as DotDimensionNumbers;
  return [
    ["dimension_numbers", `((${list(lc)}, ${list(rc)}), (${list(lb)}, ${list(rb)}))`],
    ["out_sharding", "None"],
    ["precision", "None"],
    ["preferred_element_type", String(p.preferred_element_type ?? "None")],
  ];
};
