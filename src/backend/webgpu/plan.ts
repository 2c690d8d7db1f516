/**
 * Planning one primitive application over slots: fusable primitives become nodes that one
 * elementwise kernel materializes; reductions, cumulative ops, dot_general, sort and scatter get
 * their own kernels, reading their operands through nodes (so a compiled program can hand them a
 * fused prologue). Used by eager execution (one plan per primitive, avals and params, cached) and
 * by `compile`.
 */

import { ShapedArray } from "../../core/aval.ts";
import type { Params } from "../../core/primitive.ts";
import type { GpuBuffer, GpuContext, GpuLimits } from "./device.ts";
import type { Step } from "./exec.ts";
import { type AccNode, InputNode, type Node } from "./graph.ts";
import { isFusable, lowerFusable } from "./lower.ts";
import { elementwiseKernel } from "./kernels/elementwise.ts";
import { SPECIALS } from "./kernels/index.ts";

/** What special-op planners use to add steps and temporaries. */
export class PlanCtx {
  readonly steps: Step[] = [];
  readonly limits: GpuLimits;
  constructor(readonly ctx: GpuContext, public nextSlot: number) {
    this.limits = ctx.limits;
  }
  /**
   * A slot holding constant words (uploaded at the first run and kept by the plan; each run
   * takes a reference that the slot's free gives back).
   */
  constant(words: Int32Array): number {
    const slot = this.nextSlot++;
    const ctx = this.ctx;
    let buf: GpuBuffer | null = null;
    const step = {
      op: "host" as const,
      label: "constant",
      reads: [],
      writes: [slot],
      run: (env: (GpuBuffer | null)[]) => {
        buf ??= ctx.upload(words, words.byteLength);
        ctx.retain(buf);
        env[slot] = buf;
      },
    };
    this.steps.push(step);
    return slot;
  }
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

/** Distinct buffers a fused kernel may read (the rest of the bindings: outputs, pages). */
export function maxLeaves(limits: GpuLimits): number {
  return Math.max(2, limits.maxStorageBuffers - 4);
}

/**
 * A concatenation of more operands than one kernel can bind: groups are concatenated into
 * temporaries first. Returns the final node and the temporaries (to free after its kernel).
 */
export function concatInGroups(
  pc: PlanCtx,
  nodes: Node[],
  params: Params,
): { node: Node; temps: number[] } {
  const G = Math.max(2, maxLeaves(pc.limits) - 1);
  const dim = params.dimension as number;
  const temps: number[] = [];
  while (nodes.length > G) {
    const next: Node[] = [];
    for (let i = 0; i < nodes.length; i += G) {
      const part = nodes.slice(i, i + G);
      if (part.length === 1) {
        next.push(part[0]);
        continue;
      }
      const shape = [...part[0].shape];
      shape[dim] = part.reduce((s, n) => s + n.shape[dim], 0);
      const node =
        lowerFusable("concatenate", part, params, [], [new ShapedArray(shape, part[0].dtype)])![0];
      const slot = pc.temp(node.size * 4);
      temps.push(slot);
      if (node.size > 0) {
        pc.steps.push({
          op: "kernel",
          kernel: elementwiseKernel(pc.limits, [{ slot, node }], "concatenate"),
        });
      }
      next.push(new InputNode(slot, node.shape, node.dtype));
    }
    nodes = next;
  }
  const shape = [...nodes[0].shape];
  shape[dim] = nodes.reduce((s, n) => s + n.shape[dim], 0);
  const node =
    lowerFusable("concatenate", nodes, params, [], [new ShapedArray(shape, nodes[0].dtype)])![0];
  return { node, temps };
}

/** Whether the WebGPU backend can run a primitive (fused or with its own kernels). */
export function supports(name: string): boolean {
  return isFusable(name) || name in SPECIALS;
}

/**
 * The plan of one primitive applied to inputs in slots 0..n-1, writing outputs to slots
 * n..n+m-1 (allocated by the plan).
 */
export function planPrimitive(
  ctx: GpuContext,
  name: string,
  params: Params,
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
): Step[] {
  const n = inAvals.length;
  const ins = inAvals.map((a, j) => new InputNode(j, a.shape, a.dtype));
  const outSlots = outAvals.map((_, j) => n + j);
  const pc = new PlanCtx(ctx, n + outAvals.length);
  const limits = ctx.limits;
  for (let j = 0; j < outAvals.length; j++) {
    pc.steps.push({ op: "alloc", slot: outSlots[j], bytes: outAvals[j].size * 4 });
  }
  if (name === "concatenate" && ins.length > maxLeaves(limits)) {
    const { node, temps } = concatInGroups(pc, ins, params);
    if (node.size > 0) {
      pc.steps.push({
        op: "kernel",
        kernel: elementwiseKernel(limits, [{ node, slot: outSlots[0] }], name),
      });
    }
    for (const t of temps) pc.free(t);
    return pc.steps;
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
