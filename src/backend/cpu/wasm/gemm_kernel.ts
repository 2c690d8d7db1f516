/**
 * The float32 matrix-multiply kernels, assembled with the emitter: a register-blocked MR×NR
 * micro-kernel (MR values of A broadcast against NR/4 vectors of B into MR·NR/4 accumulators),
 * the packing routines, and the cache-blocked loop nest around them (BLIS's order: K in chunks of
 * KC, rows in blocks of MC, then NR-column micro-panels of B, then MR-row micro-panels of A).
 *
 * Numerics: every output element is accumulated in float32, one product at a time, in order of
 * increasing k — `c = f32(c + f32(a·b))`, exactly the naive float32 loop. Blocking, packing and
 * the split across threads change which element is computed when, never the order of one
 * element's sum, so results do not depend on the tiling or on the number of threads.
 *
 * Memory layouts (byte addresses into the module's memory; floats, row-major):
 * - A: M×K with row stride `lda4` bytes, as given.
 * - Bp (packed B): ⌈N/NR⌉ panels, each K×NR contiguous (`bp + (p·K + k)·NR·4`), zero-padded
 *   past column N.
 * - Ap (packed A block, one per thread): ⌈mc/MR⌉ panels, each kc×MR contiguous; rows past the
 *   block are zero.
 * - C: rows rounded up to a multiple of MR, row stride `ldc4` bytes ≥ ⌈N/NR⌉·NR·4; the padding
 *   is written (with zeros' products) and ignored by the caller.
 */

import { type FuncBuilder, type Local, ModuleBuilder } from "./emitter.ts";
import { javaScriptCore } from "./engine.ts";

export interface GemmShape {
  /** Rows of the micro-tile (A values broadcast per k). */
  mr: number;
  /** Columns of the micro-tile, a multiple of 4 (one v128 per 4 columns). */
  nr: number;
  /** Depth of a K chunk (A block and B micro-panel height). */
  kc: number;
  /** Rows per A block, a multiple of mr. */
  mc: number;
  /** k-steps per iteration of the micro-kernel's unrolled loop. */
  unroll: number;
  /** Use relaxed SIMD's multiply-add (fused where the hardware has FMA). */
  fma?: boolean;
  /** Packed A holds each value splatted to a whole v128 (plain loads in the micro-kernel). */
  splatA?: boolean;
}

/** Bytes of packed A per value. */
const aBytes = (s: GemmShape) => (s.splatA ? 16 : 4);

/** Bytes of one packed MC×KC block of A (a thread's packing buffer). */
export const packedABytes = (s: GemmShape): number => s.mc * s.kc * aBytes(s);

/**
 * The tilings. 4×8 (8 accumulators + 2 B vectors + 1 broadcast = 11 of x64's 16 XMM registers;
 * V8 keeps one as scratch) suits small products; on large ones V8 runs 6×8 (12 + 2 + 1, B loaded
 * a third less often per flop) ~7% faster (measured 1024³, one thread: 6×8 62, 4×8 57, 2×16 57
 * GFLOP/s). KC·NR·4 ≤ 16 KiB keeps a B micro-panel in L1 while MC/MR A micro-panels (MC·KC·4 ≤
 * 64 KiB, L2) stream past it.
 *
 * JavaScriptCore (Bun) makes a load32_splat at a non-zero offset a scalar load and a register
 * splat, which takes a slot of the FP pipes that its unfused multiplies and adds keep busy (one
 * thread: 2×16 54, 6×8 46, 4×8 46 GFLOP/s). Packing A pre-splatted (16 bytes per value) turns
 * those into plain v128 loads: 2×16 57–58 on one thread, and on two threads, 1024³: 2×16 with
 * 256-deep K chunks in 64-row blocks 98, 1024 × 16 rows 102, 6×8 with 1024 × 12 rows 105 (fewer
 * micro-kernel calls and passes over C; each block of A packed once; B micro-panels come from L2
 * and L3 fast enough here). Exported as gemmRows{mr}x{nr} ("s" appended when A is pre-splatted),
 * with packB{nr}.
 */
export const GEMM_SMALL: GemmShape = { mr: 4, nr: 8, kc: 256, mc: 64, unroll: 4 };
export const GEMM_LARGE_V8: GemmShape = { mr: 6, nr: 8, kc: 256, mc: 60, unroll: 4 };
export const GEMM_LARGE_JSC: GemmShape = {
  mr: 6,
  nr: 8,
  kc: 1024,
  mc: 12,
  unroll: 1,
  splatA: true,
};
/** The large tiling of this engine. */
export const GEMM_LARGE: GemmShape = javaScriptCore ? GEMM_LARGE_JSC : GEMM_LARGE_V8;
/** The tilings the runtime's module holds (the workers name them by index). */
export const GEMM_SHAPES: GemmShape[] = [GEMM_SMALL, GEMM_LARGE];

/** The export name of a tiling's row-block function. */
export const gemmName = (s: GemmShape): string => `gemmRows${s.mr}x${s.nr}${s.splatA ? "s" : ""}`;

/** Builds the module; exports packB{nr}, gemmRows{mr}x{nr} and dots (see below). */
export function buildGemmModule(
  fma: boolean,
  memory: { initial: number; maximum: number; shared: boolean },
  shapes: GemmShape[] = GEMM_SHAPES,
): Uint8Array {
  const mod = new ModuleBuilder(memory);
  for (const base of shapes) {
    const shape = { ...base, fma };
    const micro = emitMicro(mod, shape);
    const packA = emitPackA(mod, shape);
    emitGemmRows(mod, shape, mod.indexOf(micro), mod.indexOf(packA));
  }
  for (const nr of new Set(shapes.map((s) => s.nr))) emitPackB(mod, nr);
  emitDots(mod);
  return mod.encode();
}

/** A counted loop `for (i = from; i < end; i += step)` (end read each iteration). */
function forLoop(
  f: FuncBuilder,
  i: Local,
  from: () => void,
  end: () => void,
  step: number | Local,
  body: () => void,
): void {
  from();
  f.set(i);
  f.block(() =>
    f.loop(() => {
      f.get(i);
      end();
      f.i32GeS().brIf(1);
      body();
      f.get(i);
      if (typeof step === "number") f.i32Const(step);
      else f.get(step);
      f.i32Add().set(i).br(0);
    })
  );
}

/**
 * micro(pa, pb, pc, kc, ldc4, acc): the MR×NR tile of C at pc (+)= Ap panel · Bp micro-panel
 * over kc steps. With acc = 0 the accumulators start at zero, else from C.
 */
function emitMicro(mod: ModuleBuilder, shape: GemmShape): FuncBuilder {
  const { mr, nr, unroll, fma } = shape;
  const ab = aBytes(shape);
  const f = mod.func(`micro${mr}x${nr}`, ["i32", "i32", "i32", "i32", "i32", "i32"], [], false);
  const [pa, pb, pc, kc, ldc, acc] = f.params;
  const nv = nr / 4;
  const c: Local[][] = [];
  for (let r = 0; r < mr; r++) {
    c.push([]);
    for (let v = 0; v < nv; v++) c[r].push(f.local("v128"));
  }
  const b: Local[] = [];
  for (let v = 0; v < nv; v++) b.push(f.local("v128"));
  const a = f.local("v128");
  const row = f.local("i32");
  const k = f.local("i32");
  f.get(acc).if(() => {
    f.get(pc).set(row);
    for (let r = 0; r < mr; r++) {
      for (let v = 0; v < nv; v++) f.get(row).v128Load(v * 16).set(c[r][v]);
      if (r < mr - 1) f.get(row).get(ldc).i32Add().set(row);
    }
  }, () => {
    for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) f.v128Const0().set(c[r][v]);
  });
  // One k step: NR values of B, each A value broadcast, multiply then add (no FMA, so results
  // are the same on every engine).
  const step = (aOff: number, bOff: number) => {
    for (let v = 0; v < nv; v++) f.get(pb).v128Load(bOff + v * 16).set(b[v]);
    for (let r = 0; r < mr; r++) {
      if (ab === 16) f.get(pa).v128Load(aOff + r * 16).set(a);
      else f.get(pa).v128Load32Splat(aOff + r * 4).set(a);
      for (let v = 0; v < nv; v++) {
        if (fma) f.get(a).get(b[v]).get(c[r][v]).f32x4RelaxedMadd().set(c[r][v]);
        else f.get(c[r][v]).get(a).get(b[v]).f32x4Mul().f32x4Add().set(c[r][v]);
      }
    }
  };
  f.i32Const(0).set(k);
  f.block(() =>
    f.loop(() => {
      f.get(k).i32Const(unroll).i32Add().get(kc).i32GtS().brIf(1);
      for (let u = 0; u < unroll; u++) step(u * mr * ab, u * nr * 4);
      f.get(pa).i32Const(unroll * mr * ab).i32Add().set(pa);
      f.get(pb).i32Const(unroll * nr * 4).i32Add().set(pb);
      f.get(k).i32Const(unroll).i32Add().set(k);
      f.br(0);
    })
  );
  f.block(() =>
    f.loop(() => {
      f.get(k).get(kc).i32GeS().brIf(1);
      step(0, 0);
      f.get(pa).i32Const(mr * ab).i32Add().set(pa);
      f.get(pb).i32Const(nr * 4).i32Add().set(pb);
      f.get(k).i32Const(1).i32Add().set(k);
      f.br(0);
    })
  );
  f.get(pc).set(row);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) f.get(row).get(c[r][v]).v128Store(v * 16);
    if (r < mr - 1) f.get(row).get(ldc).i32Add().set(row);
  }
  return f;
}

/**
 * packA(a, lda4, mc, kc, ap): copies the mc×kc block of A at `a` (row stride lda4 bytes) into
 * MR-row panels, each kc×MR contiguous; rows past mc are zero.
 */
function emitPackA(mod: ModuleBuilder, shape: GemmShape): FuncBuilder {
  const { mr, nr } = shape;
  const ab = aBytes(shape);
  const f = mod.func(`packA${mr}x${nr}`, ["i32", "i32", "i32", "i32", "i32"], [], false);
  const [a, lda4, mc, kc, ap] = f.params;
  const ir = f.local("i32"), rows = f.local("i32"), kk = f.local("i32");
  const src = f.local("i32"), t = f.local("i32");
  // Stores the f32 on the stack (address below it) as packed value r.
  const store = (r: number) => {
    if (ab === 16) f.f32x4Splat().v128Store(r * 16);
    else f.f32Store(r * 4);
  };
  forLoop(f, ir, () => f.i32Const(0), () => f.get(mc), mr, () => {
    f.get(mc).get(ir).i32Sub().set(rows);
    f.get(a).get(ir).get(lda4).i32Mul().i32Add().set(src);
    f.get(rows).i32Const(mr).i32GeS().if(() => {
      // A full panel: no bounds checks.
      forLoop(f, kk, () => f.i32Const(0), () => f.get(kc), 1, () => {
        f.get(src).get(kk).i32Const(2).i32Shl().i32Add().set(t);
        for (let r = 0; r < mr; r++) {
          f.get(ap).get(t).f32Load();
          store(r);
          if (r < mr - 1) f.get(t).get(lda4).i32Add().set(t);
        }
        f.get(ap).i32Const(mr * ab).i32Add().set(ap);
      });
    }, () => {
      forLoop(f, kk, () => f.i32Const(0), () => f.get(kc), 1, () => {
        f.get(src).get(kk).i32Const(2).i32Shl().i32Add().set(t);
        for (let r = 0; r < mr; r++) {
          f.get(ap);
          f.i32Const(r).get(rows).i32LtS().ifValue(
            "f32",
            () => f.get(t).f32Load(),
            () => f.f32Const(0),
          );
          store(r);
          if (r < mr - 1) f.get(t).get(lda4).i32Add().set(t);
        }
        f.get(ap).i32Const(mr * ab).i32Add().set(ap);
      });
    });
  });
  return f;
}

/**
 * packB(b, ldb4, k, n, bp, p0, p1): copies panels [p0, p1) of the k×n matrix B (row stride
 * ldb4 bytes) into NR-column panels, each k×NR contiguous; columns past n are zero.
 */
function emitPackB(mod: ModuleBuilder, nr: number): FuncBuilder {
  const f = mod.func(`packB${nr}`, ["i32", "i32", "i32", "i32", "i32", "i32", "i32"]);
  const [b, ldb4, k, n, bp, p0, p1] = f.params;
  const j = f.local("i32"), cols = f.local("i32"), kk = f.local("i32");
  const src = f.local("i32"), jEnd = f.local("i32");
  // Panels [p0, p1): columns [p0·NR, min(n, p1·NR)), written from bp + p0·k·NR·4.
  f.get(p1).i32Const(nr).i32Mul().set(jEnd);
  f.get(jEnd).get(n).i32GtS().if(() => f.get(n).set(jEnd));
  f.get(bp).get(p0).get(k).i32Mul().i32Const(nr * 4).i32Mul().i32Add().set(bp);
  forLoop(f, j, () => f.get(p0).i32Const(nr).i32Mul(), () => f.get(jEnd), nr, () => {
    f.get(n).get(j).i32Sub().set(cols);
    f.get(b).get(j).i32Const(2).i32Shl().i32Add().set(src);
    f.get(cols).i32Const(nr).i32GeS().if(() => {
      forLoop(f, kk, () => f.i32Const(0), () => f.get(k), 1, () => {
        for (let v = 0; v < nr / 4; v++) f.get(bp).get(src).v128Load(v * 16).v128Store(v * 16);
        f.get(src).get(ldb4).i32Add().set(src);
        f.get(bp).i32Const(nr * 4).i32Add().set(bp);
      });
    }, () => {
      forLoop(f, kk, () => f.i32Const(0), () => f.get(k), 1, () => {
        for (let c = 0; c < nr; c++) {
          f.get(bp);
          f.i32Const(c).get(cols).i32LtS().ifValue(
            "f32",
            () => f.get(src).f32Load(c * 4),
            () => f.f32Const(0),
          );
          f.f32Store(c * 4);
        }
        f.get(src).get(ldb4).i32Add().set(src);
        f.get(bp).i32Const(nr * 4).i32Add().set(bp);
      });
    });
  });
  return f;
}

/**
 * gemmRows(a, lda4, bp, c, ldc4, m0, m1, p0, p1, K, ap): rows [m0, m1) and column panels
 * [p0, p1) of C = A·B (B packed). m0 is a multiple of MR (tasks split rows at MC boundaries), so
 * the padding rows a task writes belong to no other task; `ap` is the thread's packing buffer.
 */
function emitGemmRows(
  mod: ModuleBuilder,
  shape: GemmShape,
  micro: number,
  packA: number,
): FuncBuilder {
  const { mr, nr, kc: KC, mc: MC } = shape;
  const f = mod.func(gemmName(shape), new Array(11).fill("i32"));
  const [a, lda4, bp, c, ldc4, m0, m1, p0, p1, K, ap] = f.params;
  const pc = f.local("i32"), kc = f.local("i32"), ic = f.local("i32"), mc = f.local("i32");
  const p = f.local("i32"), bpan = f.local("i32"), cptr = f.local("i32"), apan = f.local("i32");
  const ir = f.local("i32"), panelBytes = f.local("i32"), ldcMr = f.local("i32");
  f.get(ldc4).i32Const(mr).i32Mul().set(ldcMr);
  forLoop(f, pc, () => f.i32Const(0), () => f.get(K), KC, () => {
    // kc = min(KC, K - pc)
    f.get(K).get(pc).i32Sub().set(kc);
    f.get(kc).i32Const(KC).i32GtS().if(() => f.i32Const(KC).set(kc));
    f.get(kc).i32Const(mr * aBytes(shape)).i32Mul().set(panelBytes);
    forLoop(f, ic, () => f.get(m0), () => f.get(m1), MC, () => {
      f.get(m1).get(ic).i32Sub().set(mc);
      f.get(mc).i32Const(MC).i32GtS().if(() => f.i32Const(MC).set(mc));
      // packA(a + ic·lda4 + pc·4, lda4, mc, kc, ap)
      f.get(a).get(ic).get(lda4).i32Mul().i32Add().get(pc).i32Const(2).i32Shl().i32Add();
      f.get(lda4).get(mc).get(kc).get(ap).call(packA);
      forLoop(f, p, () => f.get(p0), () => f.get(p1), 1, () => {
        // bpan = bp + (p·K + pc)·NR·4; cptr = c + ic·ldc4 + p·NR·4
        f.get(bp).get(p).get(K).i32Mul().get(pc).i32Add().i32Const(nr * 4).i32Mul().i32Add()
          .set(bpan);
        f.get(c).get(ic).get(ldc4).i32Mul().i32Add().get(p).i32Const(nr * 4).i32Mul().i32Add()
          .set(cptr);
        f.get(ap).set(apan);
        forLoop(f, ir, () => f.i32Const(0), () => f.get(mc), mr, () => {
          f.get(apan).get(bpan).get(cptr).get(kc).get(ldc4).get(pc).call(micro);
          f.get(apan).get(panelBytes).i32Add().set(apan);
          f.get(cptr).get(ldcMr).i32Add().set(cptr);
        });
      });
    });
  });
  return f;
}

/**
 * dots(a, b, out, n, K, bStride4): out[i] = Σ_k a[i·K + k]·b[k] with b advancing bStride4 bytes
 * per i (K·4 for row-wise dots, 0 for a matrix-vector product). Float32 accumulation in eight
 * lanes (two vectors, so consecutive adds are independent): lane j sums the products k ≡ j
 * (mod 8) in order; the lanes are then added pairwise ((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7)) and the
 * K mod 8 tail products are added last, in order.
 */
function emitDots(mod: ModuleBuilder): FuncBuilder {
  const f = mod.func("dots", ["i32", "i32", "i32", "i32", "i32", "i32"]);
  const [a, b, out, n, K, bStride] = f.params;
  const i = f.local("i32"), k = f.local("i32"), pa = f.local("i32"), pb = f.local("i32");
  const s0 = f.local("v128"), s1 = f.local("v128"), s = f.local("v128");
  const acc = f.local("f32"), k8 = f.local("i32");
  f.get(K).i32Const(-8).i32And().set(k8);
  forLoop(f, i, () => f.i32Const(0), () => f.get(n), 1, () => {
    f.get(a).get(i).get(K).i32Mul().i32Const(2).i32Shl().i32Add().set(pa);
    f.get(b).get(i).get(bStride).i32Mul().i32Add().set(pb);
    f.v128Const0().set(s0);
    f.v128Const0().set(s1);
    forLoop(f, k, () => f.i32Const(0), () => f.get(k8), 8, () => {
      f.get(s0).get(pa).v128Load(0).get(pb).v128Load(0).f32x4Mul().f32x4Add().set(s0);
      f.get(s1).get(pa).v128Load(16).get(pb).v128Load(16).f32x4Mul().f32x4Add().set(s1);
      f.get(pa).i32Const(32).i32Add().set(pa);
      f.get(pb).i32Const(32).i32Add().set(pb);
    });
    // s = s0 + s1 = (l0+l4, l1+l5, l2+l6, l3+l7); then (s.0 + s.2) + (s.1 + s.3).
    f.get(s0).get(s1).f32x4Add().set(s);
    f.get(s).f32x4ExtractLane(0).get(s).f32x4ExtractLane(2).f32Add();
    f.get(s).f32x4ExtractLane(1).get(s).f32x4ExtractLane(3).f32Add();
    f.f32Add().set(acc);
    forLoop(f, k, () => f.get(k8), () => f.get(K), 1, () => {
      f.get(acc).get(pa).f32Load().get(pb).f32Load().f32Mul().f32Add().set(acc);
      f.get(pa).i32Const(4).i32Add().set(pa);
      f.get(pb).i32Const(4).i32Add().set(pb);
    });
    f.get(out).get(i).i32Const(2).i32Shl().i32Add().get(acc).f32Store();
  });
  return f;
}
