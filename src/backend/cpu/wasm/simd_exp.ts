/**
 * exp.ts's float64 exp as WebAssembly SIMD (for loops.ts): four float32 lanes are widened to two
 * f64x2 pairs, run through exactly the float64 operations of expF64 in the same order (so results
 * equal the JavaScript function's bit for bit), and narrowed back with float32 rounding.
 */

import type { FuncBuilder, Local } from "./emitter.ts";
import { EXP_HI, EXP_INV, EXP_LO, EXP_MAX, EXP_MIN, EXP_POLY, EXP_SHIFT } from "../exp.ts";
import { wasmRuntime } from "./runtime.ts";

export interface ExpTemps {
  x: Local;
  k: Local;
  r: Local;
  p: Local;
  idx: Local;
  lo: Local;
  /** float32x4 splats of EXP_MIN and EXP_MAX (the fast path's range test). */
  min32: Local;
  max32: Local;
  /** float64x2 splats of the constants, by value (set once, before the loops). */
  c: Map<number, Local>;
}

/** Exp's temporaries and its constants, splatted once at the start of the function. */
export function makeExpTemps(f: FuncBuilder): ExpTemps {
  const c = new Map<number, Local>();
  const consts = [EXP_MAX - 2 ** -40, EXP_MIN, EXP_INV, EXP_SHIFT, EXP_HI, EXP_LO, ...EXP_POLY];
  for (const v of [...consts, Infinity, EXP_MAX, 0]) {
    if (c.has(v)) continue;
    const l = f.local("v128");
    f.f64Const(v).f64x2Splat().set(l);
    c.set(v, l);
  }
  const min32 = f.local("v128"), max32 = f.local("v128");
  f.f32Const(EXP_MIN).f32x4Splat().set(min32);
  f.f32Const(EXP_MAX).f32x4Splat().set(max32);
  return {
    x: f.local("v128"),
    k: f.local("v128"),
    r: f.local("v128"),
    p: f.local("v128"),
    idx: f.local("v128"),
    lo: f.local("v128"),
    min32,
    max32,
    c,
  };
}

/**
 * Leaves exp of the four float32 lanes of v on the stack (float32x4). When every lane is in
 * [EXP_MIN, EXP_MAX) — the usual case — the range clamp and the special-value fix-ups are skipped
 * (they would not change those lanes).
 */
export function expF32x4(f: FuncBuilder, v: Local, t: ExpTemps): void {
  f.get(v).get(t.min32).simdOp("f32x4.ge").get(v).get(t.max32).simdOp("f32x4.lt");
  f.simdOp("v128.and").simdOp("i32x4.all_true");
  f.ifValue("v128", () => expHalves(f, v, t, false), () => expHalves(f, v, t, true));
}

function expHalves(f: FuncBuilder, v: Local, t: ExpTemps, special: boolean): void {
  // Lanes 0-1 and 2-3 as float64 pairs.
  f.get(v).simdOp("f64x2.promote_low_f32x4");
  expF64x2(f, t, special);
  f.simdOp("f32x4.demote_f64x2_zero").set(t.lo);
  f.get(v).get(v).i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);
  f.simdOp("f64x2.promote_low_f32x4");
  expF64x2(f, t, special);
  f.simdOp("f32x4.demote_f64x2_zero");
  // [lo0, lo1, hi0, hi1]
  const hi = t.idx;
  f.set(hi).get(t.lo).get(hi).i8x16Shuffle([
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
  ]);
}

/** exp.ts's expF64 on an f64x2 from the stack; leaves the f64x2 result on the stack. */
function expF64x2(f: FuncBuilder, t: ExpTemps, special: boolean): void {
  const rt = wasmRuntime()!;
  const splat = (c: number) => f.get(t.c.get(c)!);
  f.set(t.x);
  if (special) {
    // Clamp (keeps the table index in range; out-of-range lanes are replaced below).
    f.get(t.x);
    splat(EXP_MAX - 2 ** -40).simdOp("f64x2.pmin");
    splat(EXP_MIN).simdOp("f64x2.pmax").set(t.r);
  } else f.get(t.x).set(t.r);
  // t = x·INV + SHIFT (k + SHIFT, rounded: its low word is the table index); k = t − SHIFT
  f.get(t.r);
  splat(EXP_INV).simdOp("f64x2.mul");
  splat(EXP_SHIFT).simdOp("f64x2.add").tee(t.idx);
  splat(EXP_SHIFT).simdOp("f64x2.sub").set(t.k);
  // r = (x − k·HI) − k·LO
  f.get(t.r).get(t.k);
  splat(EXP_HI).simdOp("f64x2.mul").simdOp("f64x2.sub");
  f.get(t.k);
  splat(EXP_LO).simdOp("f64x2.mul").simdOp("f64x2.sub").set(t.r);
  // p = Horner(r)
  splat(EXP_POLY[0]).get(t.r).simdOp("f64x2.mul");
  splat(EXP_POLY[1]).simdOp("f64x2.add");
  for (let c = 2; c < EXP_POLY.length; c++) {
    f.get(t.r).simdOp("f64x2.mul");
    splat(EXP_POLY[c]).simdOp("f64x2.add");
  }
  f.set(t.p);
  // 2^(k/64) from the table, lane by lane: the low word of t is the index.
  f.get(t.idx).i32Const(3).i32x4Shl().set(t.idx);
  f.get(t.idx).i32x4ExtractLane(0).v128Load64Zero(rt.expTable).set(t.k);
  f.get(t.idx).i32x4ExtractLane(2).get(t.k).v128Load64Lane(rt.expTable, 1);
  f.get(t.p).simdOp("f64x2.mul");
  if (!special) return;
  // x ≥ MAX → +inf; x < MIN → 0; NaN → NaN (as expF64's early returns).
  f.set(t.p);
  splat(Infinity).get(t.p).get(t.x);
  splat(EXP_MAX).simdOp("f64x2.ge").simdOp("v128.bitselect");
  f.set(t.p);
  splat(0).get(t.p).get(t.x);
  splat(EXP_MIN).simdOp("f64x2.lt").simdOp("v128.bitselect");
  f.set(t.p);
  f.get(t.x).get(t.p).get(t.x).get(t.x).simdOp("f64x2.ne").simdOp("v128.bitselect");
}
