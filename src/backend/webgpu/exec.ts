/**
 * Plans and their execution. A plan is a list of steps over numbered value slots: allocate a
 * slot, dispatch a kernel whose parameters name slots, free a slot after its last use, or run
 * host code (control flow). Eager primitives and compiled jaxprs both run as plans, so a
 * primitive's plan is built once and replayed on every call.
 */

import type { Access, Binding, GpuBuffer, GpuContext } from "./device.ts";
import type { Kernel } from "./codegen.ts";

export type Env = (GpuBuffer | null)[];

export type Step =
  | { op: "alloc"; slot: number; bytes: number }
  | { op: "free"; slot: number }
  | { op: "kernel"; kernel: Kernel }
  | { op: "host"; run: (env: Env) => void; label: string };

/** Dispatches one kernel with the buffers of its parameters' slots. */
export function dispatchKernel(ctx: GpuContext, kernel: Kernel, env: Env): void {
  const bindings: Binding[] = [];
  const access: Access[] = [];
  // Results derive from the latest async task any operand derives from (see stream.ts): an
  // operand of a failed task raises its error here rather than computing from garbage.
  let dep = 0;
  for (const p of kernel.params) {
    const d = env[p.slot]?.dep ?? 0;
    if (d > dep) dep = d;
  }
  ctx.checkDep(dep);
  for (const p of kernel.params) {
    const buf = env[p.slot];
    if (!buf) throw new Error(`internal: slot ${p.slot} has no buffer for kernel ${kernel.label}`);
    ctx.touch(buf);
    if (p.access !== "read") {
      buf.epoch = ctx.epoch;
      buf.dep = dep;
    }
    const gpu = buf.gpu;
    const base = buf.offset;
    const raw = buf.raw!;
    if (raw.slab && p.pages === 1 && !p.byteOffset) {
      // A slab slot is bound at its capacity (one bind group for every slot of that size class),
      // unless the kernel reads its length (then exactly: one bind group per length).
      const size = p.exact ? Math.max(p.elements, 1) * 4 : raw.capacity;
      bindings.push({ buffer: gpu, offset: base, size, slabCap: raw.capacity });
      access.push("read_write");
      continue;
    }
    for (let pg = 0; pg < p.pages; pg++) {
      const first = pg * p.pageElems;
      const count = Math.min(p.pageElems, p.elements - first);
      const offset = base + first * 4 + (p.byteOffset ?? 0);
      bindings.push({ buffer: gpu, offset, size: Math.max(count, 1) * 4 });
      access.push("read_write");
    }
  }
  ctx.dispatch(kernel.code, access, bindings, kernel.groups);
}

/** Runs steps [from, to) over `env` (inputs already in their slots). */
export function runSteps(
  ctx: GpuContext,
  steps: readonly Step[],
  env: Env,
  from = 0,
  to = steps.length,
): void {
  for (let i = from; i < to; i++) {
    const s = steps[i];
    switch (s.op) {
      case "alloc":
        env[s.slot] = ctx.alloc(s.bytes);
        break;
      case "free": {
        const b = env[s.slot];
        if (b) ctx.release(b);
        env[s.slot] = null;
        break;
      }
      case "kernel":
        dispatchKernel(ctx, s.kernel, env);
        break;
      case "host":
        s.run(env);
        break;
    }
  }
}

/** Number of kernel dispatches a plan makes (host steps counted by their own report). */
export function countKernels(steps: readonly Step[]): number {
  let n = 0;
  for (const s of steps) if (s.op === "kernel") n++;
  return n;
}
