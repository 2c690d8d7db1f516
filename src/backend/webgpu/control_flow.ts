/**
 * Control flow in compiled WebGPU programs, orchestrated on the host.
 *
 * - cond: branches without loops are inlined and selected elementwise (flatten.ts), so no value
 *   is read back; a cond whose branches contain loops runs the chosen branch, which needs the
 *   index on the host (known when it came from the host, else read back in an async task).
 * - scan: the host loops `length` times over the body program. The body reads element t of each
 *   stacked input in place (t is a counter in a GPU buffer that a tiny kernel increments after
 *   each iteration, so no per-iteration host parameter is needed) and its per-step outputs are
 *   copied into the stacked outputs at t.
 * - while: the predicate must be known on the host to decide whether to run the body again. Loops
 *   whose predicate depends only on carries computed from host values (fori_loop counters and
 *   bounds) evaluate that slice of the loop on the CPU in lockstep while the body runs on the GPU.
 *   Otherwise, if every input is on the host, the whole loop runs on the CPU backend; if not, the
 *   program continues as an async task (stream.ts): `run` returns the output buffers at once and
 *   the task reads the predicate back, while later work waits for the task in the command stream.
 *   Each read is a queue wait, ~11.5 ms on Deno whatever the work (its map polls the device and
 *   then sleeps 10 ms), so the task reads as rarely as it safely can:
 *   - cond and body without a nested while (none in a scan body or cond branch either; a scan of
 *     plain kernels is fine): guarded speculative chunks (while_chunks.ts). k iterations go to the
 *     GPU together, those past the end selected away word by word (carry = p ? body(carry) :
 *     carry), and the predicate is read once per chunk; k doubles from 1 up to 64 (while the
 *     bodies' time stays small next to a wait), so a loop of n iterations waits O(log n) + n/64
 *     times (100 tiny iterations: 8 waits, ~0.12 s instead of ~1.2 s on llvmpipe) and wastes
 *     fewer bodies than it runs. Results are those of the exact protocol, bit for bit.
 *   - otherwise the exact protocol: one read per iteration (plus a submit or two, ~60 µs each), as
 *     a body holding a loop cannot run speculatively: a loop on a finished carry need not
 *     terminate. A 100-iteration loop of this kind takes ~1.2 s on Deno however small its body.
 */

import {
  ClosedJaxpr,
  Jaxpr,
  type JaxprEqn,
  JaxprEqn as JaxprEqnC,
  Literal,
  type Var,
  Var as VarC,
} from "../../core/jaxpr.ts";
import type { TypedArray } from "../../dtype.ts";
import { cpuBackend } from "../cpu/cpu_backend.ts";
import type { WebGpuBackend } from "./backend.ts";
import type { GpuBuffer } from "./device.ts";
import type { TaskStream } from "./stream.ts";
import { dispatchKernel, type Env, type Step } from "./exec.ts";
import type { FlatEqn } from "./flatten.ts";
import { KernelBuilder } from "./codegen.ts";
import { compileForWebGpu } from "./compile.ts";
import { GuardedChunks, readScalar } from "./while_chunks.ts";

/**
 * A host step with the slots it reads and writes (for liveness) and its kernel count. Steps that
 * may need values read back have `runAsync` (used inside tasks, where nested loops are awaited),
 * and `needsAsync`, which tells a synchronous run to continue as a task from this step.
 */
export type HostStep = Extract<Step, { op: "host" }> & {
  reads: number[];
  writes: number[];
  kernelCount?: number;
  needsAsync?: (env: Env) => boolean;
  runAsync?: (env: Env, st: TaskStream) => Promise<void>;
  /** A step with `runAsync` that reads nothing back and always terminates (program.ts). */
  speculable?: boolean;
};

type CfBuilder = (
  backend: WebGpuBackend,
  eqn: FlatEqn,
  inSlots: number[],
  outSlots: number[],
) => HostStep;

function hostScalar(buf: GpuBuffer): number | null {
  const h = buf.host;
  return h ? Number(h[0]) : null;
}

const cond: CfBuilder = (backend, eqn, inSlots, outSlots) => {
  const branches = (eqn.params.branches as ClosedJaxpr[]).map((b) => compileForWebGpu(b, backend));
  const pick = (i: number) => branches[Math.min(Math.max(i, 0), branches.length - 1)];
  const finish = (env: Env, outs: GpuBuffer[]) => {
    outs.forEach((b, j) => (env[outSlots[j]] = b));
  };
  const args = (env: Env) => inSlots.slice(1).map((s) => env[s]!);
  return {
    op: "host",
    label: "cond",
    reads: inSlots,
    writes: outSlots,
    kernelCount: Math.max(...branches.map((b) => b.kernelCount)),
    needsAsync: (env) => hostScalar(env[inSlots[0]]!) === null,
    run(env) {
      const i = hostScalar(env[inSlots[0]]!);
      if (i === null) throw new Error("internal: cond with a GPU index run synchronously");
      finish(env, pick(i).run(args(env)));
    },
    async runAsync(env, st) {
      const prog = pick(await readScalar(st, env[inSlots[0]]!));
      finish(env, await prog.runIn(st, args(env)));
    },
  };
};

/** The copy of a per-step output into its stacked buffer at the counter's step. */
function stackKernel(
  backend: WebGpuBackend,
  size: number,
  length: number,
  reverse: boolean,
  dt: string,
) {
  const k = new KernelBuilder(backend.ctx.limits);
  const T = dt === "float32" ? "float32" : dt === "int32" ? "int32" : "uint32";
  const src = k.input(0, T, size);
  const ctr = k.input(1, "int32", 1);
  const dst = k.output(2, T, size * length);
  const t = reverse ? `(${length - 1} - ${k.load(ctr, "0")})` : k.load(ctr, "0");
  k.line(k.store(dst, `${t} * ${size} + i`, k.load(src, "i")));
  return k.assemble(k.takeBody(), 256, size, "scan_stack");
}

function incrementKernel(backend: WebGpuBackend) {
  const k = new KernelBuilder(backend.ctx.limits);
  const ctr = k.output(0, "int32", 1);
  k.line(k.store(ctr, "0", `${k.load(ctr, "0")} + 1`));
  return k.assemble(k.takeBody(), 1, 1, "scan_counter");
}

/**
 * A scan in progress: its loop-invariant inputs, current carries (the scan's own references, so
 * a carry the body passes through, which comes back as a new reference, is released like any
 * other) and stacked outputs.
 */
interface ScanState {
  consts: GpuBuffer[];
  carry: GpuBuffer[];
  xs: GpuBuffer[];
  ys: GpuBuffer[];
  /** The step counter (a GPU buffer the body reads its slices at). */
  ctr: GpuBuffer;
}

const scan: CfBuilder = (backend, eqn, inSlots, outSlots) => {
  const p = eqn.params;
  const closed = p.jaxpr as ClosedJaxpr;
  const nc = p.num_consts as number, nk = p.num_carry as number;
  const length = p.length as number, reverse = p.reverse as boolean;
  const nx = inSlots.length - nc - nk;
  const body = compileForWebGpu(closed, backend, {
    scanSlices: { first: nc + nk, count: nx, length, reverse },
  });
  const yAvals = eqn.outAvals.slice(nk);
  const stack = yAvals.map((a) =>
    stackKernel(backend, a.size / Math.max(length, 1), length, reverse, a.dtype)
  );
  const inc = incrementKernel(backend);
  const ctx = backend.ctx;

  const begin = (env: Env): ScanState => {
    const ins = inSlots.map((s) => env[s]!);
    const carry = ins.slice(nc, nc + nk);
    for (const c of carry) ctx.retain(c);
    return {
      consts: ins.slice(0, nc),
      carry,
      xs: ins.slice(nc + nk),
      ys: yAvals.map((a) => ctx.alloc(a.size * 4)),
      ctr: ctx.upload(new Int32Array([0]), 4),
    };
  };
  const bodyArgs = (sc: ScanState) => [...sc.consts, ...sc.carry, ...sc.xs, sc.ctr];
  /** Takes one iteration's outputs: new carries, per-step outputs stacked at the counter. */
  const advance = (sc: ScanState, outs: GpuBuffer[]) => {
    for (const c of sc.carry) ctx.release(c);
    sc.carry = outs.slice(0, nk);
    for (let j = 0; j < sc.ys.length; j++) {
      dispatchKernel(ctx, stack[j], [outs[nk + j], sc.ctr, sc.ys[j]]);
      ctx.release(outs[nk + j]);
    }
    dispatchKernel(ctx, inc, [sc.ctr]);
  };
  const end = (sc: ScanState, env: Env) => {
    ctx.release(sc.ctr);
    [...sc.carry, ...sc.ys].forEach((b, j) => (env[outSlots[j]] = b));
  };

  return {
    op: "host",
    label: "scan",
    reads: inSlots,
    writes: outSlots,
    kernelCount: body.kernelCount + stack.length + 1,
    speculable: body.speculable,
    run(env) {
      const sc = begin(env);
      for (let t = 0; t < length; t++) advance(sc, body.run(bodyArgs(sc)));
      end(sc, env);
    },
    // Inside a task the body may hold a GPU-predicated loop, which must be awaited in place.
    async runAsync(env, st) {
      const sc = st.run(() => begin(env));
      for (let t = 0; t < length; t++) {
        const outs = await body.runIn(st, bodyArgs(sc));
        st.run(() => advance(sc, outs));
      }
      end(sc, env);
    },
  };
};

// while ----------------------------------------------------------------------------------------

/** The carries the predicate depends on, closed under the body's dependencies. */
function controlSlice(condJ: Jaxpr, bodyJ: Jaxpr, nc: number, nb: number): number[] | null {
  const k = bodyJ.outvars.length;
  const carriesUsed = (j: Jaxpr, outIdx: number[], skip: number): Set<number> => {
    const need = new Set<Var>();
    for (const i of outIdx) {
      const o = j.outvars[i];
      if (!(o instanceof Literal)) need.add(o);
    }
    for (let e = j.eqns.length - 1; e >= 0; e--) {
      const eqn: JaxprEqn = j.eqns[e];
      if (eqn.outBinders.some((v) => need.has(v))) {
        for (const a of eqn.inputs) if (!(a instanceof Literal)) need.add(a);
      }
    }
    const res = new Set<number>();
    j.invars.forEach((v, i) => {
      if (i >= skip && need.has(v)) res.add(i - skip);
    });
    return res;
  };
  const slice = carriesUsed(condJ, [0], nc);
  for (;;) {
    const more = carriesUsed(bodyJ, [...slice], nb);
    const before = slice.size;
    for (const c of more) slice.add(c);
    if (slice.size === before) break;
  }
  if (slice.size === k) return null; // every carry: nothing to gain over running it all on CPU
  return [...slice].sort((a, b) => a - b);
}

/**
 * A closed jaxpr computing outputs `outIdx` from consts + the carries in `slice`, with the
 * indices of its inputs it actually reads.
 */
function sliced(
  closed: ClosedJaxpr,
  nconst: number,
  slice: number[],
  outIdx: number[],
): { closed: ClosedJaxpr; used: number[] } {
  const j = closed.jaxpr;
  const invars = [...j.invars.slice(0, nconst), ...slice.map((c) => j.invars[nconst + c])];
  const outvars = outIdx.map((i) => j.outvars[i]);
  const need = new Set<Var>();
  for (const o of outvars) if (!(o instanceof Literal)) need.add(o);
  const eqns: JaxprEqn[] = [];
  for (let e = j.eqns.length - 1; e >= 0; e--) {
    const eqn = j.eqns[e];
    if (eqn.outBinders.some((v) => need.has(v))) {
      eqns.unshift(eqn);
      for (const a of eqn.inputs) if (!(a instanceof Literal)) need.add(a);
    }
  }
  const used = invars.map((v, i) => (need.has(v) ? i : -1)).filter((i) => i >= 0);
  return {
    closed: new ClosedJaxpr(new Jaxpr(j.constvars, invars, eqns, outvars), closed.consts),
    used,
  };
}

/** A closed jaxpr holding one flattened equation (to run it on another backend). */
function singleEqnJaxpr(eqn: FlatEqn): ClosedJaxpr {
  const ins = eqn.inAvals.map((a) => new VarC(a));
  const outs = eqn.outAvals.map((a) => new VarC(a));
  const e = new JaxprEqnC(eqn.prim, ins, eqn.params, outs);
  return new ClosedJaxpr(new Jaxpr([], ins, [e], outs), []);
}

const whileLoop: CfBuilder = (backend, eqn, inSlots, outSlots) => {
  const p = eqn.params;
  const condC = p.cond_jaxpr as ClosedJaxpr, bodyC = p.body_jaxpr as ClosedJaxpr;
  const nc = p.cond_nconsts as number, nb = p.body_nconsts as number;
  const condP = compileForWebGpu(condC, backend);
  const bodyP = compileForWebGpu(bodyC, backend);
  const slice = controlSlice(condC.jaxpr, bodyC.jaxpr, nc, nb);
  const sc = slice ? sliced(condC, nc, slice, [0]) : null;
  const sb = slice ? sliced(bodyC, nb, slice, slice) : null;
  const cpuCond = sc ? cpuBackend.compile(sc.closed) : null;
  const cpuBody = sb ? cpuBackend.compile(sb.closed) : null;
  const ctx = backend.ctx;
  const guarded = condP.speculable && bodyP.speculable
    ? new GuardedChunks(ctx, condP, bodyP, eqn.outAvals)
    : null;
  let cpuWhole: { run(x: TypedArray[]): TypedArray[] } | null = null;
  const empty = new Int32Array(0);

  /** Host values of the inputs of a sliced jaxpr, or null if a used one is not on the host. */
  const hostArgs = (bufs: GpuBuffer[], used: number[]): TypedArray[] | null => {
    const out = bufs.map((b) => b.host ?? empty);
    for (const i of used) if (!bufs[i].host) return null;
    return out;
  };

  type Mode =
    | { kind: "lockstep"; hcc: TypedArray[]; hbc: TypedArray[]; hs: TypedArray[] }
    | { kind: "cpu" }
    | { kind: "gpu" };
  /** How the loop can run given where its inputs are. */
  const mode = (ins: GpuBuffer[]): Mode => {
    const cc = ins.slice(0, nc), bc = ins.slice(nc, nc + nb), init = ins.slice(nc + nb);
    const hc = slice ? hostArgs([...cc, ...slice.map((i) => init[i])], sc!.used) : null;
    const hb = slice ? hostArgs([...bc, ...slice.map((i) => init[i])], sb!.used) : null;
    if (hc && hb) {
      return { kind: "lockstep", hcc: hc.slice(0, nc), hbc: hb.slice(0, nb), hs: hc.slice(nc) };
    }
    if (ins.every((b) => b.host)) return { kind: "cpu" };
    return { kind: "gpu" };
  };
  /** The whole loop on the CPU backend (every input has host values). */
  const onCpu = (ins: GpuBuffer[]): GpuBuffer[] => {
    cpuWhole ??= cpuBackend.compile(singleEqnJaxpr(eqn)) as {
      run(x: TypedArray[]): TypedArray[];
    };
    const res = cpuWhole.run(ins.map((b) => b.host!));
    return res.map((r, j) => backend.fromHost(r, eqn.outAvals[j]));
  };
  /** Whether the predicate's slice (advanced on the CPU in lockstep) says to go on. */
  const goOn = (m: Mode & { kind: "lockstep" }): boolean =>
    Boolean((cpuCond!.run([...m.hcc, ...m.hs])[0] as TypedArray)[0]);
  const stepSlice = (m: Mode & { kind: "lockstep" }) => {
    m.hs = cpuBody!.run([...m.hbc, ...m.hs]) as TypedArray[];
  };
  /**
   * The initial carries, with a reference of the loop's own: a carry is released when replaced
   * (even one the body passed through, which comes back as a new reference to the same buffer),
   * and the final ones are handed to the outputs.
   */
  const own = (ins: GpuBuffer[]): GpuBuffer[] => {
    const carry = ins.slice(nc + nb);
    for (const c of carry) ctx.retain(c);
    return carry;
  };
  const replace = (carry: GpuBuffer[], next: GpuBuffer[]): GpuBuffer[] => {
    for (const c of carry) ctx.release(c);
    return next;
  };
  const finish = (env: Env, carry: GpuBuffer[]) => {
    carry.forEach((b, j) => (env[outSlots[j]] = b));
  };

  return {
    op: "host",
    label: "while",
    reads: inSlots,
    writes: outSlots,
    kernelCount: condP.kernelCount + bodyP.kernelCount,
    needsAsync: (env) => mode(inSlots.map((s) => env[s]!)).kind === "gpu",
    run(env) {
      const ins = inSlots.map((s) => env[s]!);
      const m = mode(ins);
      if (m.kind === "cpu") return finish(env, onCpu(ins));
      if (m.kind === "gpu") throw new Error("internal: a GPU-predicated while run synchronously");
      // Lockstep: the predicate's slice of the carries advances on the CPU, the body on the GPU.
      const bc = ins.slice(nc, nc + nb);
      let carry = own(ins);
      while (goOn(m)) {
        carry = replace(carry, bodyP.run([...bc, ...carry]));
        stepSlice(m);
      }
      finish(env, carry);
    },
    async runAsync(env, st) {
      const ins = inSlots.map((s) => env[s]!);
      const m = mode(ins);
      if (m.kind === "cpu") return finish(env, st.run(() => onCpu(ins)));
      const cc = ins.slice(0, nc), bc = ins.slice(nc, nc + nb);
      // Speculative chunks where safe (while_chunks.ts): one queue wait per chunk.
      if (m.kind === "gpu" && guarded) return finish(env, await guarded.run(st, cc, bc, own(ins)));
      let carry = own(ins);
      for (;;) {
        if (m.kind === "lockstep") {
          if (!goOn(m)) break;
        } else {
          // One queue wait per iteration (~11.5 ms on Deno): see the header.
          const [pred] = await condP.runIn(st, [...cc, ...carry]);
          const go = await readScalar(st, pred);
          ctx.release(pred);
          if (!go) break;
        }
        carry = replace(carry, await bodyP.runIn(st, [...bc, ...carry]));
        if (m.kind === "lockstep") stepSlice(m);
      }
      finish(env, carry);
    },
  };
};

export const CONTROL_FLOW: Record<string, CfBuilder> = { cond, scan, while: whileLoop };
