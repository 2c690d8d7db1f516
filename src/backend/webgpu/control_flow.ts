/**
 * Control flow in compiled WebGPU programs, orchestrated on the host.
 *
 * - cond: branches without loops are inlined and selected elementwise (flatten.ts), so no value
 *   is read back; a cond whose branches contain loops runs the chosen branch, which needs the
 *   index on the host (known when it came from the host, else read back by `runAsync`).
 * - scan: the host loops `length` times over the body program. The body reads element t of each
 *   stacked input in place (t is a counter in a GPU buffer that a tiny kernel increments after
 *   each iteration, so no per-iteration host parameter is needed) and its per-step outputs are
 *   copied into the stacked outputs at t.
 * - while: the predicate must be known on the host to decide whether to run the body again. Loops
 *   whose predicate depends only on carries computed from host values (fori_loop counters and
 *   bounds) evaluate that slice of the loop on the CPU in lockstep while the body runs on the GPU.
 *   Otherwise, if every input is on the host, the whole loop runs on the CPU backend; if not, the
 *   synchronous `run` cannot wait for the GPU and raises, and `runAsync` reads the predicate back
 *   each iteration (one queue wait, ~11.5 ms on Deno with llvmpipe).
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
import { type GpuBuffer, WebGpuError } from "./device.ts";
import { dispatchKernel, type Env, type Step } from "./exec.ts";
import type { FlatEqn } from "./flatten.ts";
import { KernelBuilder } from "./codegen.ts";
import { compileForWebGpu, type WebGpuProgram } from "./compile.ts";

/** A host step with the slots it reads and writes (for liveness) and its kernel count. */
export type HostStep = Extract<Step, { op: "host" }> & {
  reads: number[];
  writes: number[];
  kernelCount?: number;
  runAsync?: (env: Env) => Promise<void>;
};

type CfBuilder = (
  backend: WebGpuBackend,
  eqn: FlatEqn,
  inSlots: number[],
  outSlots: number[],
) => HostStep;

/** Releases buffers a loop produced and no longer needs (not the loop's own inputs). */
function releaseAll(backend: WebGpuBackend, bufs: GpuBuffer[], keep: Set<GpuBuffer>): void {
  for (const b of bufs) if (!keep.has(b)) backend.ctx.release(b);
}

function hostScalar(buf: GpuBuffer): number | null {
  const h = buf.host;
  return h ? Number(h[0]) : null;
}

async function readScalar(backend: WebGpuBackend, buf: GpuBuffer): Promise<number> {
  const h = buf.host;
  if (h) return Number(h[0]);
  const bytes = await backend.ctx.readBytes(buf, 4);
  return new Int32Array(bytes)[0];
}

const cond: CfBuilder = (backend, eqn, inSlots, outSlots) => {
  const branches = (eqn.params.branches as ClosedJaxpr[]).map((b) => compileForWebGpu(b, backend));
  const pick = (i: number) => branches[Math.min(Math.max(i, 0), branches.length - 1)];
  const finish = (env: Env, prog: WebGpuProgram) => {
    const outs = prog.run(inSlots.slice(1).map((s) => env[s]!));
    outs.forEach((b, j) => (env[outSlots[j]] = b));
  };
  return {
    op: "host",
    label: "cond",
    reads: inSlots,
    writes: outSlots,
    kernelCount: Math.max(...branches.map((b) => b.kernelCount)),
    run(env) {
      const i = hostScalar(env[inSlots[0]]!);
      if (i === null) {
        throw new WebGpuError(
          "cond: the branch index was computed on the GPU and a branch contains a loop, so " +
            "the synchronous run cannot choose a branch; use the program's runAsync (or compute " +
            "the index on the host)",
        );
      }
      finish(env, pick(i));
    },
    async runAsync(env) {
      finish(env, pick(await readScalar(backend, env[inSlots[0]]!)));
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
  return {
    op: "host",
    label: "scan",
    reads: inSlots,
    writes: outSlots,
    kernelCount: body.kernelCount + stack.length + 1,
    run(env) {
      const ins = inSlots.map((s) => env[s]!);
      const initial = new Set(ins);
      const consts = ins.slice(0, nc);
      let carry = ins.slice(nc, nc + nk);
      const xs = ins.slice(nc + nk);
      const ys = yAvals.map((a) => ctx.alloc(a.size * 4));
      const ctr = ctx.upload(new Int32Array([0]), 4);
      for (let t = 0; t < length; t++) {
        const outs = body.run([...consts, ...carry, ...xs, ctr]);
        releaseAll(backend, carry, initial);
        carry = outs.slice(0, nk);
        for (let j = 0; j < ys.length; j++) {
          dispatchKernel(ctx, stack[j], [outs[nk + j], ctr, ys[j]]);
          ctx.release(outs[nk + j]);
        }
        dispatchKernel(ctx, inc, [ctr]);
      }
      ctx.release(ctr);
      for (const c of carry) if (initial.has(c)) ctx.retain(c);
      [...carry, ...ys].forEach((b, j) => (env[outSlots[j]] = b));
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
  let cpuWhole: { run(x: TypedArray[]): TypedArray[] } | null = null;
  const empty = new Int32Array(0);

  /** Host values of the inputs of a sliced jaxpr, or null if a used one is not on the host. */
  const hostArgs = (bufs: GpuBuffer[], used: number[]): TypedArray[] | null => {
    const out = bufs.map((b) => b.host ?? empty);
    for (const i of used) if (!bufs[i].host) return null;
    return out;
  };

  return {
    op: "host",
    label: "while",
    reads: inSlots,
    writes: outSlots,
    kernelCount: condP.kernelCount + bodyP.kernelCount,
    run(env) {
      const ins = inSlots.map((s) => env[s]!);
      const cc = ins.slice(0, nc), bc = ins.slice(nc, nc + nb), init = ins.slice(nc + nb);
      const initial = new Set(ins);
      let outs: GpuBuffer[];
      const hc = slice ? hostArgs([...cc, ...slice.map((i) => init[i])], sc!.used) : null;
      const hb = slice ? hostArgs([...bc, ...slice.map((i) => init[i])], sb!.used) : null;
      if (slice && hc && hb) {
        // Lockstep: the predicate's slice of the carries advances on the CPU, the body on the GPU.
        const hcc = hc.slice(0, nc), hbc = hb.slice(0, nb);
        let hs = hc.slice(nc);
        let carry = init;
        for (;;) {
          const go = cpuCond!.run([...hcc, ...hs])[0] as TypedArray;
          if (!go[0]) break;
          const next = bodyP.run([...bc, ...carry]);
          releaseAll(backend, carry, initial);
          carry = next;
          hs = cpuBody!.run([...hbc, ...hs]) as TypedArray[];
        }
        for (const c of carry) if (initial.has(c)) ctx.retain(c);
        outs = carry;
      } else if (ins.every((b) => b.host)) {
        cpuWhole ??= cpuBackend.compile(singleEqnJaxpr(eqn)) as {
          run(x: TypedArray[]): TypedArray[];
        };
        const res = cpuWhole.run(ins.map((b) => b.host!));
        outs = res.map((r, j) => backend.fromHost(r, eqn.outAvals[j]));
      } else {
        throw new WebGpuError(
          "while_loop: the loop predicate depends on values computed on the GPU, which a " +
            "synchronous run cannot wait for; use the program's runAsync (one readback per " +
            "iteration), or start the loop from host values",
        );
      }
      outs.forEach((b, j) => (env[outSlots[j]] = b));
    },
    async runAsync(env) {
      const ins = inSlots.map((s) => env[s]!);
      const cc = ins.slice(0, nc), bc = ins.slice(nc, nc + nb);
      const initial = new Set(ins);
      let carry = ins.slice(nc + nb);
      for (;;) {
        const [pred] = condP.run([...cc, ...carry]);
        const go = await readScalar(backend, pred);
        ctx.release(pred);
        if (!go) break;
        const next = bodyP.run([...bc, ...carry]);
        releaseAll(backend, carry, initial);
        carry = next;
      }
      for (const c of carry) if (initial.has(c)) ctx.retain(c);
      carry.forEach((b, j) => (env[outSlots[j]] = b));
    },
  };
};

export const CONTROL_FLOW: Record<string, CfBuilder> = { cond, scan, while: whileLoop };
