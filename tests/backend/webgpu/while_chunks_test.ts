/**
 * While loops whose predicate is computed on the GPU run in guarded speculative chunks when cond
 * and body are kernels only (src/backend/webgpu/while_chunks.ts): iterations past the end leave
 * every carry bit-for-bit unchanged, the predicate is read once per chunk (chunk sizes 1, 2, 4, …
 * up to a cap), and loops with nested loops in their body keep the exact per-iteration protocol.
 * Each test uses its own context with timing-independent chunk sizes, so reads can be counted.
 */

import { assert, assertExact } from "../../harness.ts";
import * as P from "../../../src/lax/prims/index.ts";
import type { ShapedArray } from "../../../src/core/aval.ts";
import type { ClosedJaxpr } from "../../../src/core/jaxpr.ts";
import type { TypedArray } from "../../../src/dtype.ts";
import type { WebGpuBackend } from "../../../src/backend/webgpu/backend.ts";
import type { GpuBuffer } from "../../../src/backend/webgpu/device.ts";
import { backendWithLimits } from "../../../src/backend/webgpu/init.ts";
import { runJaxprCpu } from "./jaxpr_util.ts";
import { gpuTest } from "./util.ts";
import { type DeviceArray, jnp, lax, makeJaxpr, vmap } from "../../../mod.ts";

/** A context of its own whose chunks grow 1, 2, 4, … up to `cap` whatever the timing. */
function chunkedBackend(cap: number): WebGpuBackend {
  const be = backendWithLimits({})!;
  be.ctx.loopChunkMax = cap;
  be.ctx.loopChunkGrowth = Infinity;
  return be;
}

/** Predicate reads of a speculable loop of `n` iterations: the first check, then one a chunk. */
function chunkReads(n: number, cap: number): number {
  let reads = 1, done = 0, k = 1;
  while (done < n) {
    done += k;
    reads++;
    k = Math.min(2 * k, cap);
  }
  return reads;
}

/** A buffer only the GPU holds (a loop over it cannot run its predicate on the host). */
function onGpu(be: WebGpuBackend, data: TypedArray, a: ShapedArray): GpuBuffer {
  const h = be.fromHost(data, a);
  const [g] = be.execute(P.neg_p, {}, [h], [a], [a]);
  const [d] = be.execute(P.neg_p, {}, [g], [a], [a]); // -(-x): every value kept, NaNs included
  for (const b of [h, g]) be.release(b);
  return d;
}

/** Runs `closed` on WebGPU from GPU-only inputs; returns host outputs and the reads it made. */
async function runCounted(
  be: WebGpuBackend,
  closed: ClosedJaxpr,
  inputs: TypedArray[],
): Promise<{ outs: TypedArray[]; reads: number }> {
  const bufs = inputs.map((x, i) => onGpu(be, x, closed.inAvals[i]));
  const before = be.ctx.taskReads;
  const outBufs = be.compile(closed).run(bufs);
  const outs = await Promise.all(outBufs.map((b, i) => be.read(b, closed.outAvals[i])));
  const reads = be.ctx.taskReads - before;
  for (const b of [...bufs, ...outBufs]) be.release(b);
  return { outs, reads };
}

/** The 32-bit words of a host array (bool as 0/1). */
function words(x: TypedArray): Uint32Array {
  if (x instanceof Uint8Array) return Uint32Array.from(x);
  return new Uint32Array(x.buffer, x.byteOffset, x.length);
}

const i32 = (v: number) => new Int32Array([v]);
const F = "float32";

// A loop whose body keeps changing every carry after its end: i counts, x flips sign and grows
// (-0, NaN and ±inf included), u wraps around, b toggles, q adds 7 / (n - i), a division by zero
// in the first wasted iteration, and k is passed through unchanged.
const everyKind = makeJaxpr((i0: DeviceArray, n: DeviceArray, x: DeviceArray, u: DeviceArray) =>
  lax.whileLoop(
    ([i]: DeviceArray[]) => lax.lt(i, n),
    ([i, xx, uu, bb, q, k]: DeviceArray[]) => [
      lax.add(i, 1),
      lax.mul(xx, -2),
      lax.add(lax.mul(uu, jnp.array(2654435761, { dtype: "uint32" })), 1),
      lax.bitwiseNot(bb),
      lax.add(q, lax.div(7, lax.sub(n, i))),
      k,
    ],
    [i0, x, u, lax.lt(x, 0), lax.mul(i0, 3), lax.add(i0, 5)],
  )
)(
  jnp.zeros([], { dtype: "int32" }),
  jnp.zeros([], { dtype: "int32" }),
  jnp.zeros([6], { dtype: "float32" }),
  jnp.zeros([3], { dtype: "uint32" }),
);
const xData = new Float32Array([-0, NaN, Infinity, -Infinity, 1.5, -3]);
const uData = new Uint32Array([0, 1, 0xffffffff]);

gpuTest(
  "guarded chunks: loops of 0, 1, K-1, K, K+1 … 2K+3 iterations (K = 4) equal the exact protocol bit for bit, and the CPU",
  async () => {
    const cap = 4;
    const chunked = chunkedBackend(cap), exact = chunkedBackend(1);
    for (let n = 0; n <= 2 * cap + 3 + 5; n++) {
      const ins = [i32(0), i32(n), xData, uData];
      const got = await runCounted(chunked, everyKind, ins);
      const ref = await runCounted(exact, everyKind, ins);
      assert.equal(got.reads, chunkReads(n, cap), `reads of ${n} iterations in chunks`);
      assert.equal(ref.reads, n + 1, `reads of ${n} iterations one at a time`);
      const cpu = runJaxprCpu(everyKind, ins);
      for (let j = 0; j < cpu.length; j++) {
        assertExact(words(got.outs[j]), words(ref.outs[j]));
        assertExact(got.outs[j], cpu[j]);
      }
      assertExact(got.outs[0], [n]);
    }
  },
);

gpuTest("guarded chunks: a 1000-iteration loop reads its predicate 22 times", async () => {
  const be = chunkedBackend(64);
  const closed = makeJaxpr((i0: DeviceArray, n: DeviceArray, x: DeviceArray) =>
    lax.whileLoop(
      ([i]: DeviceArray[]) => lax.lt(i, n),
      ([i, y]: DeviceArray[]) => [lax.add(i, 1), lax.add(lax.mul(y, 1.0001), 0.5)],
      [i0, x],
    )
  )(jnp.zeros([], { dtype: "int32" }), jnp.zeros([], { dtype: "int32" }), jnp.zeros([4]));
  const ins = [i32(0), i32(1000), new Float32Array([1, -2, 3, 0.25])];
  const { outs, reads } = await runCounted(be, closed, ins);
  assert.equal(reads, 22); // 1 + 7 chunks to 127 iterations + 14 of 64
  assert.equal(reads, chunkReads(1000, 64));
  const cpu = runJaxprCpu(closed, ins);
  assertExact(outs[0], cpu[0]);
  assertExact(outs[1], cpu[1]);
});

gpuTest("guarded chunks: vmap's batched predicate (any lane) runs in chunks too", async () => {
  const be = chunkedBackend(4);
  // Each lane counts to its own bound; the loop runs until the last lane is done.
  const closed = makeJaxpr(vmap((i0: DeviceArray, n: DeviceArray, x: DeviceArray) =>
    lax.whileLoop(
      ([i]: DeviceArray[]) => lax.lt(i, n),
      ([i, y]: DeviceArray[]) => [lax.add(i, 1), lax.sub(lax.mul(y, 3), i)],
      [i0, x],
    )
  ))(
    jnp.zeros([5], { dtype: "int32" }),
    jnp.zeros([5], { dtype: "int32" }),
    jnp.zeros([5], { dtype: "int32" }),
  );
  const ins = [
    new Int32Array([0, 0, 2, 5, 1]),
    new Int32Array([0, 3, 9, 5, 10]),
    new Int32Array([1, -1, 7, 4, 2]),
  ];
  const { outs, reads } = await runCounted(be, closed, ins);
  assert.equal(reads, chunkReads(9, 4)); // the longest lane: 9 iterations
  const cpu = runJaxprCpu(closed, ins);
  assertExact(outs[0], cpu[0]);
  assertExact(outs[1], cpu[1]);
  assertExact(outs[0], [0, 3, 9, 5, 10]);
});

gpuTest("guarded chunks: a body holding a scan (of kernels only) runs in chunks", async () => {
  const cap = 4;
  const be = chunkedBackend(cap);
  // while i < n: x = scan(c, t: c * 2 + t over t = 0, 1, 2)'s final carry
  const closed = makeJaxpr((i0: DeviceArray, n: DeviceArray, x: DeviceArray) =>
    lax.whileLoop(
      ([i]: DeviceArray[]) => lax.lt(i, n),
      ([i, y]: DeviceArray[]) => {
        const [c] = lax.scan(
          (cc: DeviceArray, t: DeviceArray) => [lax.add(lax.mul(cc, 2), t), cc],
          y,
          jnp.arange(3, { dtype: "int32" }),
        );
        return [lax.add(i, 1), c];
      },
      [i0, x],
    )
  )(
    jnp.zeros([], { dtype: "int32" }),
    jnp.zeros([], { dtype: "int32" }),
    jnp.zeros([2], {
      dtype: "int32",
    }),
  );
  for (const n of [0, 2, 6]) {
    const ins = [i32(0), i32(n), new Int32Array([1, -5])];
    const { outs, reads } = await runCounted(be, closed, ins);
    assert.equal(reads, chunkReads(n, cap), `reads with n = ${n}`);
    const cpu = runJaxprCpu(closed, ins);
    assertExact(outs[0], cpu[0]);
    assertExact(outs[1], cpu[1]);
  }
});

gpuTest(
  "a loop whose body holds a loop keeps the exact protocol (the inner loop would not end past the outer's end)",
  async () => {
    const cap = 4;
    const be = chunkedBackend(cap);
    // Outer: while i < n. Its body counts d = n - 1 - i down to 0 in an inner loop, which for
    // i = n (an iteration past the outer end) starts at -1 and ends only after 1000 steps: an
    // outer loop run speculatively would make many more reads than counted here.
    const closed = makeJaxpr((i0: DeviceArray, n: DeviceArray) =>
      lax.whileLoop(
        ([i]: DeviceArray[]) => lax.lt(i, n),
        ([i, acc, k]: DeviceArray[]) => {
          const [d, steps] = lax.whileLoop(
            ([dd, s]: DeviceArray[]) => lax.bitwiseAnd(lax.ne(dd, 0), lax.lt(s, 1000)),
            ([dd, s]: DeviceArray[]) => [lax.sub(dd, 1), lax.add(s, 1)],
            [lax.sub(lax.sub(n, 1), i), lax.mul(i, 0)],
          ) as DeviceArray[];
          return [lax.add(i, 1), lax.add(lax.add(acc, steps), lax.mul(d, 100)), k];
        },
        [i0, lax.mul(i0, 0), lax.add(i0, 7)],
      )
    )(jnp.zeros([], { dtype: "int32" }), jnp.zeros([], { dtype: "int32" }));
    for (const n of [0, 1, 3, 6]) {
      const ins = [i32(0), i32(n)];
      const { outs, reads } = await runCounted(be, closed, ins);
      let inner = 0;
      for (let i = 0; i < n; i++) inner += chunkReads(n - 1 - i, cap);
      assert.equal(reads, n + 1 + inner, `reads with n = ${n}`);
      const cpu = runJaxprCpu(closed, ins);
      assertExact(outs[0], cpu[0]);
      assertExact(outs[1], cpu[1]);
      assertExact(outs[1], [n === 0 ? 0 : (n * (n - 1)) / 2]); // each inner loop's steps
      assertExact(outs[2], [7]);
    }
    // Every buffer given back, the pass-through carry's references included.
    assert.equal(be.memoryStats().liveBuffers, 0);
  },
);

gpuTest(
  "guarded chunks keep bytes in use bounded and give every buffer back (pass-through carries too)",
  async () => {
    const be = chunkedBackend(64);
    const closed = makeJaxpr((i0: DeviceArray, n: DeviceArray, x: DeviceArray, k: DeviceArray) =>
      lax.whileLoop(
        ([i]: DeviceArray[]) => lax.lt(i, n),
        ([i, y, kk]: DeviceArray[]) => [lax.add(i, 1), lax.add(lax.mul(y, 0.5), kk), kk],
        [i0, x, k],
      )
    )(
      jnp.zeros([], { dtype: "int32" }),
      jnp.zeros([], { dtype: "int32" }),
      jnp.zeros([100000]),
      jnp.zeros([100000]),
    );
    const big = 100000 * 4;
    const ins = [i32(0), i32(300), new Float32Array(100000).fill(3), new Float32Array(100000)];
    const bufs = ins.map((x, i) => onGpu(be, x, closed.inAvals[i]));
    await Promise.all(bufs.map((b) => be.ready(b)));
    const start = be.memoryStats();
    be.ctx.peakBytesInUse = start.bytesInUse;
    const outs = be.compile(closed).run(bufs);
    const y = await be.read(outs[1], closed.outAvals[1]);
    assert.equal(y[0], 0);
    const peak = be.ctx.peakBytesInUse - start.bytesInUse;
    // Outputs (3 buffers) plus a few carries in flight, not one per iteration of a chunk.
    assert.ok(peak <= 8 * big, `peak ${peak} bytes above the start for ${big}-byte carries`);
    for (const b of [...bufs, ...outs]) be.release(b);
    const end = be.memoryStats();
    assert.equal(end.bytesInUse, 0, `bytes still in use: ${JSON.stringify(end)}`);
    assert.equal(end.liveBuffers, 0);
  },
);

gpuTest(
  "a loop counter known on the host still runs its predicate on the CPU (no reads)",
  async () => {
    const be = chunkedBackend(64);
    const closed = makeJaxpr((i0: DeviceArray, n: DeviceArray, x: DeviceArray) =>
      lax.whileLoop(
        ([i]: DeviceArray[]) => lax.lt(i, n),
        ([i, y, k]: DeviceArray[]) => [lax.add(i, 1), lax.add(y, lax.convertElementType(i, F)), k],
        [i0, x, lax.neg(x)],
      )
    )(jnp.zeros([], { dtype: "int32" }), jnp.zeros([], { dtype: "int32" }), jnp.zeros([3]));
    const [ia, na, xa] = closed.inAvals;
    const i0 = be.fromHost(i32(0), ia), n = be.fromHost(i32(50), na);
    const x = onGpu(be, new Float32Array([1, 2, 3]), xa);
    const tasks = be.ctx.tasks, reads = be.ctx.taskReads;
    const outs = be.compile(closed).run([i0, n, x]);
    assert.equal(be.ctx.tasks - tasks, 0, "no task: the body runs on the GPU in lockstep");
    const y = await be.read(outs[1], closed.outAvals[1]);
    assert.equal(be.ctx.taskReads - reads, 0);
    assertExact(y, runJaxprCpu(closed, [i32(0), i32(50), new Float32Array([1, 2, 3])])[1]);
    for (const b of [i0, n, x, ...outs]) be.release(b);
    // Every buffer given back, the pass-through carry's references included.
    assert.equal(be.memoryStats().liveBuffers, 0);
  },
);
