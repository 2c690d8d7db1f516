/**
 * dot_general as a batched matmul out[b, m, n] = Σ_k A[b, m, k]·B[b, k, n], where A and B read
 * the operands (through their nodes: transposes, converts and other prologue ops fold into the
 * loads) with batch, free and contracting axes flattened.
 *
 * Large products on a hardware GPU use a tiled kernel: a 256-thread workgroup computes a 64×64
 * output tile, each thread a 4×4 block, staging 64×16 tiles of A and B in workgroup memory. On a
 * software adapter each thread computes a 4×4 block straight from the operands (vec4
 * accumulators; see GpuLimits.workgroupMatmul for why). Products with few
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

/** Sums start at +0, so a float dot is never -0 (compilers fold the first `0 + x` to x). */
function plusZero(k: KernelBuilder, v: string, ad: DType): string {
  if (ad !== "float32") return v;
  k.need("f_plus_zero");
  return `f_plus_zero(${v})`;
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
  if (!pc.limits.workgroupMatmul) return planDotRegister(pc, g, lhs, rhs, ad, out, outSlot, epi);
  const T = wgslType(ad);
  const V = `vec4<${T}>`;
  const zero = wgslLiteral(0, ad);
  const k = new KB(pc.limits);
  // Tiles: As[k][m/4] and Bs[k][n/4] as vec4s (16 × 16 each); a thread owns a 4×4 block.
  k.declare(
    `var<workgroup> As: array<${V}, ${TK * (TM / 4)}>;\nvar<workgroup> Bs: array<${V}, ${
      TK * (TN / 4)
    }>;`,
  );
  const tilesM = Math.ceil(g.M / TM), tilesN = Math.ceil(g.N / TN);
  const tiles = g.B * tilesM * tilesN;
  const { M, N, K } = g;
  k.line(`let tx = i32(lid % 16u);`);
  k.line(`let ty = i32(lid / 16u);`);
  k.line(`let li = i32(lid);`);
  k.open(
    `for (var tile = i32(wid.y * nwg.x + wid.x); tile < ${tiles}; tile = tile + i32(nwg.x * nwg.y))`,
  );
  k.line(`let bb = tile / ${tilesM * tilesN};`);
  k.line(`let rem = tile % ${tilesM * tilesN};`);
  k.line(`let m0 = (rem / ${tilesN}) * ${TM};`);
  k.line(`let n0 = (rem % ${tilesN}) * ${TN};`);
  for (let i = 0; i < 4; i++) k.line(`var c${i} = ${V}();`);
  k.open(`for (var k0 = 0; k0 < ${K}; k0 = k0 + ${TK})`);
  // Each thread stages one vec4 of A (4 rows at one k) and one of B (4 columns at one k);
  // consecutive threads read consecutive k of A and consecutive columns of B (coalesced for
  // row-major operands).
  k.line(`let ak = k0 + li % ${TK};`);
  k.line(`let am = m0 + (li / ${TK}) * 4;`);
  k.line(`let akc = min(ak, ${K - 1});`);
  const av: string[] = [];
  for (let r = 0; r < 4; r++) {
    k.line(`let am${r} = min(am + ${r}, ${M - 1});`);
    const v = lhs.emit(k, g.a(k, "bb", `am${r}`, "akc"));
    av.push(`select(${zero}, ${v}, am + ${r} < ${M} && ak < ${K})`);
  }
  k.line(`As[(li % ${TK}) * ${TM / 4} + li / ${TK}] = ${V}(${av.join(", ")});`);
  k.line(`let bk = k0 + li / ${TN / 4};`);
  k.line(`let bn = n0 + (li % ${TN / 4}) * 4;`);
  k.line(`let bkc = min(bk, ${K - 1});`);
  const bvals: string[] = [];
  for (let c = 0; c < 4; c++) {
    k.line(`let bn${c} = min(bn + ${c}, ${N - 1});`);
    const v = rhs.emit(k, g.b(k, "bb", "bkc", `bn${c}`));
    bvals.push(`select(${zero}, ${v}, bn + ${c} < ${N} && bk < ${K})`);
  }
  k.line(`Bs[(li / ${TN / 4}) * ${TN / 4} + li % ${TN / 4}] = ${V}(${bvals.join(", ")});`);
  k.line(`workgroupBarrier();`);
  k.open(`for (var kk = 0; kk < ${TK}; kk = kk + 1)`);
  k.line(`let a = As[kk * ${TM / 4} + ty];`);
  k.line(`let b = Bs[kk * ${TN / 4} + tx];`);
  for (let r = 0; r < 4; r++) {
    const comp = "xyzw"[r];
    k.line(
      ad === "float32"
        ? `c${r} = fma(${V}(a.${comp}), b, c${r});`
        : `c${r} = c${r} + ${V}(a.${comp}) * b;`,
    );
  }
  k.close();
  k.line(`workgroupBarrier();`);
  k.close();
  const od = epi ? epi.node.dtype : out.dtype;
  const outP = k.output(outSlot, od, outs);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      k.open(`if (m0 + ty * 4 + ${i} < ${M} && n0 + tx * 4 + ${j} < ${N})`);
      const o = k.let(`(bb * ${M} + m0 + ty * 4 + ${i}) * ${N} + n0 + tx * 4 + ${j}`, "i32");
      const v = applyEpilogue(k, epi, plusZero(k, `c${i}[${j}]`, ad), out.shape, o, {
        from: ad,
        to: out.dtype,
      });
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

/** One thread per 4×4 output block, reading the operands directly (software adapters). */
function planDotRegister(
  pc: PlanCtx,
  g: DotGeom,
  lhs: Node,
  rhs: Node,
  ad: DType,
  out: ShapedArray,
  outSlot: number,
  epi?: Epilogue | null,
): void {
  const { B, M, N, K } = g;
  const T = wgslType(ad);
  const V = `vec4<${T}>`;
  const MB = Math.ceil(M / 4), NB = Math.ceil(N / 4);
  const k = new KB(pc.limits);
  k.line(`let bb = i / ${MB * NB};`);
  k.line(`let rem = i % ${MB * NB};`);
  k.line(`let m0 = (rem / ${NB}) * 4;`);
  k.line(`let n0 = (rem % ${NB}) * 4;`);
  // Rows and columns past the edge read clamped (valid) elements; their results are not stored.
  for (let i = 0; i < 4; i++) k.line(`let mi${i} = min(m0 + ${i}, ${M - 1});`);
  for (let j = 0; j < 4; j++) k.line(`let nj${j} = min(n0 + ${j}, ${N - 1});`);
  for (let i = 0; i < 4; i++) k.line(`var c${i} = ${V}();`);
  k.open(`for (var kk = 0; kk < ${K}; kk = kk + 1)`);
  const bs = [0, 1, 2, 3].map((j) => rhs.emit(k, g.b(k, "bb", "kk", `nj${j}`)));
  k.line(`let bv = ${V}(${bs.join(", ")});`);
  for (let i = 0; i < 4; i++) {
    const a = lhs.emit(k, g.a(k, "bb", `mi${i}`, "kk"));
    k.line(
      ad === "float32" ? `c${i} = fma(${V}(${a}), bv, c${i});` : `c${i} = c${i} + ${V}(${a}) * bv;`,
    );
  }
  k.close();
  const od = epi ? epi.node.dtype : out.dtype;
  const outP = k.output(outSlot, od, B * M * N);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      k.open(`if (m0 + ${i} < ${M} && n0 + ${j} < ${N})`);
      const o = k.let(`(bb * ${M} + m0 + ${i}) * ${N} + n0 + ${j}`, "i32");
      const v = applyEpilogue(k, epi, plusZero(k, `c${i}[${j}]`, ad), out.shape, o, {
        from: ad,
        to: out.dtype,
      });
      k.line(k.store(outP, o, v));
      k.close();
    }
  }
  pc.steps.push({
    op: "kernel",
    kernel: k.assemble(k.takeBody(), 64, B * MB * NB, "dot_general"),
  });
}
