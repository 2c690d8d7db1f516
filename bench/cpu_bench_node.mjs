#!/usr/bin/env node
// The CPU benchmark's jaxscript column on Node (the built package; Node 20 cannot run the .ts
// suite of bench/cpu_bench.ts):
//
//     npm run build && node bench/cpu_bench_node.mjs
//
// Same workloads and inputs as bench/cpu/common.ts, median of 7 batches of >= 60 ms. Compare
// with the jaxscript column of `deno task bench` on the same machine (issue 7: Node within 1.5×
// of Deno).

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/mod.js", import.meta.url));
if (!existsSync(dist)) {
  console.error("run `npm run build` first (dist/mod.js is missing)");
  process.exit(1);
}
const { jit, jnp, vmap } = await import(dist);

function randomF32(n, seed) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

function time(run, minBatchMs = 60, rounds = 7) {
  const w0 = performance.now();
  for (let i = 0; (i < 5 || performance.now() - w0 < 300) && i < 10000; i++) run();
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) run();
    const t = performance.now() - t0;
    if (t >= minBatchMs) break;
    n = Math.max(n * 2, Math.ceil((n * minBatchMs * 1.2) / Math.max(t, 1e-3)));
  }
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) run();
    times.push((performance.now() - t0) / n);
  }
  times.sort((a, b) => a - b);
  return times[rounds >> 1] / 1000; // seconds
}

const arr = (x, shape) => jnp.asarray(x).reshape(shape);
const mmA = arr(randomF32(1024 * 1024, 1), [1024, 1024]);
const mmB = arr(randomF32(1024 * 1024, 2), [1024, 1024]);
const linX = arr(randomF32(1600, 3), [16, 100]), linW = arr(randomF32(6400, 4), [100, 64]);
const linB = arr(randomF32(64, 5), [64]);
const dotA = arr(randomF32(15000, 6), [100, 150]), dotB = arr(randomF32(15000, 7), [100, 150]);
const addA = arr(randomF32(10, 8), [10]), addB = arr(randomF32(10, 9), [10]);
const expA = arr(randomF32(1_000_000, 10), [1_000_000]);
// Let the worker pool start (it is created on the first large product).
jnp.matmul(mmA, mmB);
await new Promise((r) => setTimeout(r, 200));

const lin = jit((x, w, b) => jnp.add(jnp.dot(x, w), b));
const vdot = jit(vmap(jnp.dot));
const expSum = jit((a) => jnp.sum(jnp.exp(jnp.add(jnp.multiply(a, 2), 1))));
const triv = jit((x) => jnp.add(x, 1));
const rows = [
  [
    "f32 matmul 1024³",
    `${(2 * 1024 ** 3 / time(() => jnp.matmul(mmA, mmB), 150) / 1e9).toFixed(1)} GFLOP/s`,
  ],
  ["linear layer, jitted, per call", `${(time(() => lin(linX, linW, linB)) * 1e6).toFixed(2)} µs`],
  ["jit(vmap(dot)) 100×150", `${(time(() => vdot(dotA, dotB)) * 1e6).toFixed(2)} µs`],
  [
    "eager add of two 10-element arrays",
    `${(time(() => jnp.add(addA, addB)) * 1e6).toFixed(3)} µs`,
  ],
  ["exp(2a+1).sum() over 1e6, jitted", `${(time(() => expSum(expA)) * 1e3).toFixed(2)} ms`],
  ["jit call, x => x + 1 on f32[10]", `${(time(() => triv(addA)) * 1e6).toFixed(3)} µs`],
];
console.log(`# jaxscript CPU benchmark — Node ${process.version}`);
console.log("| workload | jaxscript (Node) |\n|---|---|");
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
process.exit(0);
