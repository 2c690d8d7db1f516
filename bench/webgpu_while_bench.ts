/**
 * WebGPU `while` loops whose predicate is computed on the GPU: milliseconds per loop and the number
 * of predicate readbacks (queue waits, ~11.5 ms each on Deno) per loop. Run:
 *
 *     deno run -A bench/webgpu_while_bench.ts
 *
 * Cases: `while i < n: i += 1; x = x * 1.0001` over x of 4 elements (a tiny body) for n = 10,
 * 100 and 1000, and `x = tanh(x @ x)` over x of 256×256 (a heavy body: a matmul per iteration),
 * each in speculative chunks (while_chunks.ts, the default) and with one predicate read per
 * iteration (`loopChunkMax = 1`, the waits of the exact protocol). The loop's inputs are
 * computed on the GPU, so the predicate is not known on the host (a `fori_loop` over host bounds
 * runs its predicate on the CPU in lockstep and never waits).
 */

import "../src/core/eval.ts";
import "../src/backend/cpu/cpu_backend.ts";
import * as P from "../src/lax/prims/index.ts";
import type { ShapedArray } from "../src/core/aval.ts";
import { initWebGpu, webGpuBackend } from "../src/backend/webgpu/init.ts";
import type { GpuBuffer } from "../src/backend/webgpu/device.ts";
import type { TypedArray } from "../src/dtype.ts";
import { type DeviceArray, jnp, lax, makeJaxpr } from "../mod.ts";

await initWebGpu();
const be = webGpuBackend();
if (!be) {
  console.log("webgpu_while_bench: no WebGPU device here; nothing to run");
  Deno.exit(0);
}
console.log(`device: ${be.describe()} (${be.isSoftware ? "software" : "hardware"} adapter)`);

// Counts the predicate readbacks of loop tasks (each one queue wait).
const ctx = be.ctx;
let waits = 0;
const realRead = ctx.readForTask.bind(ctx);
ctx.readForTask = (st, buf, bytes) => {
  waits++;
  return realRead(st, buf, bytes);
};

/** A buffer holding `data` that only the GPU has (so the loop cannot run on the host). */
function onGpu(data: TypedArray, aval: ShapedArray): GpuBuffer {
  const h = be!.fromHost(data, aval);
  const [g] = be!.execute(P.neg_p, {}, [h], [aval], [aval]);
  be!.release(h);
  return g;
}

const tiny = (i0: DeviceArray, n: DeviceArray, x: DeviceArray) =>
  lax.whileLoop(
    ([i]: DeviceArray[]) => lax.lt(i, n),
    ([i, y]: DeviceArray[]) => [lax.add(i, 1), lax.mul(y, 1.0001)],
    [i0, x],
  );
const heavy = (i0: DeviceArray, n: DeviceArray, x: DeviceArray) =>
  lax.whileLoop(
    ([i]: DeviceArray[]) => lax.lt(i, n),
    ([i, y]: DeviceArray[]) => [lax.add(i, 1), jnp.tanh(jnp.matmul(y, y))],
    [i0, x],
  );

/** Runs the loop `reps` times per mode, the modes interleaved (the machine's load varies). */
async function measure(name: string, f: typeof tiny, shape: number[], n: number) {
  const size = shape.reduce((a, b) => a * b, 1);
  const closed = makeJaxpr(f)(
    jnp.zeros([], { dtype: "int32" }),
    jnp.zeros([], { dtype: "int32" }),
    jnp.zeros(shape, { dtype: "float32" }),
  );
  const prog = be!.compile(closed);
  const [ia, na, xa] = closed.inAvals;
  const inputs = [
    onGpu(new Int32Array([0]), ia), // -0 = 0
    onGpu(new Int32Array([-n]), na),
    onGpu(new Float32Array(size).map((_, k) => -((k % 7) / 7)), xa),
  ];
  const once = async () => {
    const outs = prog.run(inputs);
    await be!.read(outs[0], closed.outAvals[0]);
    for (const o of outs) be!.release(o);
  };
  await once(); // compile pipelines
  const reps = n >= 1000 ? 1 : n >= 100 ? 3 : 10;
  const modes = [
    { label: "chunks", chunkMax: 64, ms: 0, waits: 0 },
    { label: "1 read/iteration", chunkMax: 1, ms: 0, waits: 0 },
  ];
  for (let r = 0; r < reps; r++) {
    for (const m of modes) {
      ctx.loopChunkMax = m.chunkMax;
      const w0 = waits, t0 = performance.now();
      await once();
      m.ms += (performance.now() - t0) / reps;
      m.waits += (waits - w0) / reps;
    }
  }
  ctx.loopChunkMax = 64;
  for (const m of modes) {
    console.log(
      `${name.padEnd(32)} n=${String(n).padStart(4)} ${m.label.padEnd(17)}` +
        `${m.ms.toFixed(1).padStart(8)} ms/loop ${m.waits.toFixed(0).padStart(5)} waits/loop ` +
        `${(m.ms / n).toFixed(2).padStart(6)} ms/iteration`,
    );
  }
  for (const b of inputs) be!.release(b);
}

for (const n of [10, 100, 1000]) await measure("tiny body (x[4] * 1.0001)", tiny, [4], n);
for (const n of [10, 100]) await measure("heavy body (tanh(x @ x), 256²)", heavy, [256, 256], n);
