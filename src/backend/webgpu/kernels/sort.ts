/**
 * sort: several operands permuted together along one axis, ordered lexicographically by the
 * first num_keys and stably (the element index is the last key), in the CPU backend's order:
 * floats canonicalized (-0 ties +0, NaNs tie and sort after +inf), ints signed or unsigned.
 *
 * 1. A kernel maps each key element to a u32 rank whose unsigned order is the key order.
 * 2. Each line gets its sorting permutation:
 *    - lines up to 2048 long: every element counts the elements that sort before it (a
 *      comparison per pair, one kernel, no synchronization) and writes its index there;
 *    - longer lines: a bitonic network over the permutation padded to a power of two, one
 *      dispatch per stage; the stage (k, j) comes from a small table bound at an aligned
 *      offset, so all stages share one pipeline.
 * 3. One kernel gathers every operand through the permutation.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import { KernelBuilder } from "../codegen.ts";
import { CustomNode, InputNode, Ix, type Node } from "../graph.ts";
import type { PlanCtx } from "../plan.ts";
import { elementwiseKernel } from "./elementwise.ts";

const RANK_MAX = 2048;

/** The u32 rank of a key element (see the CPU backend's floatRank). */
function rankExpr(k: KernelBuilder, v: string, dtype: string): string {
  if (dtype === "float32") {
    k.define(
      "sort_rank_f32",
      `fn sort_rank_f32(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) > 0x7f800000u) { return 0xffc00000u; }
  if ((b & 0x7fffffffu) == 0u) { return 0x80000000u; }
  if ((b & 0x80000000u) != 0u) { return ~b; }
  return b | 0x80000000u;
}`,
    );
    return `sort_rank_f32(${v})`;
  }
  if (dtype === "int32") return `(bitcast<u32>(${v}) ^ 0x80000000u)`;
  return v;
}

export function planSort(
  pc: PlanCtx,
  ins: Node[],
  params: Params,
  inAvals: ShapedArray[],
  outSlots: number[],
): void {
  const dim = params.dimension as number;
  const numKeys = params.num_keys as number;
  const shape = inAvals[0].shape;
  const size = inAvals[0].size;
  if (size === 0) return;
  const n = shape[dim];
  let inner = 1;
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d];
  const lines = size / n;
  // flat(line, t) for line = outer·inner + in.
  const flatOf = (line: string, t: string) =>
    inner === 1
      ? `(${line} * ${n} + ${t})`
      : `((${line} / ${inner}) * ${n * inner} + ${t} * ${inner} + ${line} % ${inner})`;

  // 1. Ranks of the keys (one buffer per key, operand layout).
  const rankSlots = ins.slice(0, numKeys).map(() => pc.temp(size * 4));
  {
    const outs = ins.slice(0, numKeys).map((x, j) => ({
      node: new CustomNode(
        "sort_rank",
        [x],
        x.shape,
        "uint32",
        (k, ix, [xx]) => rankExpr(k, xx.emit(k, ix), xx.dtype),
      ),
      slot: rankSlots[j],
    }));
    pc.steps.push({ op: "kernel", kernel: elementwiseKernel(pc.limits, outs, "sort_rank") });
  }
  // less(line, a, b): element a sorts before element b (indices ≥ n are +inf padding).
  const defineLess = (k: KernelBuilder) => {
    const rs = rankSlots.map((s) => k.input(s, "uint32", size));
    const cmp = rs.map((r) =>
      `  ra = ${k.load(r, flatOf("line", "a"))};\n  rb = ${k.load(r, flatOf("line", "b"))};\n` +
      `  if (ra != rb) { return ra < rb; }`
    ).join("\n");
    k.define(
      "sort_less",
      `fn sort_less(line: i32, a: i32, b: i32) -> bool {\n  if (a >= ${n}) { return false; }\n` +
        `  if (b >= ${n}) { return true; }\n  var ra: u32;\n  var rb: u32;\n${cmp}\n  return a < b;\n}`,
    );
  };
  const P = n <= RANK_MAX ? n : 2 ** Math.ceil(Math.log2(n));
  const permSlot = pc.temp(lines * P * 4);
  if (n <= RANK_MAX) {
    // 2a. Rank counting: position of element t = number of elements that sort before it.
    const k = new KernelBuilder(pc.limits);
    defineLess(k);
    const perm = k.output(permSlot, "int32", lines * n);
    k.line(`let line = i / ${n};`);
    k.line(`let t = i % ${n};`);
    k.line(`var pos = 0;`);
    k.open(`for (var s = 0; s < ${n}; s = s + 1)`);
    k.line(`if (sort_less(line, s, t)) { pos = pos + 1; }`);
    k.close();
    k.line(k.store(perm, `line * ${n} + pos`, "t"));
    pc.steps.push({ op: "kernel", kernel: k.assemble(k.takeBody(), 64, lines * n, "sort_count") });
  } else {
    planBitonic(pc, defineLess, permSlot, lines, n);
  }
  // 3. Gather every operand through the permutation.
  const perm = new InputNode(permSlot, [lines * P], "int32");
  const outs = ins.map((x, j) => ({
    node: new CustomNode("sort_gather", [x, perm], x.shape, x.dtype, (k, ix, [xx, pp]) => {
      const f = ix.flat(k);
      const line = inner === 1
        ? `(${f} / ${n})`
        : `((${f} / ${n * inner}) * ${inner} + ${f} % ${inner})`;
      const t = inner === 1 ? `(${f} % ${n})` : `((${f} / ${inner}) % ${n})`;
      const l = k.let(line, "i32");
      const src = pp.emit(k, Ix.flat(pp.shape, `(${l} * ${P} + ${t})`));
      return xx.emit(k, Ix.flat(xx.shape, flatOf(l, src)));
    }),
    slot: outSlots[j],
  }));
  pc.steps.push({ op: "kernel", kernel: elementwiseKernel(pc.limits, outs, "sort_gather") });
  pc.free(permSlot);
  for (const s of rankSlots) pc.free(s);
}

/** Bitonic sort of each line's permutation (padded to a power of two), one stage per dispatch. */
function planBitonic(
  pc: PlanCtx,
  defineLess: (k: KernelBuilder) => void,
  permSlot: number,
  lines: number,
  n: number,
): void {
  const P = 2 ** Math.ceil(Math.log2(n));
  // Initialise the permutation (identity, padding included).
  {
    const k = new KernelBuilder(pc.limits);
    const perm = k.output(permSlot, "int32", lines * P);
    k.line(k.store(perm, "i", `i % ${P}`));
    pc.steps.push({ op: "kernel", kernel: k.assemble(k.takeBody(), 256, lines * P, "sort_init") });
  }
  const stages: [number, number][] = [];
  for (let kk = 2; kk <= P; kk *= 2) for (let j = kk / 2; j >= 1; j /= 2) stages.push([kk, j]);
  // The stage table: entry s at byte offset s·align (bound per dispatch at that offset).
  const align = Math.max(pc.limits.offsetAlign, 16) / 4;
  const table = new Int32Array(stages.length * align);
  stages.forEach(([kk, j], s) => {
    table[s * align] = kk;
    table[s * align + 1] = j;
  });
  const tableSlot = pc.constant(table);
  const k = new KernelBuilder(pc.limits);
  defineLess(k);
  const perm = k.output(permSlot, "int32", lines * P);
  const st = k.input(tableSlot, "int32", 2);
  k.line(`let kk = ${k.load(st, "0")};`);
  k.line(`let j = ${k.load(st, "1")};`);
  k.line(`let line = i / ${P / 2};`);
  k.line(`let q = i % ${P / 2};`);
  k.line(`let a = (q / j) * 2 * j + q % j;`);
  k.line(`let b = a + j;`);
  k.line(`let base = line * ${P};`);
  k.line(`let pa = ${k.load(perm, "base + a")};`);
  k.line(`let pb = ${k.load(perm, "base + b")};`);
  k.line(`let up = (a & kk) == 0;`);
  k.open(`if (sort_less(line, pb, pa) == up && pa != pb)`);
  k.line(k.store(perm, "base + a", "pb"));
  k.line(k.store(perm, "base + b", "pa"));
  k.close();
  const kernel = k.assemble(k.takeBody(), 256, lines * (P / 2), "sort_stage");
  stages.forEach((_, s) => {
    const params = kernel.params.map((
      p,
    ) => (p.slot === tableSlot ? { ...p, byteOffset: s * align * 4 } : p));
    pc.steps.push({ op: "kernel", kernel: { ...kernel, params } });
  });
  pc.free(tableSlot);
}
