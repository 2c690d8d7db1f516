/**
 * The tutorial this project grew from — JAX's `vmap`, from batched dot products to a jitted
 * linear layer — translated cell by cell to TypeScript. Run it with
 *
 *   deno run --allow-env --allow-read examples/vmap_tutorial.ts        (or: npm start)
 *   JAX_PLATFORMS=webgpu deno run -A examples/vmap_tutorial.ts         (on WebGPU)
 *
 * Each cell prints its code (as `In [n]:`) and what JAX prints for it. Timings use `timeit`,
 * which waits for the device before stopping the clock (block-until-ready semantics), like
 * IPython's %timeit in the original notebook. Set JAXSCRIPT_QUICK=1 for one short run per
 * timing (the tests do).
 */

import process from "node:process";
import { defaultDevice, DeviceArray, jit, jnp, random, time, timeit, vmap } from "../mod.ts";

const quick = (() => {
  try {
    return process.env.JAXSCRIPT_QUICK === "1";
  } catch {
    return false;
  }
})();
// Three timing runs each (IPython 5's "best of 3"): enough to show the point without a long wait.
const timing = quick ? { number: 1, repeat: 1 } : { repeat: 3 };

let n = 0;
/**
 * Prints a notebook cell: its source, then its output (if any). Arrays are read back first, as
 * a notebook does when it displays them (on WebGPU their values live on the GPU until then).
 */
async function cell(source: string, out?: unknown): Promise<void> {
  n++;
  console.log(`\nIn [${n}]: ${source.split("\n").join("\n   ...: ")}`);
  if (out === undefined) return;
  await show(out);
}

/** Reads an array (or arrays in a list) back to the host, then prints it. */
async function show(out: unknown): Promise<void> {
  for (const x of Array.isArray(out) ? out : [out]) {
    if (x instanceof DeviceArray) await x.data();
  }
  console.log(typeof out === "string" ? out : Deno_inspect(out));
}

/** util.inspect without importing node:util where console.log already formats arrays. */
function Deno_inspect(x: unknown): string {
  const custom = (x as Record<symbol, () => string>)?.[Symbol.for("nodejs.util.inspect.custom")];
  if (typeof custom === "function") return custom.call(x);
  if (Array.isArray(x)) return `[${x.map(Deno_inspect).join(", ")}]`;
  return String(x);
}

const device = defaultDevice();
console.log(`jaxscript vmap tutorial — running on ${device.platform} (${device})`);

// 1. Two arrays.
const array1 = jnp.arange(150);
const array2 = jnp.arange(100, 250);
await cell("const array1 = jnp.arange(150);\nconst array2 = jnp.arange(100, 250);\narray1", array1);
await cell("array2", array2);

// 2. Their dot product.
await cell("jnp.dot(array1, array2)", jnp.dot(array1, array2));

// 3. A batch: 100 copies of each.
const batch1 = jnp.stack(Array.from({ length: 100 }, () => array1));
const batch2 = jnp.stack(Array.from({ length: 100 }, () => array2));
await cell(
  "const batch1 = jnp.stack(Array.from({ length: 100 }, () => array1));\n" +
    "const batch2 = jnp.stack(Array.from({ length: 100 }, () => array2));\n" +
    "[batch1.shape, batch2.shape]",
  `[(${batch1.shape.join(", ")}), (${batch2.shape.join(", ")})]`,
);

// 4. Row-wise dot products with a JS loop.
function loopDots(a: DeviceArray, b: DeviceArray): DeviceArray {
  const rows: DeviceArray[] = [];
  for (let i = 0; i < a.shape[0]; i++) rows.push(jnp.dot(a.get(i), b.get(i)));
  return jnp.stack(rows);
}
await cell("const looped = loopDots(batch1, batch2);  // a JS loop over rows, then stack");
const looped = await time(() => loopDots(batch1, batch2));
await show(looped);
console.log(`shape: (${looped.shape.join(",")})`);

// 5. The same with vmap.
await cell("const vmapped = vmap(jnp.dot)(batch1, batch2);");
const vmapped = await time(() => vmap(jnp.dot)(batch1, batch2));
await show(vmapped);
await cell("jnp.all(jnp.equal(looped, vmapped))", jnp.all(jnp.equal(looped, vmapped)));

// 6. inAxes.
await cell(
  "vmap(jnp.dot, { inAxes: [0, 0] })(batch1, batch2)",
  vmap(jnp.dot, { inAxes: [0, 0] })(batch1, batch2),
);
await cell(
  "vmap(jnp.dot, { inAxes: [null, 0] })(array1, batch2)  // one vector against the batch",
  vmap(jnp.dot, { inAxes: [null, 0] })(array1, batch2),
);

// 7. A linear layer. The same key twice, on purpose, as in the original.
const key = random.PRNGKey(0);
const W = random.normal(key, [64, 100]);
const batchX = random.normal(key, [16, 100]);
const layer = (x: DeviceArray) => jnp.dot(W, x);
await cell(
  "const key = random.PRNGKey(0);\nconst W = random.normal(key, [64, 100]);\n" +
    "const batchX = random.normal(key, [16, 100]);\nconst layer = (x) => jnp.dot(W, x);\n" +
    "layer(batchX)",
);
try {
  layer(batchX);
} catch (e) {
  console.log(`${(e as Error).name}: ${(e as Error).message}`);
}
await cell("layer(batchX.get(0))", layer(batchX.get(0)));

// 8. Timing: naive batching, manual batching with jit, and jit(vmap(layer)).
const naive = (xs: DeviceArray) => jnp.stack([...xs].map(layer));
const manual = jit((xs: DeviceArray) => jnp.dot(xs, W.T));
const vmapJit = jit(vmap(layer));

await cell("%timeit naive(batchX)  // a JS loop over the 16 examples, not jittable");
await timeit(() => naive(batchX), timing);

await cell(
  "const manual = jit((xs) => jnp.dot(xs, W.T));\n%time manual(batchX)  // first call: traces and compiles",
);
await time(() => manual(batchX));
await cell("%timeit manual(batchX)");
await timeit(() => manual(batchX), timing);

await cell(
  "const vmapJit = jit(vmap(layer));\n%time vmapJit(batchX)  // first call: traces and compiles",
);
await time(() => vmapJit(batchX));
await cell("%timeit vmapJit(batchX)");
await timeit(() => vmapJit(batchX), timing);
await cell(
  "jnp.allclose(manual(batchX), vmapJit(batchX))",
  jnp.allclose(manual(batchX), vmapJit(batchX)),
);

// A layer taking its weights as an argument: vmap needs to be told not to map W.
const layerWithWeights = (w: DeviceArray, x: DeviceArray) => jnp.dot(w, x);
await cell("const layerWithWeights = (w, x) => jnp.dot(w, x);\nvmap(layerWithWeights)(W, batchX)");
try {
  vmap(layerWithWeights)(W, batchX);
} catch (e) {
  console.log(`${(e as Error).name}: ${(e as Error).message}`);
}
const batched = vmap(layerWithWeights, { inAxes: [null, 0] });
await cell(
  "vmap(layerWithWeights, { inAxes: [null, 0] })(W, batchX).shape",
  `(${batched(W, batchX).shape.join(", ")})`,
);
await cell(
  "const batchedJit = jit(vmap(layerWithWeights, { inAxes: [null, 0] }));\n%timeit batchedJit(W, batchX)",
);
const batchedJit = jit(batched);
batchedJit(W, batchX);
await timeit(() => batchedJit(W, batchX), timing);
