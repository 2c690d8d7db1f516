/**
 * Planning one primitive application over slots: fusable primitives become nodes that one
 * elementwise kernel materializes; reductions, cumulative ops, dot_general, sort and scatter get
 * their own kernels, reading their operands through nodes (so a compiled program can hand them a
 * fused prologue). Used by eager execution (one plan per primitive, avals and params, cached) and
 * by `compile`.
 */

import type { ShapedArray } from "../../core/aval.ts";
import type { Params } from "../../core/primitive.ts";
import type { GpuLimits } from "./device.ts";
import type { Step } from "./exec.ts";
import { type AccNode, InputNode, type Node } from "./graph.ts";
import { isFusable, lowerFusable } from "./lower.ts";
import { elementwiseKernel } from "./kernels/elementwise.ts";
import { SPECIALS } from "./kernels/index.ts";

/** What special-op planners use to add steps and temporaries. */
export class PlanCtx {
  readonly steps: Step[] = [];
  constructor(readonly limits: GpuLimits, public nextSlot: number) {}
  /** A new temporary slot of `bytes` bytes (allocated now; free it with `free`). */
  temp(bytes: number): number {
    const slot = this.nextSlot++;
    this.steps.push({ op: "alloc", slot, bytes });
    return slot;
  }
  free(slot: number): void {
    this.steps.push({ op: "free", slot });
  }
}

/**
 * An elementwise epilogue applied to a special op's result before it is stored: `node` reads the
 * raw result through `acc` (an AccNode) at the store's own index.
 */
export interface Epilogue {
  node: Node;
  acc: AccNode;
}

/** A planner for a non-fusable primitive; outputs are already allocated in `outSlots`. */
export type SpecialPlanner = (
  pc: PlanCtx,
  ins: Node[],
  params: Params,
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
  outSlots: number[],
  epilogues?: (Epilogue | null)[],
) => void;

/** Whether the WebGPU backend can run a primitive (fused or with its own kernels). */
export function supports(name: string): boolean {
  return isFusable(name) || name in SPECIALS;
}

/**
 * The plan of one primitive applied to inputs in slots 0..n-1, writing outputs to slots
 * n..n+m-1 (allocated by the plan).
 */
export function planPrimitive(
  limits: GpuLimits,
  name: string,
  params: Params,
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
): Step[] {
  const n = inAvals.length;
  const ins = inAvals.map((a, j) => new InputNode(j, a.shape, a.dtype));
  const outSlots = outAvals.map((_, j) => n + j);
  const pc = new PlanCtx(limits, n + outAvals.length);
  for (let j = 0; j < outAvals.length; j++) {
    pc.steps.push({ op: "alloc", slot: outSlots[j], bytes: outAvals[j].size * 4 });
  }
  const nodes = lowerFusable(name, ins, params, inAvals, outAvals);
  if (nodes) {
    if (outAvals[0].size > 0) {
      const outs = nodes.map((node, j) => ({ node, slot: outSlots[j] }));
      pc.steps.push({ op: "kernel", kernel: elementwiseKernel(limits, outs, name) });
    }
    return pc.steps;
  }
  const special = SPECIALS[name];
  if (!special) throw new Error(`The WebGPU backend has no kernel for primitive '${name}'`);
  special(pc, ins, params, inAvals, outAvals, outSlots);
  return pc.steps;
}
