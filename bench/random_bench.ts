/**
 * jax.random throughput: `random.normal(key, [1000000])` and `random.uniform(key, [1000000])`,
 * eager and jitted, in both bit-generation modes (plus the raw bits and a split).
 *
 *     deno bench -A bench/random_bench.ts
 *
 * Each iteration waits for the values (`await x.blockUntilReady()`), so asynchronous backends
 * are timed to completion. Throughput is 1e6 / (time per iteration): e.g. 20 ms/iter is
 * 50 M samples/s.
 */

import { config, type DeviceArray, jit, random } from "../mod.ts";

const N = 1_000_000;
const key = random.PRNGKey(0);

const normal = (k: DeviceArray) => random.normal(k, [N]);
const uniform = (k: DeviceArray) => random.uniform(k, [N]);
const bits = (k: DeviceArray) => random.bits(k, [N]);

for (const partitionable of [false, true]) {
  const mode = partitionable ? "partitionable" : "original";
  // jit is traced on first call, under the mode set then; one jitted function per mode.
  config.update("jax_threefry_partitionable", partitionable);
  const jNormal = jit(normal), jUniform = jit(uniform), jBits = jit(bits);
  await jNormal(key).blockUntilReady();
  await jUniform(key).blockUntilReady();
  await jBits(key).blockUntilReady();
  config.update("jax_threefry_partitionable", false);

  const run = (f: (k: DeviceArray) => DeviceArray) => async () => {
    config.update("jax_threefry_partitionable", partitionable);
    try {
      await f(key).blockUntilReady();
    } finally {
      config.update("jax_threefry_partitionable", false);
    }
  };

  const group = `1e6 samples, ${mode}`;
  Deno.bench(`normal eager [${mode}]`, { group, baseline: true }, run(normal));
  Deno.bench(`normal jit [${mode}]`, { group }, run(jNormal));
  Deno.bench(`uniform eager [${mode}]`, { group }, run(uniform));
  Deno.bench(`uniform jit [${mode}]`, { group }, run(jUniform));
  Deno.bench(`bits eager [${mode}]`, { group }, run(bits));
  Deno.bench(`bits jit [${mode}]`, { group }, run(jBits));
}

Deno.bench("split(key, 1000) eager [original]", async () => {
  await random.split(key, 1000).blockUntilReady();
});
