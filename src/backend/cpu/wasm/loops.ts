/**
 * Fused loops as WebAssembly SIMD: the jit's float32 loops (codegen/plan.ts) whose every step
 * has an exact 128-bit SIMD equivalent are compiled to a module that processes four elements per
 * step, and reductions over trailing axes accumulate in a float64 scalar per output, adding the
 * elements one by one in index order — the order and precision of the JavaScript loops and the
 * eager kernels, so all three agree bit for bit:
 * - f32x4 add/sub/mul/div/sqrt round once, like Math.fround of the double result (exact for
 *   float32 operands); min/max propagate NaN and order −0 < +0, like Math.min/max; neg, abs,
 *   floor and ceil are exact;
 * - exp runs exp.ts's float64 algorithm in f64x2 lanes, operation for operation.
 *
 * Operands are copied into the module's memory (the backend's buffers are JS typed arrays) and
 * results copied out, so only loops large enough to amortise that (WASM_MIN_SIZE) are compiled.
 */

import type { Atom, Var } from "../../../core/jaxpr.ts";
import { Literal } from "../../../core/jaxpr.ts";
import { type FuncBuilder, type Local, ModuleBuilder } from "./emitter.ts";
import type { LoopPlan, ProgramPlan } from "../codegen/plan.ts";
import { EXP_HI, EXP_INV, EXP_LO, EXP_MAX, EXP_MIN, EXP_POLY, EXP_SHIFT } from "../exp.ts";
import { wasmRuntime } from "./runtime.ts";

/** Vectors per loop step (more independent work per iteration for the CPU to overlap). */
const UNROLL = 8;

/** Loops smaller than this stay JavaScript (copies and the call would cost more than they save). */
export const WASM_MIN_SIZE = 4096;

const UNARY: Record<string, string> = {
  neg: "f32x4.neg",
  abs: "f32x4.abs",
  sqrt: "f32x4.sqrt",
  floor: "f32x4.floor",
  ceil: "f32x4.ceil",
};
const BINARY: Record<string, string> = {
  add: "f32x4.add",
  sub: "f32x4.sub",
  mul: "f32x4.mul",
  div: "f32x4.div",
  max: "f32x4.max",
  min: "f32x4.min",
};
const IDENTITY = new Set(["copy", "convert_element_type", "broadcast_in_dim"]);

/** A compiled loop: `run(...buffers)` returns [materialised values…, reductions…] or null. */
export interface WasmLoop {
  /** Buffers the call takes, in order (read flat, or size-1 scalars). */
  inputs: Var[];
  /** Values it returns, in order. */
  outputs: Var[];
  run: (...buffers: Float32Array[]) => Float32Array[] | null;
}

/** Compiles `loop` if every step has a SIMD form; null otherwise. */
export function compileWasmLoop(loop: LoopPlan, plan: ProgramPlan): WasmLoop | null {
  if (loop.size < WASM_MIN_SIZE) return null;
  const rt = wasmRuntime();
  if (!rt) return null;
  // Eligibility: float32 throughout; reads flat or scalar; reductions are sums over trailing
  // axes, all with the same row length.
  let inner = loop.size;
  let reduced = false;
  for (const e of loop.eqns) {
    const name = e.primitive.name;
    if (e.outBinders[0].aval.dtype !== "float32") return null;
    for (const a of e.inputs) {
      if (a.aval.dtype !== "float32") return null;
      if (a.aval.size !== loop.size && a.aval.size !== 1) return null;
    }
    if (name === "reduce_sum") {
      const axes = [...(e.params.axes as number[])].sort((a, b) => a - b);
      if (axes.length === 0) continue;
      const x = e.inputs[0].aval;
      let rows = 1;
      const full = axes.length === x.shape.length;
      for (let d = 0; d < x.shape.length - axes.length; d++) rows *= x.shape[d];
      if (!full && axes.some((a, i) => a !== x.shape.length - axes.length + i)) return null;
      const len = loop.size / (full ? 1 : rows);
      if (reduced && len !== inner) return null;
      inner = len;
      reduced = true;
      continue;
    }
    if (
      !UNARY[name] && !BINARY[name] && !IDENTITY.has(name) && name !== "exp" && name !== "square"
    ) {
      return null;
    }
  }
  return buildLoop(loop, plan, inner);
}

function buildLoop(loop: LoopPlan, plan: ProgramPlan, inner: number): WasmLoop {
  const rt = wasmRuntime()!;
  const mod = new ModuleBuilder(rt.memoryDescriptor);
  // Inputs: external vars read by the loop (flat buffers or size-1 scalars).
  const inputs: Var[] = [];
  const isScalar: boolean[] = [];
  const outputs: Var[] = [];
  const reductions: Var[] = [];
  const seen = new Set<Var>();
  for (const e of loop.eqns) {
    for (const a of e.inputs) {
      const r = plan.root(a);
      if (r instanceof Literal || loop.produced.has(r) || seen.has(r)) continue;
      seen.add(r);
      inputs.push(r);
      isScalar.push(a.aval.size === 1 && loop.size !== 1);
    }
    const out = e.outBinders[0];
    const axes = e.params.axes as number[] | undefined;
    if (e.primitive.name === "reduce_sum" && axes && axes.length > 0) reductions.push(out);
    else if (plan.materialized.has(out)) outputs.push(out);
  }
  // run(ptrs of vector inputs…, scalars…, ptrs of outputs…, ptrs of reductions…)
  const params: ("i32" | "f32")[] = inputs.map((_, k) => (isScalar[k] ? "f32" : "i32"));
  for (let k = 0; k < outputs.length + reductions.length; k++) params.push("i32");
  const f = mod.func("run", params);
  const P = f.params;
  const inLocal = new Map<Var, Local>(inputs.map((v, k) => [v, P[k]]));
  const outPtr = outputs.map((_, k) => P[inputs.length + k]);
  const redPtr = reductions.map((_, k) => P[inputs.length + outputs.length + k]);
  const i = f.local("i32"), rowEnd = f.local("i32"), o = f.local("i32"), addr = f.local("i32");
  const accs = reductions.map(() => f.local("f64"));
  // Scalars splatted once.
  const splat = new Map<Var, Local>();
  inputs.forEach((v, k) => {
    if (!isScalar[k]) return;
    const l = f.local("v128");
    f.get(P[k]).f32x4Splat().set(l);
    splat.set(v, l);
  });
  const expTmp = makeExpTemps(f);
  const rows = loop.size / inner;
  // for (o = 0; o < rows; o++) { accs = 0; for (i = o·inner; i < rowEnd; i += 4) {…} store }
  f.i32Const(0).set(o);
  f.block(() =>
    f.loop(() => {
      f.get(o).i32Const(rows).i32GeS().brIf(1);
      for (const a of accs) f.f64Const(0).set(a);
      f.get(o).i32Const(inner).i32Mul().tee(i).i32Const(inner).i32Add().set(rowEnd);
      f.block(() =>
        f.loop(() => {
          f.get(i).get(rowEnd).i32GeS().brIf(1);
          f.get(i).i32Const(2).i32Shl().set(addr);
          // UNROLL vectors per step, each computed independently, then their reductions (after
          // all vectors, so that the dependent float64 adds come last in program order).
          const pending: (() => void)[] = [];
          for (let u = 0; u < UNROLL; u++) {
            const vals = new Map<Var, Local>();
            const value = (a: Atom): Local => {
              const r = plan.root(a);
              if (r instanceof Literal) {
                const l = f.local("v128");
                f.f32Const(Math.fround(r.val)).f32x4Splat().set(l);
                return l;
              }
              const have = vals.get(r) ?? splat.get(r);
              if (have) return have;
              const l = f.local("v128");
              f.get(addr).get(inLocal.get(r)!).i32Add().v128Load(16 * u).set(l);
              vals.set(r, l);
              return l;
            };
            let red = 0;
            for (const e of loop.eqns) {
              const name = e.primitive.name;
              const out = e.outBinders[0];
              const axes = e.params.axes as number[] | undefined;
              if (name === "reduce_sum" && axes && axes.length > 0) {
                const v = value(e.inputs[0]), acc = accs[red++];
                pending.push(() => addLanes(f, v, acc, i, rowEnd, 4 * u));
                continue;
              }
              const res = f.local("v128");
              if (UNARY[name]) f.get(value(e.inputs[0])).simdOp(UNARY[name] as "f32x4.neg");
              else if (BINARY[name]) {
                f.get(value(e.inputs[0])).get(value(e.inputs[1]));
                f.simdOp(BINARY[name] as "f32x4.add");
              } else if (name === "square") {
                f.get(value(e.inputs[0])).get(value(e.inputs[0])).f32x4Mul();
              } else if (name === "exp") expF32x4(f, value(e.inputs[0]), expTmp);
              else f.get(value(e.inputs[0])); // identity (copy, f32 → f32, flat broadcast)
              f.set(res);
              vals.set(out, res);
            }
            outputs.forEach((v, k) =>
              f.get(addr).get(outPtr[k]).i32Add().get(vals.get(v)!).v128Store(16 * u)
            );
          }
          for (const add of pending) add();
          f.get(i).i32Const(4 * UNROLL).i32Add().set(i).br(0);
        })
      );
      accs.forEach((a, k) => {
        f.get(redPtr[k]).get(o).i32Const(2).i32Shl().i32Add().get(a).f32DemoteF64().f32Store();
      });
      f.get(o).i32Const(1).i32Add().set(o).br(0);
    })
  );
  const module = new WebAssembly.Module(mod.encode() as BufferSource);
  const exports = new WebAssembly.Instance(module, { env: { memory: rt.memory } }).exports;
  const fn = exports.run as (...args: number[]) => void;
  const n = loop.size;
  const padded = (n + 4 * UNROLL + 4) * 4; // vector steps may read and write past a row's end
  return {
    inputs,
    outputs: [...outputs, ...reductions],
    run: (...bufs) => {
      const vecBytes = (inputs.length + outputs.length) * padded + rows * 4 * reductions.length;
      if (!rt.reserve(vecBytes + 64 * (inputs.length + outputs.length + reductions.length))) {
        return null;
      }
      const mem = rt.f32;
      const args: number[] = [];
      let off = rt.arenaBase;
      for (let k = 0; k < inputs.length; k++) {
        if (isScalar[k]) args.push(bufs[k][0]);
        else {
          mem.set(bufs[k].subarray(0, n), off >> 2);
          args.push(off);
          off += padded;
        }
      }
      const outOffs: number[] = [];
      for (let k = 0; k < outputs.length + reductions.length; k++) {
        outOffs.push(off);
        args.push(off);
        off += k < outputs.length ? padded : rows * 4 + 16;
      }
      fn(...args);
      const res = rt.f32;
      return outOffs.map((p, k) => {
        const len = k < outputs.length ? n : rows;
        const out = new Float32Array(len);
        out.set(res.subarray(p >> 2, (p >> 2) + len));
        return out;
      });
    },
  };
}

/**
 * acc += the lanes of v (elements i + base …) that are before rowEnd, in lane order (float64,
 * one add per element).
 */
function addLanes(
  f: FuncBuilder,
  v: Local,
  acc: Local,
  i: Local,
  rowEnd: Local,
  base: number,
): void {
  for (let lane = 0; lane < 4; lane++) {
    const add = () => f.get(acc).get(v).f32x4ExtractLane(lane).f64PromoteF32().f64Add().set(acc);
    if (base + lane === 0) add();
    else f.get(i).i32Const(base + lane).i32Add().get(rowEnd).i32LtS().if(add);
  }
}

interface ExpTemps {
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
