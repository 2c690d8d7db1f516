/**
 * Guarded speculative chunks: how a while loop whose predicate is computed on the GPU runs when
 * its cond and body are speculable programs (kernels only, no nested loops: see
 * `WebGpuProgram.speculable`), so that it reads the predicate back once per chunk of iterations
 * instead of once per iteration (each read is a queue wait, ~11.5 ms on Deno; see
 * control_flow.ts).
 *
 * A chunk of k iterations is encoded and submitted as one batch: the first iteration runs the body
 * plainly (the read before the chunk said to go on); each further one computes p = cond(carry)
 * and carry = select(p, body(carry), carry), a select of every 32-bit word of every carry, so an
 * iteration past the loop's end leaves the carry bit-for-bit unchanged; the chunk ends with
 * cond(carry), the one value read back. Real iterations run the very programs the exact protocol
 * runs, on the same values, so results are identical to it. A wasted body computes on a carry
 * the loop is done with, and its values are discarded: GPU arithmetic does not trap (integer
 * division by zero and NaNs give defined values), shapes are static, and kernels terminate.
 *
 * Chunk sizes double from 1 (1, 2, 4, …, up to `ctx.loopChunkMax` and a dispatch budget), so a
 * loop of n iterations reads O(log n) + n/cap times, and the bodies it wastes (at most those of
 * its last chunk past the end) are fewer than the n it runs. A chunk doubles only while the last
 * one took less than `ctx.loopChunkGrowth` times the loop's fastest read (its own wait, mostly):
 * once the bodies' time dominates the wait, bigger chunks save little and waste more, so a heavy
 * body keeps chunks whose time is a few waits, and a body slower than that runs one iteration per
 * read, as the exact protocol does. Chunk sizes change only the number of reads, never a value.
 */

import type { ShapedArray } from "../../core/aval.ts";
import { type Kernel, KernelBuilder } from "./codegen.ts";
import type { GpuBuffer, GpuContext } from "./device.ts";
import { dispatchKernel } from "./exec.ts";
import type { WebGpuProgram } from "./program.ts";
import type { TaskStream } from "./stream.ts";

/** Most kernel dispatches one chunk may encode (bounds its host encoding time). */
const CHUNK_DISPATCH_BUDGET = 2048;

/** `out = pred ? next : prev`, word by word (bit-exact for every dtype). Shape-generic. */
function selectKernel(ctx: GpuContext, elements: number): Kernel {
  const k = new KernelBuilder(ctx.limits);
  const pred = k.param(0, "u32", 1, "read", false);
  const next = k.param(1, "u32", elements, "read", false);
  const prev = k.param(2, "u32", elements, "read", false);
  const out = k.param(3, "u32", elements, "read_write", false);
  const take = `${k.load(pred, "0")} != 0u`;
  k.line(k.store(out, "i", `select(${k.load(prev, "i")}, ${k.load(next, "i")}, ${take})`));
  const bound = k.runtimeLength(out);
  return k.assemble(k.takeBody(), 256, elements, "while_guard", undefined, bound);
}

/** A bool/int32 scalar read back inside a task (a bool is stored as a u32 word). */
export async function readScalar(st: TaskStream, buf: GpuBuffer): Promise<number> {
  const h = buf.host;
  if (h) return Number(h[0]);
  return new Int32Array(await st.read(buf, 4))[0];
}

/** A speculable while loop's chunked runner (one per compiled while equation). */
export class GuardedChunks {
  private readonly selects: (Kernel | null)[];
  private readonly perIteration: number;

  constructor(
    private readonly ctx: GpuContext,
    private readonly condP: WebGpuProgram,
    private readonly bodyP: WebGpuProgram,
    carryAvals: readonly ShapedArray[],
  ) {
    this.selects = carryAvals.map((a) => (a.size === 0 ? null : selectKernel(ctx, a.size)));
    this.perIteration = condP.kernelCount + bodyP.kernelCount + carryAvals.length;
  }

  /**
   * Runs the loop inside a task from `carry` (the loop's own references, handed back replaced
   * by the final carry); `cc` and `bc` are the cond's and body's constants.
   */
  async run(
    st: TaskStream,
    cc: GpuBuffer[],
    bc: GpuBuffer[],
    carry: GpuBuffer[],
  ): Promise<GpuBuffer[]> {
    const ctx = this.ctx;
    const budget = Math.floor(CHUNK_DISPATCH_BUDGET / Math.max(this.perIteration, 1));
    const cap = Math.max(1, Math.min(ctx.loopChunkMax, budget));
    const loop = { carry };
    let k = 0; // 0: the exact check before the first iteration
    let fastest = Infinity;
    try {
      for (;;) {
        const t0 = performance.now(), compiled = ctx.caches.compiled;
        const pred = st.run(() => {
          if (k > 0) this.chunk(cc, bc, loop, k);
          return this.condP.run([...cc, ...loop.carry])[0];
        });
        let go: number;
        try {
          go = await readScalar(st, pred);
        } finally {
          ctx.release(pred);
        }
        if (!go) return loop.carry;
        // Encoding, GPU work (which llvmpipe runs inside the submit) and the wait; a time that
        // includes compiling pipelines (a first run) says nothing about the loop.
        const took = performance.now() - t0;
        const timed = ctx.caches.compiled === compiled;
        if (timed) fastest = Math.min(fastest, took);
        if (k === 0) k = 1;
        else if (!timed || took < ctx.loopChunkGrowth * fastest) k = Math.min(2 * k, cap);
      }
    } catch (e) {
      for (const c of loop.carry) ctx.release(c);
      throw e;
    }
  }

  /** Encodes k iterations, the first known to run, replacing `loop.carry` (and its references). */
  private chunk(cc: GpuBuffer[], bc: GpuBuffer[], loop: { carry: GpuBuffer[] }, k: number): void {
    const ctx = this.ctx;
    const first = this.bodyP.run([...bc, ...loop.carry]);
    for (const c of loop.carry) ctx.release(c);
    loop.carry = first;
    for (let it = 1; it < k; it++) {
      const carry = loop.carry;
      const [p] = this.condP.run([...cc, ...carry]);
      const next = this.bodyP.run([...bc, ...carry]);
      loop.carry = carry.map((prev, j) => {
        const nb = next[j], sel = this.selects[j];
        if (nb === prev || sel === null) {
          // Passed through unchanged (or empty): nothing to select.
          ctx.release(nb);
          return prev;
        }
        const out = ctx.alloc(prev.bytes);
        dispatchKernel(ctx, sel, [p, nb, prev, out]);
        ctx.release(nb);
        ctx.release(prev);
        return out;
      });
      ctx.release(p);
    }
  }
}
