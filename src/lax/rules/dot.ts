/**
 * JVP, transpose and batching rules of dot_general. It is bilinear: the JVP is the product rule,
 * and each operand's transpose is another dot_general of the cotangent with the other operand
 * (followed by a transpose into the operand's axis order). Batching never moves data: a batch
 * axis on both operands becomes a new batch dimension, on one operand a new free dimension.
 */

import type { DeviceArray } from "../../core/array.ts";
import type { ShapedArray } from "../../core/aval.ts";
import type { Params } from "../../core/primitive.ts";
import { bind1 } from "../../core/trace.ts";
import { isFloat } from "../../dtype.ts";
import { addTangents } from "../../interpreters/ad.ts";
import * as lax from "../lax.ts";
import * as P from "../prims/index.ts";
import type { DotDimensionNumbers } from "../prims/index.ts";
import {
  argsort,
  isZero,
  range,
  shiftAxis,
  type Tangent,
  UndefPrimal,
  Zero,
  zeroTangent,
} from "./util.ts";

const dot = (l: DeviceArray, r: DeviceArray, params: Params) =>
  bind1(P.dot_general_p, [l, r], params);

P.dot_general_p.jvp = ([l, r], [tl, tr], params) => {
  const ans = dot(l, r, params);
  if (!isFloat(ans.dtype)) return [[ans], [zeroTangent(ans)]];
  let t: Tangent = zeroTangent(ans);
  if (!isZero(tl)) t = addTangents(t, dot(tl, r, params));
  if (!isZero(tr)) t = addTangents(t, dot(l, tr, params));
  return [[ans], [t]];
};

/** The axes of an operand that are neither contracted nor batch axes, ascending. */
function freeAxes(ndim: number, contract: readonly number[], batch: readonly number[]): number[] {
  return range(ndim).filter((i) => !contract.includes(i) && !batch.includes(i));
}

/**
 * The cotangent of operand x of a dot_general whose other operand is y. `xIsLhs` says which side
 * x was on, which fixes where its free axes sit in the output: [batch, lhs free, rhs free].
 */
function transposeOperand(
  g: DeviceArray,
  y: DeviceArray,
  x: ShapedArray,
  [xc, yc]: [number[], number[]],
  [xb, yb]: [number[], number[]],
  xIsLhs: boolean,
): DeviceArray {
  const xFree = freeAxes(x.ndim, xc, xb);
  const yFree = freeAxes(y.ndim, yc, yb);
  const nb = xb.length;
  const gY = xIsLhs
    ? range(nb + xFree.length, nb + xFree.length + yFree.length)
    : range(nb, nb + yFree.length);
  // Contract g's y-free axes against y's free axes; the batch axes stay batch axes. The result is
  // [batch, x's free axes, y's contracted axes ascending] — the last ones pair with x's
  // contracted axes in the order of y's.
  const gy = g.dtype === y.dtype ? g : lax.convertElementType(g, y.dtype);
  const res = bind1(P.dot_general_p, [gy, y], {
    dimension_numbers: [[gY, yFree], [range(nb), yb]] as DotDimensionNumbers,
    preferred_element_type: x.dtype,
  });
  const layout = [...xb, ...xFree, ...argsort(yc).map((i) => xc[i])];
  return lax.transpose(res, argsort(layout));
}

P.dot_general_p.transpose = ([ct], [l, r], params) => {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers as DotDimensionNumbers;
  const lu = l instanceof UndefPrimal, ru = r instanceof UndefPrimal;
  if (lu && ru) throw new Error("dot_general is not linear in both operands at once");
  if (isZero(ct)) {
    return [lu ? new Zero(l.aval) : null, ru ? new Zero((r as UndefPrimal).aval) : null];
  }
  if (lu) {
    return [transposeOperand(ct, r as DeviceArray, l.aval, [lc, rc], [lb, rb], true), null];
  }
  return [
    null,
    transposeOperand(ct, l as DeviceArray, (r as UndefPrimal).aval, [rc, lc], [rb, lb], false),
  ];
};

P.dot_general_p.batch = ([l, r], [ld, rd], params) => {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers as DotDimensionNumbers;
  const sh = (
    axes: number[],
    d: number | null,
  ) => (d === null ? axes : axes.map((a) => shiftAxis(a, d)));
  const nlc = sh(lc, ld), nrc = sh(rc, rd), nlb = sh(lb, ld), nrb = sh(rb, rd);
  let dn: DotDimensionNumbers, out: number;
  if (ld !== null && rd !== null) {
    // Both batched: a new leading batch dimension, which the output puts first.
    dn = [[nlc, nrc], [[ld, ...nlb], [rd, ...nrb]]];
    out = 0;
  } else if (ld !== null) {
    // Only lhs: its batch axis is one more lhs free axis; output is [batch, lhs free, rhs free].
    dn = [[nlc, nrc], [nlb, nrb]];
    out = lb.length + freeAxes(l.ndim, nlc, nlb).indexOf(ld);
  } else {
    dn = [[nlc, nrc], [nlb, nrb]];
    out = lb.length + freeAxes(l.ndim, nlc, nlb).length +
      freeAxes(r.ndim, nrc, nrb).indexOf(rd as number);
  }
  return [[dot(l, r, { ...params, dimension_numbers: dn })], [out]];
};
