/**
 * WebGPU backend benchmarks (issue 10). Run either way:
 *
 *     deno bench -A bench/webgpu_bench.ts     # summary table, then Deno.bench per-op cases
 *     deno run -A bench/webgpu_bench.ts       # summary table only
 *
 * The summary compares, on the same device and run:
 *  - the submit+wait floor of a raw WebGPU baseline written here (one dispatch per submit, and
 *    100 dispatches batched in one submit) with this backend's read and blockUntilReady floors;
 *  - the per-op dispatch cost (encode only, no wait) of this backend with the raw baseline's;
 *  - matmul GFLOP/s at 256 and 1024 (and 4096 on a hardware GPU) for this backend, the best of
 *    two hand-written WGSL kernels (register-blocked, and tiled in workgroup memory), and jax-js's
 *    WebGPU backend (npm:@jax-js/jax, a bench-only devDependency) when it is installed.
 * Matmul times are differential (R runs minus one run, divided by R − 1) so the fixed
 * submit+wait floor is not counted as compute. Runs unchanged on a real GPU (Vulkan).
 */

import "../src/core/eval.ts";
import "../src/backend/cpu/cpu_backend.ts";
import * as P from "../src/lax/prims/index.ts";
import { ShapedArray } from "../src/core/aval.ts";
import { backendWithLimits, initWebGpu, webGpuBackend } from "../src/backend/webgpu/init.ts";
import { ClosedJaxpr, Jaxpr, JaxprEqn, Literal, Var } from "../src/core/jaxpr.ts";

const SU = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST

await initWebGpu();
const be = webGpuBackend();
if (!be) {
  console.log(
    "webgpu_bench: no WebGPU device here (navigator.gpu missing or no adapter); nothing to run",
  );
  Deno.exit(0);
}
const device = be.ctx.device;
const hardware = !be.isSoftware;
console.log(`device: ${be.describe()} (${hardware ? "hardware" : "software"} adapter)`);

async function timeAsync(n: number, f: () => Promise<void> | void): Promise<number> {
  await f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  return (performance.now() - t0) / n;
}

// Raw WebGPU baseline ---------------------------------------------------------------------------

const rawBuf = device.createBuffer({ size: 4096, usage: SU });
const rawRead = device.createBuffer({ size: 4096, usage: 0x1 | 0x8 });
const rawPipe = device.createComputePipeline({
  layout: "auto",
  compute: {
    module: device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x < arrayLength(&a)) { a[g.x] = a[g.x] + 1.0; }
}`,
    }),
    entryPoint: "main",
  },
});
const rawBind = device.createBindGroup({
  layout: rawPipe.getBindGroupLayout(0),
  entries: [{ binding: 0, resource: { buffer: rawBuf } }],
});
function rawEncode(n: number): GPUCommandEncoder {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  for (let i = 0; i < n; i++) {
    pass.setPipeline(rawPipe);
    pass.setBindGroup(0, rawBind);
    pass.dispatchWorkgroups(16);
  }
  pass.end();
  return enc;
}

const rows: [string, string][] = [];
const row = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};
const ms = (x: number) => `${x.toFixed(2)} ms`;
const us = (x: number) => `${(x * 1000).toFixed(1)} µs`;

console.log("\n-- submit + wait floor --");
row(
  "raw: 1 dispatch, submit, onSubmittedWorkDone",
  ms(
    await timeAsync(20, async () => {
      device.queue.submit([rawEncode(1).finish()]);
      await device.queue.onSubmittedWorkDone();
    }),
  ),
);
row(
  "raw: 1 dispatch + copy, submit, mapAsync",
  ms(
    await timeAsync(20, async () => {
      const e = rawEncode(1);
      e.copyBufferToBuffer(rawBuf, 0, rawRead, 0, 4096);
      device.queue.submit([e.finish()]);
      await rawRead.mapAsync(1);
      rawRead.unmap();
    }),
  ),
);
const batched = await timeAsync(10, async () => {
  device.queue.submit([rawEncode(100).finish()]);
  await device.queue.onSubmittedWorkDone();
});
row("raw: 100 dispatches in one submit + wait (per submit)", ms(batched));
const small = new ShapedArray([1024], "float32");
const x0 = be.fromHost(new Float32Array(1024).fill(1), small);
row(
  "jaxscript: add + read (await x.data())",
  ms(
    await timeAsync(20, async () => {
      const [y] = be.execute(P.add_p, {}, [x0, x0], [small, small], [small]);
      await be.read(y, small);
      be.release(y);
    }),
  ),
);
row(
  "jaxscript: add + blockUntilReady",
  ms(
    await timeAsync(20, async () => {
      const [y] = be.execute(P.add_p, {}, [x0, x0], [small, small], [small]);
      await be.ready(y);
      be.release(y);
    }),
  ),
);

console.log("\n-- per-op dispatch cost (encode, no wait) --");
{
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) device.queue.submit([rawEncode(1).finish()]);
  const t1 = performance.now();
  await device.queue.onSubmittedWorkDone();
  row("raw: 1 dispatch per submit (encode + submit)", us((t1 - t0) / n));
  const t2 = performance.now();
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  for (let i = 0; i < n; i++) {
    pass.setPipeline(rawPipe);
    pass.setBindGroup(0, rawBind);
    pass.dispatchWorkgroups(16);
  }
  pass.end();
  device.queue.submit([enc.finish()]);
  const t3 = performance.now();
  await device.queue.onSubmittedWorkDone();
  row("raw: dispatches batched in one pass (per dispatch)", us((t3 - t2) / n));
  let x = be.fromHost(new Float32Array(1024).fill(1), small);
  const t4 = performance.now();
  for (let i = 0; i < n; i++) {
    const [y] = be.execute(P.mul_p, {}, [x, x], [small, small], [small]);
    be.release(x);
    x = y;
  }
  be.flush();
  const t5 = performance.now();
  await be.ready(x);
  be.release(x);
  row("jaxscript: eager op (plan lookup + bind group + dispatch)", us((t5 - t4) / n));
  // A jitted 5-op elementwise program: one fused kernel per call.
  const a = new Var(small), b = new Var(small);
  const vs = [new Var(small), new Var(small), new Var(small), new Var(small), new Var(small)];
  const lit = new Literal(0.5, new ShapedArray([], "float32"));
  const eqns = [
    new JaxprEqn(P.mul_p, [a, b], {}, [vs[0]]),
    new JaxprEqn(P.add_p, [vs[0], lit], {}, [vs[1]]),
    new JaxprEqn(P.tanh_p, [vs[1]], {}, [vs[2]]),
    new JaxprEqn(P.sub_p, [vs[2], a], {}, [vs[3]]),
    new JaxprEqn(P.mul_p, [vs[3], b], {}, [vs[4]]),
  ];
  const prog = be.compile(new ClosedJaxpr(new Jaxpr([], [a, b], eqns, [vs[4]]), []));
  let z = be.fromHost(new Float32Array(1024).fill(0.5), small);
  const t6 = performance.now();
  for (let i = 0; i < n; i++) {
    const [y] = prog.run([z, x0]);
    be.release(z);
    z = y;
  }
  be.flush();
  const t7 = performance.now();
  await be.ready(z);
  be.release(z);
  row(
    `jaxscript: jitted 5-op program (${prog.kernelCount} fused kernel) per call`,
    us((t7 - t6) / n),
  );
}

// Matmul -------------------------------------------------------------------------------------

/** Hand-written kernels for square n×n (n a multiple of 64). */
function handKernels(n: number): { name: string; code: string; groups: [number, number] }[] {
  const reg = `@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let m0 = i32(g.y) * 4; let n0 = i32(g.x) * 4;
  var c0 = vec4<f32>(); var c1 = vec4<f32>(); var c2 = vec4<f32>(); var c3 = vec4<f32>();
  for (var k = 0; k < ${n}; k = k + 1) {
    let b = vec4<f32>(B[k * ${n} + n0], B[k * ${n} + n0 + 1], B[k * ${n} + n0 + 2], B[k * ${n} + n0 + 3]);
    c0 = fma(vec4<f32>(A[m0 * ${n} + k]), b, c0);
    c1 = fma(vec4<f32>(A[(m0 + 1) * ${n} + k]), b, c1);
    c2 = fma(vec4<f32>(A[(m0 + 2) * ${n} + k]), b, c2);
    c3 = fma(vec4<f32>(A[(m0 + 3) * ${n} + k]), b, c3);
  }
  let o = m0 * ${n} + n0;
  C[o] = c0.x; C[o + 1] = c0.y; C[o + 2] = c0.z; C[o + 3] = c0.w;
  C[o + ${n}] = c1.x; C[o + ${n} + 1] = c1.y; C[o + ${n} + 2] = c1.z; C[o + ${n} + 3] = c1.w;
  C[o + ${2 * n}] = c2.x; C[o + ${2 * n} + 1] = c2.y; C[o + ${2 * n} + 2] = c2.z; C[o + ${
    2 * n
  } + 3] = c2.w;
  C[o + ${3 * n}] = c3.x; C[o + ${3 * n} + 1] = c3.y; C[o + ${3 * n} + 2] = c3.z; C[o + ${
    3 * n
  } + 3] = c3.w;
}`;
  const tiled = `@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
var<workgroup> As: array<vec4<f32>, 256>;
var<workgroup> Bs: array<vec4<f32>, 256>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let tx = i32(lid.x); let ty = i32(lid.y); let l = i32(li);
  let m0 = i32(wid.y) * 64; let n0 = i32(wid.x) * 64;
  var c0 = vec4<f32>(); var c1 = vec4<f32>(); var c2 = vec4<f32>(); var c3 = vec4<f32>();
  for (var k0 = 0; k0 < ${n}; k0 = k0 + 16) {
    let ak = l % 16; let am = m0 + (l / 16) * 4;
    As[ak * 16 + l / 16] = vec4<f32>(A[am * ${n} + k0 + ak], A[(am + 1) * ${n} + k0 + ak],
      A[(am + 2) * ${n} + k0 + ak], A[(am + 3) * ${n} + k0 + ak]);
    let bk = l / 16; let bn = n0 + (l % 16) * 4; let bb = (k0 + bk) * ${n} + bn;
    Bs[bk * 16 + l % 16] = vec4<f32>(B[bb], B[bb + 1], B[bb + 2], B[bb + 3]);
    workgroupBarrier();
    for (var kk = 0; kk < 16; kk = kk + 1) {
      let a = As[kk * 16 + ty]; let b = Bs[kk * 16 + tx];
      c0 = fma(vec4<f32>(a.x), b, c0); c1 = fma(vec4<f32>(a.y), b, c1);
      c2 = fma(vec4<f32>(a.z), b, c2); c3 = fma(vec4<f32>(a.w), b, c3);
    }
    workgroupBarrier();
  }
  let o = (m0 + ty * 4) * ${n} + n0 + tx * 4;
  C[o] = c0.x; C[o + 1] = c0.y; C[o + 2] = c0.z; C[o + 3] = c0.w;
  C[o + ${n}] = c1.x; C[o + ${n} + 1] = c1.y; C[o + ${n} + 2] = c1.z; C[o + ${n} + 3] = c1.w;
  C[o + ${2 * n}] = c2.x; C[o + ${2 * n} + 1] = c2.y; C[o + ${2 * n} + 2] = c2.z; C[o + ${
    2 * n
  } + 3] = c2.w;
  C[o + ${3 * n}] = c3.x; C[o + ${3 * n} + 1] = c3.y; C[o + ${3 * n} + 2] = c3.z; C[o + ${
    3 * n
  } + 3] = c3.w;
}`;
  return [
    { name: "register-blocked", code: reg, groups: [n / 64, n / 64] },
    { name: "tiled (workgroup memory)", code: tiled, groups: [n / 64, n / 64] },
  ];
}

/** Differential time of one run: (R runs + wait) − (1 run + wait), over R − 1. */
async function perRun(run: (reps: number) => Promise<void>, reps: number): Promise<number> {
  await run(1);
  const best = (xs: number[]) => Math.min(...xs);
  const one: number[] = [], many: number[] = [];
  for (let t = 0; t < 3; t++) {
    let t0 = performance.now();
    await run(1);
    one.push(performance.now() - t0);
    t0 = performance.now();
    await run(reps);
    many.push(performance.now() - t0);
  }
  return Math.max(1e-6, (best(many) - best(one)) / (reps - 1));
}

const gflops = (n: number, msPer: number) => (2 * n ** 3) / (msPer * 1e6);

// deno-lint-ignore no-explicit-any
type Any = any;
let jx: Any = null;
try {
  jx = await import(new URL("../node_modules/@jax-js/jax/dist/index.js", import.meta.url).href);
  const devs: string[] = await jx.init();
  if (devs.includes("webgpu")) jx.defaultDevice("webgpu");
  else jx = null;
} catch {
  jx = null;
}

console.log("\n-- matmul float32, GFLOP/s --");
const sizes = hardware ? [256, 1024, 4096] : [256, 1024];
for (const n of sizes) {
  const reps = n <= 256 ? 20 : n <= 1024 ? (hardware ? 20 : 4) : 10;
  const a = new ShapedArray([n, n], "float32");
  const host = new Float32Array(n * n).map((_, i) => ((i * 7) % 13) / 13 - 0.5);
  const A = be.fromHost(host, a), B = be.fromHost(host, a);
  const params = { dimension_numbers: [[[1], [0]], [[], []]], preferred_element_type: null };
  const ours = await perRun(async (r) => {
    let last = null;
    for (let i = 0; i < r; i++) {
      const [c] = be.execute(P.dot_general_p, params, [A, B], [a, a], [a]);
      if (last) be.release(last);
      last = c;
    }
    await be.ready(last!);
    be.release(last!);
  }, reps);
  row(`jaxscript ${n}×${n}`, `${gflops(n, ours).toFixed(2)} GFLOP/s (${ms(ours)})`);
  let bestHand = 0;
  for (const hk of handKernels(n)) {
    const pipe = device.createComputePipeline({
      layout: "auto",
      compute: { module: device.createShaderModule({ code: hk.code }), entryPoint: "main" },
    });
    const bufs = [0, 1, 2].map(() => device.createBuffer({ size: n * n * 4, usage: SU }));
    device.queue.writeBuffer(bufs[0], 0, host);
    device.queue.writeBuffer(bufs[1], 0, host);
    const bind = device.createBindGroup({
      layout: pipe.getBindGroupLayout(0),
      entries: bufs.map((b, i) => ({ binding: i, resource: { buffer: b } })),
    });
    const t = await perRun(async (r) => {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipe);
      pass.setBindGroup(0, bind);
      for (let i = 0; i < r; i++) pass.dispatchWorkgroups(hk.groups[0] * 4 / 4, hk.groups[1]);
      pass.end();
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
    }, reps);
    bestHand = Math.max(bestHand, gflops(n, t));
    row(`hand-written WGSL ${hk.name} ${n}×${n}`, `${gflops(n, t).toFixed(2)} GFLOP/s (${ms(t)})`);
    for (const b of bufs) b.destroy();
  }
  if (jx) {
    // jax-js is lazy (an array disposed before it is awaited is never computed), so each run is
    // awaited and the wait floor, measured with a tiny op, is subtracted.
    const np = jx.numpy;
    const ja = np.array(host).reshape([n, n]);
    const jb = np.array(host).reshape([n, n]);
    const tiny = np.array(new Float32Array(16));
    await ja.blockUntilReady();
    await jb.blockUntilReady();
    const awaited = async (r: number, f: () => Any) => {
      await (async () => {
        const y = f();
        await y.blockUntilReady();
        y.dispose();
      })();
      let best = Infinity;
      for (let t = 0; t < 3; t++) {
        const t0 = performance.now();
        for (let i = 0; i < r; i++) {
          const y = f();
          await y.blockUntilReady();
          y.dispose();
        }
        best = Math.min(best, (performance.now() - t0) / r);
      }
      return best;
    };
    const r = Math.max(2, Math.floor(reps / 2));
    const floor = await awaited(r, () => np.add(tiny.ref, tiny.ref));
    const t = Math.max(1e-6, (await awaited(r, () => np.matmul(ja.ref, jb.ref))) - floor);
    row(`jax-js webgpu ${n}×${n}`, `${gflops(n, t).toFixed(2)} GFLOP/s (${ms(t)})`);
  } else {
    row(`jax-js webgpu ${n}×${n}`, "not available (npm install brings @jax-js/jax)");
  }
  row(`best hand-written ${n}×${n}`, `${bestHand.toFixed(2)} GFLOP/s`);
  if (hardware) {
    // The other matmul kernel of this backend (register-blocked, as on software adapters).
    const alt = backendWithLimits({ workgroupMatmul: false })!;
    const A2 = alt.fromHost(host, a), B2 = alt.fromHost(host, a);
    const t = await perRun(async (r) => {
      let last = null;
      for (let i = 0; i < r; i++) {
        const [c] = alt.execute(P.dot_general_p, params, [A2, B2], [a, a], [a]);
        if (last) alt.release(last);
        last = c;
      }
      await alt.ready(last!);
      alt.release(last!);
    }, reps);
    row(`jaxscript register-blocked variant ${n}×${n}`, `${gflops(n, t).toFixed(2)} GFLOP/s`);
    alt.release(A2);
    alt.release(B2);
  }
  be.release(A);
  be.release(B);
}

// Deno.bench cases (only under `deno bench`) ----------------------------------------------------

if (typeof Deno !== "undefined" && typeof Deno.bench === "function") {
  Deno.bench("jaxscript eager add [1024] (encode only)", () => {
    const [y] = be.execute(P.add_p, {}, [x0, x0], [small, small], [small]);
    be.release(y);
  });
  Deno.bench("jaxscript add + read (submit + wait)", async () => {
    const [y] = be.execute(P.add_p, {}, [x0, x0], [small, small], [small]);
    await be.read(y, small);
    be.release(y);
  });
  Deno.bench("raw WebGPU 1 dispatch + submit + wait", async () => {
    device.queue.submit([rawEncode(1).finish()]);
    await device.queue.onSubmittedWorkDone();
  });
  Deno.bench("raw WebGPU 100 dispatches + one submit + wait", async () => {
    device.queue.submit([rawEncode(100).finish()]);
    await device.queue.onSubmittedWorkDone();
  });
}
