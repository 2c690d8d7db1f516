/**
 * exp.ts's float64 exp as WebAssembly SIMD (for loops.ts): four float32 lanes are widened to two
 * f64x2 pairs, run through exactly the float64 operations of expF64 in the same order (so results
 * equal the JavaScript function's bit for bit), and narrowed back with float32 rounding.
 */

import type { FuncBuilder, Local } from "./emitter.ts";
import { EXP_HI, EXP_INV, EXP_LO, EXP_MAX, EXP_MIN, EXP_POLY, EXP_SHIFT } from "../exp.ts";
import { wasmRuntime } from "./runtime.ts";
import { javaScriptCore } from "./engine.ts";

/**
 * Where the constants live. V8 keeps splats made once before the loops in registers (or folds
 * them into memory operands). JavaScriptCore keeps them in registers too, and with the ~15 of
 * them there the exp's temporaries spill to the stack and back at every step; loading each
 * constant from the runtime's constant pool where it is used leaves the registers to the
 * temporaries (measured on Bun, jitted exp(2a+1).sum() over 1e6: 1.35 vs 1.8 ms; on Deno the
 * loads are ~3% slower than the registers, so it keeps them).
 */
const CONSTANTS_IN_MEMORY = javaScriptCore;

export interface ExpTemps {
  x: Local;
  k: Local;
  r: Local;
  p: Local;
  idx: Local;
  lo: Local;
  /** Pushes a float32x4 splat of v (for the range test). */
  f32: (v: number) => FuncBuilder;
  /** Pushes a float64x2 splat of v. */
  f64: (v: number) => FuncBuilder;
}

/** Exp's temporaries and its constants (splatted once at the start of the function, on V8). */
export function makeExpTemps(f: FuncBuilder): ExpTemps {
  const temps = {
    x: f.local("v128"),
    k: f.local("v128"),
    r: f.local("v128"),
    p: f.local("v128"),
    idx: f.local("v128"),
    lo: f.local("v128"),
  };
  if (CONSTANTS_IN_MEMORY) {
    const rt = wasmRuntime()!;
    return {
      ...temps,
      f32: (v) => f.i32Const(0).v128Load(rt.splat("f32", v)),
      f64: (v) => f.i32Const(0).v128Load(rt.splat("f64", v)),
    };
  }
  const c64 = new Map<number, Local>(), c32 = new Map<number, Local>();
  const consts = [EXP_MAX - 2 ** -40, EXP_MIN, EXP_INV, EXP_SHIFT, EXP_HI, EXP_LO, ...EXP_POLY];
  for (const v of [...consts, Infinity, EXP_MAX, 0]) {
    if (c64.has(v)) continue;
    const l = f.local("v128");
    f.f64Const(v).f64x2Splat().set(l);
    c64.set(v, l);
  }
  for (const v of [EXP_MIN, EXP_MAX]) {
    const l = f.local("v128");
    f.f32Const(v).f32x4Splat().set(l);
    c32.set(v, l);
  }
  return { ...temps, f32: (v) => f.get(c32.get(v)!), f64: (v) => f.get(c64.get(v)!) };
}

/**
 * Leaves exp of the four float32 lanes of v on the stack (float32x4). When every lane is in
 * [EXP_MIN, EXP_MAX) — the usual case — the range clamp and the special-value fix-ups are skipped
 * (they would not change those lanes).
 */
export function expF32x4(f: FuncBuilder, v: Local, t: ExpTemps): void {
  f.get(v);
  t.f32(EXP_MIN).simdOp("f32x4.ge").get(v);
  t.f32(EXP_MAX).simdOp("f32x4.lt").simdOp("v128.and").simdOp("i32x4.all_true");
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
  // [lo0, lo1, hi0, hi1]: hi's low 64 bits moved into lo's high half as one float64 lane (a
  // move, never arithmetic, so the bits pass unchanged; JavaScriptCore makes the equivalent
  // two-operand byte shuffle two pshufb and an or, with two mask registers).
  f.set(t.idx).get(t.lo).get(t.idx).f64x2ExtractLane(0).f64x2ReplaceLane(1);
}

/** exp.ts's expF64 on an f64x2 from the stack; leaves the f64x2 result on the stack. */
function expF64x2(f: FuncBuilder, t: ExpTemps, special: boolean): void {
  const rt = wasmRuntime()!;
  const splat = t.f64;
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
  // 2^(k/64) from the table, lane by lane: the low word of t is the index. (Extracted and
  // shifted as scalars: JavaScriptCore turns a vector shift by a constant, load64_zero and
  // load64_lane into several instructions each.)
  f.get(t.idx).i32x4ExtractLane(0).i32Const(3).i32Shl().f64Load(rt.expTable).f64x2Splat();
  f.get(t.idx).i32x4ExtractLane(2).i32Const(3).i32Shl().f64Load(rt.expTable).f64x2ReplaceLane(1);
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
