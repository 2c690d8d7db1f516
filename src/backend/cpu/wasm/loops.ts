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
import { expF32x4, type ExpTemps, makeExpTemps } from "./simd_exp.ts";
import { wasmRuntime } from "./runtime.ts";
import { wasmApi } from "./wasm_api.ts";

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

/** The loop's operands and results, in the order the module's functions take them. */
interface Layout {
  /** External values read by the loop; scalars are size-1 values (read once, splatted). */
  inputs: Var[];
  isScalar: boolean[];
  /** Materialised elementwise values, stored at the flat index. */
  outputs: Var[];
  /** Sums (each row of `inner` elements → one float32). */
  reductions: Var[];
}

function layoutOf(loop: LoopPlan, plan: ProgramPlan): Layout {
  const L: Layout = { inputs: [], isScalar: [], outputs: [], reductions: [] };
  const seen = new Set<Var>();
  for (const e of loop.eqns) {
    for (const a of e.inputs) {
      const r = plan.root(a);
      if (r instanceof Literal || loop.produced.has(r) || seen.has(r)) continue;
      seen.add(r);
      L.inputs.push(r);
      L.isScalar.push(a.aval.size === 1 && loop.size !== 1);
    }
    const out = e.outBinders[0];
    if (isSum(e.primitive.name, e.params.axes)) L.reductions.push(out);
    else if (plan.materialized.has(out)) L.outputs.push(out);
  }
  return L;
}

const isSum = (name: string, axes: unknown) =>
  name === "reduce_sum" && (axes as number[]).length > 0;

/**
 * Emits UNROLL vectors of the loop body at byte offset `addr` (+16 per vector): elementwise
 * values, stores of the materialised ones, and `reduce(k, value, u)` for the k-th sum's operand
 * (called after all vectors, so the dependent float64 adds come last in program order).
 */
function emitBody(
  f: FuncBuilder,
  loop: LoopPlan,
  plan: ProgramPlan,
  L: Layout,
  ptr: (v: Var) => Local,
  splat: Map<Var, Local>,
  outPtr: Local[],
  addr: Local,
  expTmp: ExpTemps,
  reduce: (k: number, v: Local, u: number) => void,
): void {
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
      f.get(addr).get(ptr(r)).i32Add().v128Load(16 * u).set(l);
      vals.set(r, l);
      return l;
    };
    let red = 0;
    for (const e of loop.eqns) {
      const name = e.primitive.name;
      if (isSum(name, e.params.axes)) {
        const v = value(e.inputs[0]), k = red++;
        pending.push(() => reduce(k, v, u));
        continue;
      }
      const res = f.local("v128");
      if (UNARY[name]) f.get(value(e.inputs[0])).simdOp(UNARY[name] as "f32x4.neg");
      else if (BINARY[name]) {
        f.get(value(e.inputs[0])).get(value(e.inputs[1]));
        f.simdOp(BINARY[name] as "f32x4.add");
      } else if (name === "square") f.get(value(e.inputs[0])).get(value(e.inputs[0])).f32x4Mul();
      else if (name === "exp") expF32x4(f, value(e.inputs[0]), expTmp);
      else f.get(value(e.inputs[0])); // identity (copy, f32 → f32, flat broadcast, 0-axis sum)
      f.set(res);
      vals.set(e.outBinders[0], res);
    }
    L.outputs.forEach((v, k) =>
      f.get(addr).get(outPtr[k]).i32Add().get(vals.get(v)!).v128Store(16 * u)
    );
  }
  for (const p of pending) p();
}

/**
 * The module: `run` (the whole loop, one thread: rows, and per row the sums accumulated as it
 * goes), `elem` (elements [start, end) only, the sums' operands stored to buffers — the part the
 * worker pool shares) and `sumRows` (the sums over those buffers, in row order).
 * Parameters: vector input pointers…, the scalars' block, output pointers…, then for `run` the
 * sums' pointers, for `elem` the operand buffers' pointers, start and end.
 */
function buildModule(loop: LoopPlan, plan: ProgramPlan, L: Layout, inner: number): Uint8Array {
  const mod = new ModuleBuilder(wasmRuntime()!.memoryDescriptor);
  const nVec = L.inputs.length, nOut = L.outputs.length, nRed = L.reductions.length;
  const rows = loop.size / inner;
  for (const kind of ["run", "elem"] as const) {
    const nParams = nVec + 1 + nOut + nRed + (kind === "elem" ? 2 : 0);
    const f = mod.func(kind, new Array(nParams).fill("i32"));
    const P = f.params;
    const ptr = (v: Var) => P[L.inputs.indexOf(v)];
    const outPtr = P.slice(nVec + 1, nVec + 1 + nOut);
    const redPtr = P.slice(nVec + 1 + nOut, nVec + 1 + nOut + nRed);
    const splat = new Map<Var, Local>();
    L.inputs.forEach((v, k) => {
      if (!L.isScalar[k]) return;
      const l = f.local("v128");
      f.get(P[nVec]).f32Load(4 * k).f32x4Splat().set(l);
      splat.set(v, l);
    });
    const expTmp = makeExpTemps(f);
    const i = f.local("i32"), end = f.local("i32"), addr = f.local("i32"), o = f.local("i32");
    const accs = L.reductions.map(() => f.local("f64"));
    const step = (reduce: (k: number, v: Local, u: number) => void) =>
      f.block(() =>
        f.loop(() => {
          f.get(i).get(end).i32GeS().brIf(1);
          f.get(i).i32Const(2).i32Shl().set(addr);
          emitBody(f, loop, plan, L, ptr, splat, outPtr, addr, expTmp, reduce);
          f.get(i).i32Const(4 * UNROLL).i32Add().set(i).br(0);
        })
      );
    if (kind === "elem") {
      f.get(P[nParams - 2]).set(i);
      f.get(P[nParams - 1]).set(end);
      step((k, v, u) => f.get(addr).get(redPtr[k]).i32Add().get(v).v128Store(16 * u));
      continue;
    }
    // run: for (o = 0; o < rows; o++) { accs = 0; for (i = o·inner; i < end; i += 4·UNROLL) … }
    f.i32Const(0).set(o);
    f.block(() =>
      f.loop(() => {
        f.get(o).i32Const(rows).i32GeS().brIf(1);
        for (const a of accs) f.f64Const(0).set(a);
        f.get(o).i32Const(inner).i32Mul().tee(i).i32Const(inner).i32Add().set(end);
        step((k, v, u) => addLanes(f, v, accs[k], i, end, 4 * u));
        accs.forEach((a, k) => {
          f.get(redPtr[k]).get(o).i32Const(2).i32Shl().i32Add().get(a).f32DemoteF64().f32Store();
        });
        f.get(o).i32Const(1).i32Add().set(o).br(0);
      })
    );
  }
  // sumRange(src, start, end, inner, dst, accAt): adds src[start..end) in index order to the
  // float64 running sum at accAt, storing (as float32) and restarting it at each row's end.
  const f = mod.func("sumRange", ["i32", "i32", "i32", "i32", "i32", "i32"]);
  const [src, start, end, len, dst, accAt] = f.params;
  const i = f.local("i32"), seg = f.local("i32"), rowEnd = f.local("i32"), acc = f.local("f64");
  const p = f.local("i32");
  f.get(accAt).f64Load().set(acc);
  f.get(start).set(i);
  // rowEnd = (⌊start / inner⌋ + 1)·inner
  f.get(start).get(len).i32DivU().i32Const(1).i32Add().get(len).i32Mul().set(rowEnd);
  f.block(() =>
    f.loop(() => {
      f.get(i).get(end).i32GeS().brIf(1);
      f.get(end).set(seg);
      f.get(rowEnd).get(end).i32LtS().if(() => f.get(rowEnd).set(seg));
      // Four elements per iteration while they last (less loop overhead around the add chain),
      // then one at a time; the adds stay in index order.
      f.get(src).get(i).i32Const(2).i32Shl().i32Add().set(p);
      f.block(() =>
        f.loop(() => {
          f.get(i).i32Const(4).i32Add().get(seg).i32GtS().brIf(1);
          for (let k = 0; k < 4; k++) {
            f.get(acc).get(p).f32Load(4 * k).f64PromoteF32().f64Add().set(acc);
          }
          f.get(p).i32Const(16).i32Add().set(p);
          f.get(i).i32Const(4).i32Add().set(i).br(0);
        })
      );
      f.block(() =>
        f.loop(() => {
          f.get(i).get(seg).i32GeS().brIf(1);
          f.get(acc).get(p).f32Load().f64PromoteF32().f64Add().set(acc);
          f.get(p).i32Const(4).i32Add().set(p);
          f.get(i).i32Const(1).i32Add().set(i).br(0);
        })
      );
      f.get(seg).get(rowEnd).i32Eq().if(() => {
        f.get(dst).get(rowEnd).get(len).i32DivU().i32Const(1).i32Sub().i32Const(2).i32Shl()
          .i32Add().get(acc).f32DemoteF64().f32Store();
        f.f64Const(0).set(acc);
        f.get(rowEnd).get(len).i32Add().set(rowEnd);
      });
      f.br(0);
    })
  );
  f.get(accAt).get(acc).f64Store();
  void rows;
  return mod.encode();
}

function buildLoop(loop: LoopPlan, plan: ProgramPlan, inner: number): WasmLoop {
  const rt = wasmRuntime()!;
  const L = layoutOf(loop, plan);
  const module = new wasmApi!.Module(buildModule(loop, plan, L, inner));
  const ex = new wasmApi!.Instance(module, { env: { memory: rt.memory } }).exports as {
    run: (...a: number[]) => void;
    elem: (...a: number[]) => void;
    sumRange: (src: number, s: number, e: number, inner: number, dst: number, acc: number) => void;
  };
  const id = rt.registerModule(module);
  const n = loop.size, rows = n / inner;
  const { inputs, isScalar, outputs, reductions } = L;
  // Vector steps may read and write past a row's end; buffers start at 64-byte boundaries.
  const padded = ((n + 4 * UNROLL + 4) * 4 + 63) & ~63;
  const nBuf = inputs.length + outputs.length + 2 * reductions.length + 1;
  return {
    inputs,
    outputs: [...outputs, ...reductions],
    run: (...bufs) => {
      if (!rt.reserve(nBuf * padded + 4 * inputs.length + 64)) return null;
      const mem = rt.f32;
      const args: number[] = [];
      let off = rt.arenaBase;
      const scalars = off;
      off += (4 * inputs.length + 16 + 63) & ~63;
      for (let k = 0; k < inputs.length; k++) {
        if (isScalar[k]) {
          mem[(scalars >> 2) + k] = bufs[k][0];
          args.push(0); // (scalars are read from the block; their pointer slot is unused)
        } else {
          mem.set(bufs[k].subarray(0, n), off >> 2);
          args.push(off);
          off += padded;
        }
      }
      args.push(scalars);
      const outOffs: number[] = [];
      for (let k = 0; k < outputs.length + reductions.length; k++) {
        outOffs.push(off);
        off += padded;
      }
      args.push(...outOffs.slice(0, outputs.length));
      const sums = outOffs.slice(outputs.length);
      // Shared with the worker pool: the elementwise part in chunks into buffers, while this
      // thread adds up the finished chunks in order (the sums stay one sequential pass).
      const tmp = reductions.map((_, k) => off + k * padded);
      const slots = off + reductions.length * padded; // float64 running sums
      for (let k = 0; k < reductions.length; k++) rt.f64Set(slots + 8 * k, 0);
      const eargs = [...args, ...tmp];
      const shared = rt.parallelLoop(
        id,
        eargs,
        n,
        (s, e) => ex.elem(...eargs, s, e),
        (s, e) => sums.forEach((p, k) => ex.sumRange(tmp[k], s, e, inner, p, slots + 8 * k)),
      );
      if (!shared) ex.run(...args, ...sums);
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
