/**
 * CPU programs for the higher-order primitives: their sub-jaxprs are compiled once, and the
 * loops run on the host over typed arrays (scan slices xs with zero-copy subarrays).
 */

import type { ClosedJaxpr } from "../../core/jaxpr.ts";
import { allocTyped, type TypedArray } from "../../dtype.ts";
import { compileClosed, controlFlowSteps } from "./compile.ts";

controlFlowSteps["jit"] = (params) => compileClosed(params.jaxpr as ClosedJaxpr);

controlFlowSteps["custom_jvp_call"] = (params) => compileClosed(params.call_jaxpr as ClosedJaxpr);
controlFlowSteps["custom_vjp_call"] = (params) => compileClosed(params.call_jaxpr as ClosedJaxpr);

controlFlowSteps["cond"] = (params) => {
  const branches = (params.branches as ClosedJaxpr[]).map(compileClosed);
  const last = branches.length - 1;
  return (inputs) => {
    const i = Math.min(Math.max(inputs[0][0], 0), last);
    return branches[i](inputs.slice(1));
  };
};

controlFlowSteps["while"] = (params) => {
  const cond = compileClosed(params.cond_jaxpr as ClosedJaxpr);
  const body = compileClosed(params.body_jaxpr as ClosedJaxpr);
  const nc = params.cond_nconsts as number, nb = params.body_nconsts as number;
  return (inputs) => {
    const cc = inputs.slice(0, nc), bc = inputs.slice(nc, nc + nb);
    let carry = inputs.slice(nc + nb);
    while (cond([...cc, ...carry])[0][0]) carry = body([...bc, ...carry]);
    return carry;
  };
};

controlFlowSteps["scan"] = (params, _inAvals, outAvals) => {
  const closed = params.jaxpr as ClosedJaxpr;
  const body = compileClosed(closed);
  const nc = params.num_consts as number, nk = params.num_carry as number;
  const length = params.length as number, reverse = params.reverse as boolean;
  const xAvals = closed.inAvals.slice(nc + nk);
  const yAvals = outAvals.slice(nk);
  return (inputs) => {
    const consts = inputs.slice(0, nc);
    let carry = inputs.slice(nc, nc + nk);
    const xs = inputs.slice(nc + nk);
    const ys = yAvals.map((a) => allocTyped(a.dtype, a.size));
    const xSizes = xAvals.map((a) => a.size);
    const ySizes = yAvals.map((a) => a.size / Math.max(length, 1));
    const args: TypedArray[] = new Array(nc + nk + xs.length);
    for (let j = 0; j < nc; j++) args[j] = consts[j];
    for (let t = 0; t < length; t++) {
      const i = reverse ? length - 1 - t : t;
      for (let j = 0; j < nk; j++) args[nc + j] = carry[j];
      for (let j = 0; j < xs.length; j++) {
        args[nc + nk + j] = xs[j].subarray(i * xSizes[j], (i + 1) * xSizes[j]);
      }
      const out = body(args);
      carry = out.slice(0, nk);
      for (let j = 0; j < ys.length; j++) ys[j].set(out[nk + j], i * ySizes[j]);
    }
    return [...carry, ...ys];
  };
};
