/**
 * scatter, scatter-add/mul/min/max. The operand is copied into the output, then one thread per
 * update element combines it into the output with an atomic operation:
 *  - integer add/min/max and bool or/and use WGSL's atomics: exact and order-independent, so the
 *    results match the CPU bit for bit; integer mul is a compare-exchange loop (wrapping
 *    products commute, so it is exact too);
 *  - float32 combines are compare-exchange loops on the u32 bits. min/max (NaN-propagating, -0
 *    below +0) do not depend on the order, but float add and mul do: when several updates hit
 *    one element their rounding order is whatever order the GPU runs them in (not
 *    deterministic; results agree with the CPU's sequential order within rounding);
 *  - plain scatter (replace) is made deterministic and equal to the CPU's "last update wins":
 *    a first pass records, per operand element, the highest update window that targets it
 *    (atomicMax), and a second pass lets only that window write.
 * Out-of-bounds windows are clamped ("clip") or dropped whole ("fill", "promise_in_bounds"), as
 * the CPU backend does.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import type { ScatterDimensionNumbers } from "../../../lax/prims/indexing.ts";
import { KernelBuilder } from "../codegen.ts";
import { broadcastInDim, Ix, LiteralNode, type Node } from "../graph.ts";
import type { PlanCtx } from "../plan.ts";
import { wgslType } from "../wgsl_expr.ts";
import { elementwiseKernel } from "./elementwise.ts";

/** Emits, for update element `u`, the operand flat index (or -1 when the window is dropped). */
function targetIndex(
  k: KernelBuilder,
  operand: ShapedArray,
  indices: Node,
  updShape: readonly number[],
  dn: ScatterDimensionNumbers,
  clip: boolean,
): { p: string; batch: string } {
  const uc = k.unflatten("u", updShape);
  const batchDims = updShape.map((_, d) => d).filter((d) => !dn.update_window_dims.includes(d));
  const bc = batchDims.map((d) => uc[d]);
  const wc = dn.update_window_dims.map((d) => uc[d]);
  const opShape = operand.shape;
  const winAxes: number[] = [];
  const ext = opShape.map(() => 1);
  opShape.forEach((_, d) => {
    if (!dn.inserted_window_dims.includes(d) && !dn.operand_batching_dims.includes(d)) {
      ext[d] = updShape[dn.update_window_dims[winAxes.length]];
      winAxes.push(d);
    }
  });
  const starts = opShape.map(() => "0");
  const oob: string[] = [];
  dn.scatter_dims_to_operand_dims.forEach((d, j) => {
    const raw = indices.emit(k, Ix.coords(indices.shape, [...bc, String(j)]));
    const v = k.let(indices.dtype === "uint32" ? `i32(min(${raw}, 0x7fffffffu))` : raw, "i32");
    const hi = opShape[d] - ext[d];
    if (clip) starts[d] = `clamp(${v}, 0, ${Math.max(hi, 0)})`;
    else {
      oob.push(`${v} < 0 || ${v} > ${hi}`);
      starts[d] = v;
    }
  });
  const oc = opShape.map((_, d) => {
    const bi = dn.operand_batching_dims.indexOf(d);
    if (bi >= 0) return bc[dn.scatter_indices_batching_dims[bi]];
    const w = winAxes.indexOf(d);
    const off = w >= 0 ? wc[w] : "0";
    return starts[d] === "0" ? off : `(${starts[d]} + ${off})`;
  });
  const flat = k.flatten(oc, opShape);
  const p = k.let(oob.length ? `select(${flat}, -1, ${oob.join(" || ")})` : flat, "i32");
  // The flat index of the update's window (its batch position), for "last window wins".
  const batchShape = batchDims.map((d) => updShape[d]);
  const batch = k.let(k.flatten(bc, batchShape), "i32");
  return { p, batch };
}

export function planScatter(
  pc: PlanCtx,
  kind: string,
  [operand, indices, updates]: Node[],
  params: Params,
  [opAval]: ShapedArray[],
  outSlot: number,
): void {
  const dn = params.dimension_numbers as ScatterDimensionNumbers;
  const clip = (params.mode ?? "clip") === "clip";
  const dt = opAval.dtype;
  const n = opAval.size;
  if (n === 0) return;
  pc.steps.push({
    op: "kernel",
    kernel: elementwiseKernel(pc.limits, [{ node: operand, slot: outSlot }], `${kind}_copy`),
  });
  const U = updates.size;
  if (U === 0) return;
  const label = kind;
  if (kind === "scatter") {
    const winner = pc.temp(n * 4);
    const zero = broadcastInDim(new LiteralNode(0, "uint32"), [n], []);
    pc.steps.push({
      op: "kernel",
      kernel: elementwiseKernel(pc.limits, [{ node: zero, slot: winner }], "zero"),
    });
    for (const pass of [0, 1]) {
      const k = new KernelBuilder(pc.limits);
      k.line(`let u = i;`);
      const { p, batch } = targetIndex(k, opAval, indices, updates.shape, dn, clip);
      k.open(`if (${p} >= 0)`);
      if (pass === 0) {
        const w = k.output(winner, "uint32", n, true);
        k.line(k.atomicStmt(w, p, (ptr) => `atomicMax(${ptr}, u32(${batch}) + 1u)`));
      } else {
        const w = k.input(winner, "uint32", n);
        const v = updates.emit(k, Ix.flat(updates.shape, "u"));
        const o = k.output(outSlot, dt, n);
        k.line(`if (${k.load(w, p)} == u32(${batch}) + 1u) { ${k.store(o, p, v)} }`);
      }
      k.close();
      pc.steps.push({ op: "kernel", kernel: k.assemble(k.takeBody(), 256, U, `${label}_${pass}`) });
    }
    pc.free(winner);
    return;
  }
  const k = new KernelBuilder(pc.limits);
  k.line(`let u = i;`);
  const { p } = targetIndex(k, opAval, indices, updates.shape, dn, clip);
  k.open(`if (${p} >= 0)`);
  const v = k.let(updates.emit(k, Ix.flat(updates.shape, "u")), wgslType(dt));
  const T = wgslType(dt);
  const native: Record<string, string> = {
    "scatter-add": dt === "bool" ? "atomicOr" : "atomicAdd",
    "scatter-min": "atomicMin",
    "scatter-max": "atomicMax",
    "scatter-mul": "atomicAnd",
  };
  if (dt !== "float32" && (kind !== "scatter-mul" || dt === "bool")) {
    const o = k.output(outSlot, dt, n, true);
    k.line(k.atomicStmt(o, p, (ptr) => `${native[kind]}(${ptr}, ${v})`));
  } else {
    // Compare-exchange loop on the element's bits.
    const o = k.output(outSlot, dt === "float32" ? "uint32" : dt, n, true);
    let combine: string;
    if (dt === "float32") {
      const f = kind === "scatter-add" ? "a + b" : kind === "scatter-mul" ? "a * b" : "";
      if (kind === "scatter-min") k.need("f_min");
      if (kind === "scatter-max") k.need("f_max");
      const body = f || (kind === "scatter-min" ? "f_min(a, b)" : "f_max(a, b)");
      k.define(
        "sc_combine",
        `fn sc_combine(old: u32, b: f32) -> u32 {\n  let a = bitcast<f32>(old);\n  return bitcast<u32>(${body});\n}`,
      );
      combine = `sc_combine(old, ${v})`;
    } else {
      combine = `old * ${v}`;
    }
    const loop = (ptr: string) =>
      `loop { let old = atomicLoad(${ptr}); let r = atomicCompareExchangeWeak(${ptr}, old, ${combine}); if (r.exchanged) { break; } }`;
    k.line(k.atomicStmt(o, p, loop).replace(/;\s*$/, ""));
    void T;
  }
  k.close();
  pc.steps.push({ op: "kernel", kernel: k.assemble(k.takeBody(), 256, U, label) });
}
