/**
 * dot_general as a batched matmul out[b, m, n] = Σ_k A[b, m, k]·B[b, k, n], where A and B read
 * the operands (through their nodes: transposes, converts and other prologue ops fold into the
 * loads) with batch, free and contracting axes flattened.
 *
 * Large products use a tiled kernel: a 256-thread workgroup computes a 64×64 output tile, each
 * thread a 4×4 block, staging 64×16 tiles of A and B in workgroup memory. Products with few
 * outputs (matrix-vector, dot of vectors) become a reduction over k of the elementwise product,
 * which the reduction planner parallelizes over k. Accumulation is in the operand dtype (f32,
 * wrapping i32/u32); the CPU backend accumulates floats in f64, so float results agree within
 * rounding (tests use a relative tolerance scaled by √K).
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import type { DType } from "../../../dtype.ts";
import type { DotDimensionNumbers } from "../../../lax/prims/dot.ts";
import { grid, type KernelBuilder, KernelBuilder as KB } from "../codegen.ts";
import { CustomNode, Ix, type Node } from "../graph.ts";
import type { Epilogue, PlanCtx } from "../plan.ts";
import { wgslLiteral, wgslType } from "../wgsl_expr.ts";
import { applyEpilogue, planReduce } from "./reduce.ts";

const TM = 64, TN = 64, TK = 16, WG = 256;

interface DotGeom {
  B: number;
  M: number;
  K: number;
  N: number;
  a(k: KernelBuilder, b: string, m: string, kk: string): Ix;
  b(k: KernelBuilder, b: string, kk: string, n: string): Ix;
  /** Whether A's contracting index is innermost in memory order (for load coalescing). */
  aKInner: boolean;
  bNInner: boolean;
}

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);
const isIdentity = (xs: number[]) => xs.every((v, i) => v === i);

function geometry(lhs: Node, rhs: Node, params: Params): DotGeom {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers as DotDimensionNumbers;
  const lfree = lhs.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rfree = rhs.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  const bShape = lb.map((i) => lhs.shape[i]);
  const mShape = lfree.map((i) => lhs.shape[i]);
  const kShape = lc.map((i) => lhs.shape[i]);
  const nShape = rfree.map((i) => rhs.shape[i]);
  const B = prod(bShape), M = prod(mShape), K = prod(kShape), N = prod(nShape);
  const aFlat = isIdentity([...lb, ...lfree, ...lc]);
  const bFlatKN = isIdentity([...rb, ...rc, ...rfree]);
  const bFlatNK = isIdentity([...rb, ...rfree, ...rc]);
  const mul = (a: string, n: number) => (n === 1 ? "0" : a);
  return {
    B,
    M,
    K,
    N,
    aKInner: aFlat || lc.length === 0 || lc[lc.length - 1] === lhs.shape.length - 1,
    bNInner: bFlatKN || rfree.length === 0 || rfree[rfree.length - 1] === rhs.shape.length - 1,
    a(k, b, m, kk) {
      if (aFlat) return Ix.flat(lhs.shape, `((${mul(b, B)} * ${M} + ${m}) * ${K} + ${kk})`);
      const c = new Array<string>(lhs.shape.length);
      const bc = k.unflatten(b, bShape), mc = k.unflatten(m, mShape), kc = k.unflatten(kk, kShape);
      lb.forEach((d, i) => (c[d] = bc[i]));
      lfree.forEach((d, i) => (c[d] = mc[i]));
      lc.forEach((d, i) => (c[d] = kc[i]));
      return Ix.coords(lhs.shape, c);
    },
    b(k, b, kk, n) {
      if (bFlatKN) return Ix.flat(rhs.shape, `((${mul(b, B)} * ${K} + ${kk}) * ${N} + ${n})`);
      if (bFlatNK) return Ix.flat(rhs.shape, `((${mul(b, B)} * ${N} + ${n}) * ${K} + ${kk})`);
      const c = new Array<string>(rhs.shape.length);
      const bc = k.unflatten(b, bShape), kc = k.unflatten(kk, kShape), nc = k.unflatten(n, nShape);
      rb.forEach((d, i) => (c[d] = bc[i]));
      rc.forEach((d, i) => (c[d] = kc[i]));
      rfree.forEach((d, i) => (c[d] = nc[i]));
      return Ix.coords(rhs.shape, c);
    },
  };
}

/** The dtype products accumulate in (bool as u32: sums of 0/1 products, nonzero → true). */
function accDType(d: DType): DType {
  return d === "bool" ? "uint32" : d;
}

export function planDot(
  pc: PlanCtx,
  lhs: Node,
  rhs: Node,
  params: Params,
  out: ShapedArray,
  outSlot: number,
  epi?: Epilogue | null,
): void {
  const g = geometry(lhs, rhs, params);
  const outs = g.B * g.M * g.N;
  if (outs === 0) return;
  const ad = accDType(lhs.dtype);
  if (g.K === 0 || g.M < 16 || g.N < 16 || outs < 4096) {
    // Few outputs: a reduction over k of the products (parallel over k when K is large).
    const { M, N, K } = g;
    const prodNode = new CustomNode("dot_products", [lhs, rhs], [outs, K], ad, (k, ix, [l, r]) => {
      const [o, kk] = ix.coords(k);
      const b = g.B === 1 ? "0" : k.let(`(${o} / ${M * N})`, "i32");
      const m = M === 1 ? "0" : k.let(`((${o} / ${N}) % ${M})`, "i32");
      const n = N === 1 ? "0" : k.let(`(${o} % ${N})`, "i32");
      return `(${l.emit(k, g.a(k, b, m, kk))} * ${r.emit(k, g.b(k, b, kk, n))})`;
    });
    planReduce(pc, "reduce_sum", prodNode, [1], out, outSlot, epi, out.dtype);
    return;
  }
  const T = wgslType(ad);
  const zero = wgslLiteral(0, ad);
  const k = new KB(pc.limits);
  k.declare(
    `var<workgroup> As: array<${T}, ${TK * TM}>;\nvar<workgroup> Bs: array<${T}, ${TK * TN}>;`,
  );
  const tilesM = Math.ceil(g.M / TM), tilesN = Math.ceil(g.N / TN);
  const tiles = g.B * tilesM * tilesN;
  const { M, N, K } = g;
  k.line(`let tx = i32(lid % 16u);`);
  k.line(`let ty = i32(lid / 16u);`);
  k.open(
    `for (var tile = i32(wid.y * nwg.x + wid.x); tile < ${tiles}; tile = tile + i32(nwg.x * nwg.y))`,
  );
  k.line(`let bb = tile / ${tilesM * tilesN};`);
  k.line(`let rem = tile % ${tilesM * tilesN};`);
  k.line(`let m0 = (rem / ${tilesN}) * ${TM};`);
  k.line(`let n0 = (rem % ${tilesN}) * ${TN};`);
  for (let i = 0; i < 16; i++) k.line(`var c${i}: ${T} = ${zero};`);
  k.open(`for (var k0 = 0; k0 < ${K}; k0 = k0 + ${TK})`);
  // Stage A (64×16) and B (16×64): 1024 elements each, 4 per thread.
  k.open(`for (var e = 0; e < 4; e = e + 1)`);
  k.line(`let idx = i32(lid) + e * ${WG};`);
  if (g.aKInner) {
    k.line(`let am = idx / ${TK};`);
    k.line(`let ak = idx % ${TK};`);
  } else {
    k.line(`let am = idx % ${TM};`);
    k.line(`let ak = idx / ${TM};`);
  }
  k.line(`let gm = m0 + am;`);
  k.line(`let gk = k0 + ak;`);
  k.line(`let gmc = min(gm, ${M - 1});`);
  k.line(`let gkc = min(gk, ${K - 1});`);
  const av = lhs.emit(k, g.a(k, "bb", "gmc", "gkc"));
  k.line(`As[ak * ${TM} + am] = select(${zero}, ${av}, gm < ${M} && gk < ${K});`);
  if (g.bNInner) {
    k.line(`let bn = idx % ${TN};`);
    k.line(`let bk = idx / ${TN};`);
  } else {
    k.line(`let bn = idx / ${TK};`);
    k.line(`let bk = idx % ${TK};`);
  }
  k.line(`let gn = n0 + bn;`);
  k.line(`let gk2 = k0 + bk;`);
  k.line(`let gnc = min(gn, ${N - 1});`);
  k.line(`let gk2c = min(gk2, ${K - 1});`);
  const bv = rhs.emit(k, g.b(k, "bb", "gk2c", "gnc"));
  k.line(`Bs[bk * ${TN} + bn] = select(${zero}, ${bv}, gn < ${N} && gk2 < ${K});`);
  k.close();
  k.line(`workgroupBarrier();`);
  k.open(`for (var kk = 0; kk < ${TK}; kk = kk + 1)`);
  for (let i = 0; i < 4; i++) k.line(`let av${i} = As[kk * ${TM} + ty + ${16 * i}];`);
  for (let j = 0; j < 4; j++) k.line(`let bv${j} = Bs[kk * ${TN} + tx + ${16 * j}];`);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const c = `c${i * 4 + j}`;
      k.line(
        ad === "float32" ? `${c} = fma(av${i}, bv${j}, ${c});` : `${c} = ${c} + av${i} * bv${j};`,
      );
    }
  }
  k.close();
  k.line(`workgroupBarrier();`);
  k.close();
  const od = epi ? epi.node.dtype : out.dtype;
  const outP = k.output(outSlot, od, outs);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      k.open(`if (m0 + ty + ${16 * i} < ${M} && n0 + tx + ${16 * j} < ${N})`);
      const o = k.let(`(bb * ${M} + m0 + ty + ${16 * i}) * ${N} + n0 + tx + ${16 * j}`, "i32");
      const v = applyEpilogue(k, epi, `c${i * 4 + j}`, out.shape, o, { from: ad, to: out.dtype });
      k.line(k.store(outP, o, v));
      k.close();
    }
  }
  k.close();
  pc.steps.push({
    op: "kernel",
    kernel: k.assemble(k.takeBody(), WG, null, "dot_general", grid(pc.limits, tiles)),
  });
}
