/**
 * Reductions (reduce_* and argmax/argmin). Two strategies:
 *  - serial: one thread per output loops over the reduced elements in order (exactly the CPU's
 *    order, so integer and max/min results match bit for bit); used when there are many outputs
 *    or few reduced elements;
 *  - workgroup: the reduced elements of each output are split into chunks, one 256-thread
 *    workgroup per (output, chunk) reduces its chunk with a tree in workgroup memory, writing
 *    partials that a second pass reduces. Workgroups are indexed on a 2-D grid with a grid-stride
 *    loop, so any number of outputs × chunks works (no 65535 limit).
 * The operand is read through its node (any fused elementwise prologue), and the result can go
 * through an elementwise epilogue before it is stored.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import type { DType } from "../../../dtype.ts";
import { grid, type KernelBuilder, KernelBuilder as KB } from "../codegen.ts";
import { InputNode, Ix, type Node } from "../graph.ts";
import type { Epilogue, PlanCtx } from "../plan.ts";
import { convertWgsl, wgslLiteral, wgslType } from "../wgsl_expr.ts";
import { elementwiseKernel } from "./elementwise.ts";

const WG = 256;
/** Elements each thread reduces per chunk in workgroup mode. */
const PER_THREAD = 16;

interface Monoid {
  init(d: DType): number;
  combine(k: KernelBuilder, a: string, b: string, d: DType): string;
}

const isFloat = (d: DType) => d === "float32";

export const MONOIDS: Record<string, Monoid> = {
  reduce_sum: { init: () => 0, combine: (_k, a, b) => `(${a} + ${b})` },
  reduce_prod: { init: () => 1, combine: (_k, a, b) => `(${a} * ${b})` },
  reduce_max: {
    init: (d) => (isFloat(d) ? -Infinity : d === "int32" ? -2147483648 : 0),
    combine: (k, a, b, d) => {
      if (!isFloat(d)) return `max(${a}, ${b})`;
      k.need("f_max_first");
      return `f_max_first(${a}, ${b})`;
    },
  },
  reduce_min: {
    init: (
      d,
    ) => (isFloat(d) ? Infinity : d === "int32" ? 2147483647 : d === "uint32" ? 4294967295 : 1),
    combine: (k, a, b, d) => {
      if (!isFloat(d)) return `min(${a}, ${b})`;
      k.need("f_min_first");
      return `f_min_first(${a}, ${b})`;
    },
  },
  reduce_and: {
    init: (d) => (d === "bool" ? 1 : d === "uint32" ? 4294967295 : -1),
    combine: (_k, a, b) => `(${a} & ${b})`,
  },
  reduce_or: { init: () => 0, combine: (_k, a, b) => `(${a} | ${b})` },
  reduce_xor: { init: () => 0, combine: (_k, a, b) => `(${a} ^ ${b})` },
};

/** How the operand is indexed from (output index o, reduced index j). */
export interface ReduceLayout {
  outer: number;
  red: number;
  ix(k: KernelBuilder, o: string, j: string): Ix;
}

export function reduceLayout(x: Node, axes: number[]): ReduceLayout {
  const r = x.shape.length;
  const sorted = [...axes].sort((a, b) => a - b);
  const kept = x.shape.map((_, i) => i).filter((i) => !sorted.includes(i));
  const keptShape = kept.map((i) => x.shape[i]);
  const redShape = sorted.map((i) => x.shape[i]);
  const outer = keptShape.reduce((a, b) => a * b, 1);
  const red = redShape.reduce((a, b) => a * b, 1);
  const trailing = sorted.every((a, i) => a === r - sorted.length + i);
  const leading = sorted.every((a, i) => a === i);
  return {
    outer,
    red,
    ix(k, o, j) {
      if (trailing) {
        return Ix.flat(x.shape, red === 1 ? o : outer === 1 ? j : `(${o} * ${red} + ${j})`);
      }
      if (leading) return Ix.flat(x.shape, outer === 1 ? j : `(${j} * ${outer} + ${o})`);
      const oc = k.unflatten(o, keptShape);
      const jc = k.unflatten(j, redShape);
      const c = new Array<string>(r);
      kept.forEach((d, i) => (c[d] = oc[i]));
      sorted.forEach((d, i) => (c[d] = jc[i]));
      return Ix.coords(x.shape, c);
    },
  };
}

/** Emits the epilogue (if any) of a result `acc` for output index `o`; returns the value. */
export function applyEpilogue(
  k: KernelBuilder,
  epi: Epilogue | null | undefined,
  acc: string,
  outShape: readonly number[],
  o: string,
  convert?: { from: DType; to: DType },
): string {
  if (convert && convert.from !== convert.to) {
    acc = k.let(convertWgsl(acc, convert.from, convert.to, k), wgslType(convert.to));
  }
  if (!epi) return acc;
  epi.acc.current = acc;
  return epi.node.emit(k, Ix.flat(outShape, o));
}

/** Plans reduce_* of `x` over `axes` into `outSlot`. */
export function planReduce(
  pc: PlanCtx,
  name: string,
  x: Node,
  axes: number[],
  out: ShapedArray,
  outSlot: number,
  epi?: Epilogue | null,
  convertTo?: DType,
): void {
  const m = MONOIDS[name];
  const d = x.dtype;
  const T = wgslType(d);
  const cv = convertTo ? { from: d, to: convertTo } : undefined;
  // A float sum that starts at +0 is never -0; compilers fold `0.0 + x` to x, so restore it.
  const fin = (v: string) => {
    if (name !== "reduce_sum" || d !== "float32") return v;
    k.need("f_plus_zero");
    return `f_plus_zero(${v})`;
  };
  let k: KernelBuilder;
  const outDType = epi ? epi.node.dtype : (convertTo ?? out.dtype);
  const lay = reduceLayout(x, axes);
  if (lay.outer === 0) return;
  const serial = lay.red <= 128 || lay.outer >= 2048 || lay.red < PER_THREAD * WG / 4;
  if (serial || lay.red === 0) {
    k = new KB(pc.limits);
    const acc = k.fresh("acc");
    k.line(`var ${acc}: ${T} = ${wgslLiteral(m.init(d), d)};`);
    if (lay.red > 0) {
      k.open(`for (var j = 0; j < ${lay.red}; j = j + 1)`);
      const v = x.emit(k, lay.ix(k, "i", "j"));
      k.line(`${acc} = ${m.combine(k, acc, v, d)};`);
      k.close();
    }
    const val = applyEpilogue(k, epi, fin(acc), out.shape, "i", cv);
    k.line(k.store(k.output(outSlot, outDType, lay.outer), "i", val));
    pc.steps.push({ op: "kernel", kernel: k.assemble(k.takeBody(), 64, lay.outer, name) });
    return;
  }
  const chunks = Math.ceil(lay.red / (WG * PER_THREAD));
  const chunkLen = Math.ceil(lay.red / chunks);
  const partial = chunks > 1 ? pc.temp(lay.outer * chunks * 4) : outSlot;
  k = new KB(pc.limits);
  k.declare(`var<workgroup> sh: array<${T}, ${WG}>;`);
  const total = lay.outer * chunks;
  const body: string[] = [];
  k.open(`for (var g = i32(wid.y * nwg.x + wid.x); g < ${total}; g = g + i32(nwg.x * nwg.y))`);
  k.line(`let o = g / ${chunks};`);
  k.line(`let c = g % ${chunks};`);
  k.line(`let j0 = c * ${chunkLen};`);
  k.line(`let j1 = min(j0 + ${chunkLen}, ${lay.red});`);
  k.line(`var acc: ${T} = ${wgslLiteral(m.init(d), d)};`);
  k.open(`for (var j = j0 + i32(lid); j < j1; j = j + ${WG})`);
  const v = x.emit(k, lay.ix(k, "o", "j"));
  k.line(`acc = ${m.combine(k, "acc", v, d)};`);
  k.close();
  k.line(`sh[lid] = acc;`);
  k.line(`workgroupBarrier();`);
  k.open(`for (var s = ${WG / 2}u; s > 0u; s = s >> 1u)`);
  k.line(`if (lid < s) { sh[lid] = ${m.combine(k, "sh[lid]", "sh[lid + s]", d)}; }`);
  k.line(`workgroupBarrier();`);
  k.close();
  k.open(`if (lid == 0u)`);
  if (chunks > 1) {
    k.line(k.store(k.output(partial, d, total), "g", "sh[0]"));
  } else {
    const val = applyEpilogue(k, epi, fin("sh[0]"), out.shape, "o", cv);
    k.line(k.store(k.output(outSlot, outDType, lay.outer), "o", val));
  }
  k.close();
  k.line(`workgroupBarrier();`);
  k.close();
  body.push(...k.takeBody());
  pc.steps.push({
    op: "kernel",
    kernel: k.assemble(body, WG, null, name, grid(pc.limits, total)),
  });
  if (chunks > 1) {
    const part = new InputNode(partial, [lay.outer, chunks], d);
    planReduce(pc, name, part, [1], out, outSlot, epi, convertTo);
    pc.free(partial);
  }
}

/** Plans argmax/argmin along one axis. */
export function planArgReduce(
  pc: PlanCtx,
  name: string,
  x: Node,
  params: Params,
  out: ShapedArray,
  outSlot: number,
): void {
  const axis = (params.axes as number[])[0];
  const lay = reduceLayout(x, [axis]);
  const d = x.dtype;
  const T = wgslType(d);
  const isMax = name === "argmax";
  const od = out.dtype;
  const OT = wgslType(od);
  if (lay.outer === 0) return;
  const k = new KB(pc.limits);
  k.need("f_isnan");
  const nanOf = (v: string) => (isFloat(d) ? `f_isnan(${v})` : "false");
  const gt = (a: string, b: string) => (isMax ? `${a} > ${b}` : `${a} < ${b}`);
  // Serial in index order, exactly the CPU's loop (first NaN wins, ties keep the first index).
  const serial = lay.red <= 128 || lay.outer >= 2048 || lay.red < PER_THREAD * WG / 4;
  if (serial) {
    k.line(`var best: ${T} = ${x.emit(k, lay.ix(k, "i", "0"))};`);
    k.line(`var bi = 0;`);
    k.open(`if (!${nanOf("best")})`);
    k.open(`for (var j = 1; j < ${lay.red}; j = j + 1)`);
    const v = x.emit(k, lay.ix(k, "i", "j"));
    k.line(`if (${nanOf(v)}) { bi = j; break; }`);
    k.line(`if (${gt(v, "best")}) { best = ${v}; bi = j; }`);
    k.close();
    k.close();
    k.line(k.store(k.output(outSlot, od, lay.outer), "i", `${OT}(bi)`));
    pc.steps.push({ op: "kernel", kernel: k.assemble(k.takeBody(), 64, lay.outer, name) });
    return;
  }
  // Workgroup mode: one workgroup per output; (value, index) pairs combine with a total order
  // (NaN first, then the extreme value, then the lowest index), so the tree gives the CPU's
  // answer whatever the combination order.
  const sentinel = wgslLiteral(MONOIDS[isMax ? "reduce_max" : "reduce_min"].init(d), d);
  k.declare(`var<workgroup> shv: array<${T}, ${WG}>;\nvar<workgroup> shi: array<i32, ${WG}>;`);
  k.define(
    "arg_better",
    `fn arg_better(va: ${T}, ia: i32, vb: ${T}, ib: i32) -> bool {
  if (${nanOf("va")}) { return ${nanOf("vb")} && ib < ia; }
  if (${nanOf("vb")}) { return true; }
  if (${gt("vb", "va")}) { return true; }
  return vb == va && ib < ia;
}`,
  );
  k.open(`for (var o = i32(wid.y * nwg.x + wid.x); o < ${lay.outer}; o = o + i32(nwg.x * nwg.y))`);
  k.line(`var bv: ${T} = ${sentinel};`);
  k.line(`var bi = 2147483647;`);
  k.open(`for (var j = i32(lid); j < ${lay.red}; j = j + ${WG})`);
  const v = x.emit(k, lay.ix(k, "o", "j"));
  k.line(`if (arg_better(bv, bi, ${v}, j)) { bv = ${v}; bi = j; }`);
  k.close();
  k.line(`shv[lid] = bv;`);
  k.line(`shi[lid] = bi;`);
  k.line(`workgroupBarrier();`);
  k.open(`for (var s = ${WG / 2}u; s > 0u; s = s >> 1u)`);
  k.open(`if (lid < s && arg_better(shv[lid], shi[lid], shv[lid + s], shi[lid + s]))`);
  k.line(`shv[lid] = shv[lid + s];`);
  k.line(`shi[lid] = shi[lid + s];`);
  k.close();
  k.line(`workgroupBarrier();`);
  k.close();
  k.line(`if (lid == 0u) { ${k.store(k.output(outSlot, od, lay.outer), "o", `${OT}(shi[0])`)} }`);
  k.line(`workgroupBarrier();`);
  k.close();
  pc.steps.push({
    op: "kernel",
    kernel: k.assemble(k.takeBody(), WG, null, name, grid(pc.limits, lay.outer)),
  });
}

/** Plans a cumulative op: one thread per line, in order (the CPU's exact rounding sequence). */
export function planCumulative(
  pc: PlanCtx,
  name: string,
  x: Node,
  params: Params,
  _out: ShapedArray,
  outSlot: number,
): void {
  const axis = params.axis as number;
  const reverse = params.reverse === true;
  const d = x.dtype;
  const T = wgslType(d);
  const n = x.shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < x.shape.length; i++) inner *= x.shape[i];
  const lines = n === 0 ? 0 : x.size / n;
  if (lines === 0) return;
  const k = new KB(pc.limits);
  const outP = k.output(outSlot, d, x.size);
  k.line(`let base = (i / ${inner}) * ${n * inner} + (i % ${inner});`);
  k.line(`var acc: ${T};`);
  k.open(`for (var t = 0; t < ${n}; t = t + 1)`);
  k.line(`let kk = ${reverse ? `${n - 1} - t` : "t"};`);
  k.line(`let at = base + kk * ${inner};`);
  const v = x.emit(k, Ix.flat(x.shape, "at"));
  let comb: string;
  switch (name) {
    case "cumsum":
      comb = `acc + ${v}`;
      break;
    case "cumprod":
      comb = `acc * ${v}`;
      break;
    case "cummax":
      comb = MONOIDS.reduce_max.combine(k, "acc", v, d);
      break;
    case "cummin":
      comb = MONOIDS.reduce_min.combine(k, "acc", v, d);
      break;
    default: // cumlogsumexp
      // logaddexp as the CPU computes it: max + log1p(exp(-|a - v|)), infinite max returned.
      k.need("f_max");
      k.need("f_exp");
      k.need("f_log1p");
      k.need("f_isinf");
      comb = `f_logaddexp(acc, ${v})`;
      k.define(
        "f_logaddexp",
        `fn f_logaddexp(a: f32, v: f32) -> f32 {
  let m = f_max(a, v);
  if (f_isinf(m)) { return m; }
  return m + f_log1p(f_exp(-abs(a - v)));
}`,
      );
  }
  k.line(`if (t == 0) { acc = ${v}; } else { acc = ${comb}; }`);
  k.line(k.store(outP, "at", "acc"));
  k.close();
  pc.steps.push({ op: "kernel", kernel: k.assemble(k.takeBody(), 64, lines, name) });
}

/** A reduction over no axes is a copy (through the epilogue). */
export function planCopy(pc: PlanCtx, x: Node, outSlot: number): void {
  if (x.size === 0) return;
  pc.steps.push({
    op: "kernel",
    kernel: elementwiseKernel(pc.limits, [{ node: x, slot: outSlot }], "copy"),
  });
}
