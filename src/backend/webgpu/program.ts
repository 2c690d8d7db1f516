/**
 * A compiled WebGPU program: steps over numbered slots (allocations, kernels, frees and host
 * control flow), run synchronously, or, from a step that must read a value back first, as an
 * async task in the command stream (stream.ts).
 */

import type { ShapedArray } from "../../core/aval.ts";
import { allocTyped, type DType } from "../../dtype.ts";
import type { Executable } from "../backend.ts";
import type { GpuBuffer } from "./device.ts";
import type { TaskStream } from "./stream.ts";
import type { WebGpuBackend } from "./backend.ts";
import { dispatchKernel, type Env, runSteps, type Step } from "./exec.ts";
import { copyKernel } from "./kernels/elementwise.ts";
import type { HostStep } from "./control_flow.ts";

/** What a program returns for one output. */
export type OutSpec = { slot: number } | { literal: number; dtype: DType };

/**
 * A compiled jaxpr. `kernelCount` is the number of kernels one run dispatches outside loops
 * (loop bodies count once), which tests use to check fusion.
 */
export class WebGpuProgram implements Executable<GpuBuffer> {
  constructor(
    readonly backend: WebGpuBackend,
    readonly steps: Step[],
    readonly nslots: number,
    readonly inSlots: number[],
    readonly constSlots: number[],
    readonly constBufs: GpuBuffer[],
    readonly outs: OutSpec[],
    readonly outAvals: ShapedArray[],
    readonly kernelCount: number,
  ) {
    this.mayNeedAsync = steps.flatMap((s, i) =>
      s.op === "host" && (s as HostStep).needsAsync ? [i] : []
    );
    this.speculable = steps.every((s) =>
      s.op !== "host" || !(s as HostStep).runAsync || (s as HostStep).speculable === true
    );
  }

  /**
   * Whether the program may run on values it was not meant for (a while loop's guarded
   * iterations past its end, while_chunks.ts): it reads nothing back and always terminates, i.e.
   * kernels and synchronous host steps only (which cannot depend on GPU values), plus host steps
   * that say so (a scan of such a body). A nested loop or a cond on a GPU index is not.
   */
  readonly speculable: boolean;

  /** Indices of the host steps that may have to continue the run as a task. */
  private readonly mayNeedAsync: number[];

  private prepare(inputs: GpuBuffer[]): Env {
    const env: Env = new Array(this.nslots).fill(null);
    for (let i = 0; i < this.constSlots.length; i++) env[this.constSlots[i]] = this.constBufs[i];
    for (let i = 0; i < this.inSlots.length; i++) env[this.inSlots[i]] = inputs[i];
    return env;
  }

  private collect(env: Env): GpuBuffer[] {
    const ctx = this.backend.ctx;
    const owned = new Set<number>([...this.inSlots, ...this.constSlots]);
    const seen = new Set<number>();
    return this.outs.map((o, j) => {
      if ("literal" in o) {
        const a = this.outAvals[j];
        const data = allocTyped(o.dtype, a.size).fill(o.literal);
        return this.backend.fromHost(data, a);
      }
      const buf = env[o.slot]!;
      if (owned.has(o.slot) || seen.has(o.slot)) ctx.retain(buf);
      seen.add(o.slot);
      return buf;
    });
  }

  /**
   * Runs the program; every output is a new reference the caller owns. A step that must read a
   * value back first (a while_loop predicate computed on the GPU) makes the rest of the program
   * an async task: the outputs are returned at once and written when it completes, and later
   * work waits for it in the command stream (see stream.ts).
   */
  run(inputs: GpuBuffer[]): GpuBuffer[] {
    const ctx = this.backend.ctx;
    ctx.check();
    const env = this.prepare(inputs);
    const steps = this.steps;
    let from = 0;
    for (const i of this.mayNeedAsync) {
      runSteps(ctx, steps, env, from, i);
      if ((steps[i] as HostStep).needsAsync!(env)) return this.finishAsync(env, i);
      from = i;
    }
    runSteps(ctx, steps, env, from, steps.length);
    return this.collect(env);
  }

  /** Runs the program inside a task, awaiting loops inline (nested loops, loops in loops). */
  async runIn(st: TaskStream, inputs: GpuBuffer[]): Promise<GpuBuffer[]> {
    const env = this.prepare(inputs);
    await this.stepsIn(st, env, 0);
    return st.run(() => this.collect(env));
  }

  /**
   * Runs the program and waits until its outputs are computed (loops included). Equivalent to
   * `run` followed by waiting for every output.
   */
  async runAsync(inputs: GpuBuffer[]): Promise<GpuBuffer[]> {
    const outs = this.run(inputs);
    await Promise.all(outs.map((b) => this.backend.ready(b)));
    return outs;
  }

  /** Runs steps from `from` on inside a task: synchronous runs batched, loops awaited. */
  private async stepsIn(st: TaskStream, env: Env, from: number): Promise<void> {
    const ctx = this.backend.ctx, steps = this.steps;
    let i = from;
    while (i < steps.length) {
      const s = steps[i];
      if (s.op === "host" && (s as HostStep).runAsync) {
        await (s as HostStep).runAsync!(env, st);
        i++;
        continue;
      }
      let j = i + 1;
      while (j < steps.length && !(steps[j].op === "host" && (steps[j] as HostStep).runAsync)) j++;
      const a = i;
      st.run(() => runSteps(ctx, steps, env, a, j));
      i = j;
    }
  }

  /**
   * Returns the outputs now and runs steps `from`… as a task that writes them. Output buffers
   * are allocated up front (avals are static); the task copies its results into them.
   */
  private finishAsync(env: Env, from: number): GpuBuffer[] {
    const ctx = this.backend.ctx;
    // The caller may release its inputs (and a later compile the constants) before the task
    // has read them: keep references until it is done.
    const borrowed: GpuBuffer[] = [];
    for (const s of [...this.inSlots, ...this.constSlots]) {
      const b = env[s];
      if (b) {
        ctx.retain(b);
        borrowed.push(b);
      }
    }
    const copies: { slot: number; dst: GpuBuffer; bytes: number }[] = [];
    let task = 0;
    task = ctx.enqueueTask(async (st) => {
      try {
        for (const b of borrowed) ctx.checkDep(b.dep);
        await this.stepsIn(st, env, from);
        st.run(() => {
          for (const c of copies) {
            if (c.bytes === 0) continue;
            const kernel = copyKernel(ctx.limits, c.bytes / 4);
            dispatchKernel(ctx, kernel, [env[c.slot], c.dst]);
          }
        });
      } finally {
        // Results were copied out (or returned with their own reference): every buffer the
        // program still holds goes back (temporaries too, if the loop failed midway), and so do
        // the borrowed references.
        const borrowedSlots = new Set([...this.inSlots, ...this.constSlots]);
        for (let s = 0; s < env.length; s++) {
          const b = env[s];
          if (b && !borrowedSlots.has(s)) ctx.release(b);
          env[s] = null;
        }
        for (const b of borrowed) ctx.release(b);
        for (const c of copies) ctx.release(c.dst);
      }
    });
    const pending = new Map<number, GpuBuffer>();
    return this.outs.map((o, j) => {
      const a = this.outAvals[j];
      if ("literal" in o) {
        return this.backend.fromHost(allocTyped(o.dtype, a.size).fill(o.literal), a);
      }
      const have = env[o.slot];
      if (have) {
        // Computed before the loop (or an input): the buffer is final already.
        ctx.retain(have);
        return have;
      }
      let dst = pending.get(o.slot);
      if (dst) {
        ctx.retain(dst);
        return dst;
      }
      dst = ctx.allocForTask(a.size * 4, task);
      pending.set(o.slot, dst);
      // The task's own reference until it has written the buffer: the caller may release its
      // array (delete, finalizer) before then.
      ctx.retain(dst);
      copies.push({ slot: o.slot, dst, bytes: a.size * 4 });
      return dst;
    });
  }
}
