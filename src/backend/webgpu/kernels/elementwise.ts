/**
 * Materializing nodes: one thread per output element evaluates the node trees (a fused chain of
 * elementwise and indexing ops) and stores the results. Several outputs of the same shape are
 * written by one kernel.
 *
 * Shape-generic: the loop runs to the first output's `arrayLength` (bound exactly) rather than a
 * literal count. A chain whose operands are read at the flat index (same-shape elementwise ops,
 * scalars, reshapes) then emits the same WGSL for every shape, so one pipeline serves them all:
 * `jit(x => x + 1)` over 1,024 sizes compiles one pipeline, not 1,024 (each ~250 KiB of native
 * code and ~10 ms of compilation on llvmpipe). Index math of broadcasts, transposes and slices
 * still bakes dimensions in; those kernels stay per shape (in the bounded pipeline cache).
 */

import { type Kernel, KernelBuilder } from "../codegen.ts";
import type { GpuLimits } from "../device.ts";
import { Ix, type Node } from "../graph.ts";

/** Workgroup size of elementwise kernels. */
export const ELEMENTWISE_WG = 256;

/** A kernel computing every element of `outs` (nodes of one shape) into their slots. */
export function elementwiseKernel(
  limits: GpuLimits,
  outs: { node: Node; slot: number }[],
  label: string,
): Kernel {
  const k = new KernelBuilder(limits);
  const shape = outs[0].node.shape;
  const n = outs[0].node.size;
  const stores: string[] = [];
  let bound = "";
  for (const { node, slot } of outs) {
    const v = node.emit(k, Ix.flat(shape, "i"));
    const p = k.output(slot, node.dtype, n);
    bound ||= k.runtimeLength(p);
    stores.push(k.store(p, "i", v));
  }
  for (const s of stores) k.line(s);
  return k.assemble(k.takeBody(), ELEMENTWISE_WG, n, label, undefined, bound);
}

/**
 * A copy of `elements` 32-bit words from slot 0 to slot 1 (copyBufferToBuffer cannot copy
 * between two slots of one slab buffer). Shape-generic: one pipeline for every size.
 */
export function copyKernel(limits: GpuLimits, elements: number): Kernel {
  const k = new KernelBuilder(limits);
  const src = k.param(0, "u32", elements, "read", false);
  const dst = k.param(1, "u32", elements, "read_write", false);
  k.line(k.store(dst, "i", k.load(src, "i")));
  const bound = k.runtimeLength(dst);
  return k.assemble(k.takeBody(), ELEMENTWISE_WG, elements, "copy", undefined, bound);
}
