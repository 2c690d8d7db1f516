/** The CPU kernel table: one entry per first-order primitive, keyed by primitive name. */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import type { DType, TypedArray } from "../../../dtype.ts";
import { exprTemplates } from "../expr.ts";
import { elementwise } from "./elementwise.ts";
import * as s from "./structural.ts";
import { argReduce, cumulative, reduce } from "./reduce.ts";
import { dotGeneral, dotGeneralPlan } from "./dot.ts";
import { gather, scatter } from "./indexing.ts";
import { sort } from "./sort.ts";
import { threefry2x32 } from "./random.ts";
import { CUMULATIVE_NAMES, REDUCTION_NAMES } from "../../../lax/prims/reductions.ts";

export type CpuKernel = (
  inputs: TypedArray[],
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
  params: Params,
) => TypedArray[];

export const cpuKernels: Record<string, CpuKernel> = {};

for (const name of Object.keys(exprTemplates)) {
  if (name === "bitcast_convert_type") continue;
  cpuKernels[name] = (ins, inAvals, [out], params) => [
    elementwise(name, ins, inAvals, out, params),
  ];
}

Object.assign(
  cpuKernels,
  {
    bitcast_convert_type: ([x], _a, [out]) => [s.bitcast(x, out.dtype as DType)],
    broadcast_in_dim: ([x], [a], [out], p) => [s.broadcastInDim(x, a, out, p)],
    reshape: ([x]) => [x],
    stop_gradient: ([x]) => [x],
    squeeze: ([x]) => [x],
    transpose: ([x], [a], [out], p) => [s.transpose(x, a, out, p)],
    rev: ([x], [a], _o, p) => [s.rev(x, a, p)],
    slice: ([x], [a], [out], p) => [s.slice(x, a, out, p)],
    pad: (ins, [a], [out], p) => [s.pad(ins, a, out, p)],
    concatenate: (ins, avals, [out], p) => [s.concatenate(ins, avals, out, p)],
    iota: (_i, _a, [out], p) => [s.iota(out, p)],
    dynamic_slice: (ins, [a], [out], p) => [s.dynamicSlice(ins, a, out, p)],
    dynamic_update_slice: (ins, avals) => [s.dynamicUpdateSlice(ins, avals)],
    dot_general: (ins, avals, [out], p) => [dotGeneral(ins, avals, out, p)],
    argmax: ([x], [a], [out], p) => [argReduce("argmax", x, a, out, p)],
    argmin: ([x], [a], [out], p) => [argReduce("argmin", x, a, out, p)],
    gather: (ins, avals, [out], p) => [gather(ins, avals, out, p)],
    scatter: (ins, avals, _o, p) => [scatter("scatter", ins, avals, p)],
    "scatter-add": (ins, avals, _o, p) => [scatter("scatter-add", ins, avals, p)],
    "scatter-mul": (ins, avals, _o, p) => [scatter("scatter-mul", ins, avals, p)],
    "scatter-min": (ins, avals, _o, p) => [scatter("scatter-min", ins, avals, p)],
    "scatter-max": (ins, avals, _o, p) => [scatter("scatter-max", ins, avals, p)],
    sort: (ins, avals, _o, p) => sort(ins, avals, p),
    threefry2x32: (ins, avals, [out]) => threefry2x32(ins, avals, out),
  } satisfies Record<string, CpuKernel>,
);

for (const name of REDUCTION_NAMES) {
  cpuKernels[name] = ([x], [a], [out], p) => [reduce(name, x, a, out, p)];
}
for (const name of CUMULATIVE_NAMES) {
  cpuKernels[name] = ([x], [a], _o, p) => [cumulative(name, x, a, p)];
}

// add_any (cotangent accumulation) is an ordinary elementwise add.
cpuKernels.add_any = cpuKernels.add;

/**
 * Kernels that can be specialised to their avals and params once, at compile time: the jit
 * program then calls `(…inputs) => output` without redoing layout work per call.
 */
export type CpuSpecializer = (
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
  params: Params,
) => (...inputs: TypedArray[]) => TypedArray;

export const cpuSpecialized: Record<string, CpuSpecializer> = {
  dot_general: ([l, r], [o], p) => dotGeneralPlan(l, r, o, p),
};
