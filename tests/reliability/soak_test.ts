/**
 * Memory and long runs: 100,000 eager ops and 10,000 jitted training steps keep the process's
 * RSS (and, on WebGPU, the device's bytes in use) bounded; the jit cache is an LRU of
 * JIT_CACHE_SIZE signatures; allocations beyond the limits fail with a clear error and leave the
 * process usable.
 */

import process from "node:process";
import v8 from "node:v8";
import vm from "node:vm";
import { type DeviceArray, devices, grad, jit, jnp } from "../../mod.ts";
import { JIT_CACHE_SIZE } from "../../src/transforms/jit.ts";
import { assert, assertThrows, test } from "../harness.ts";
import { PLATFORM } from "./config.ts";

const MiB = 1024 * 1024;
/** RSS growth allowed across a soak (the work itself allocates a few KiB per op). */
const RSS_LIMIT = 96 * MiB;
/** Device bytes in use allowed to remain after a soak (WebGPU pools buffers). */
const DEVICE_LIMIT = 16 * MiB;

/**
 * A full garbage collection. Deno exposes no `gc` unless started with --expose-gc, so the flag is
 * set at run time and `gc` taken from a fresh V8 context. Without it the RSS figures measured
 * garbage instead of retained memory: on WebGPU every eager result is registered for
 * finalization (to release its buffer), V8's minor GC keeps such objects alive, and 100,000
 * eager ops grew the old generation by ~110 MiB of collectable garbage before a major GC ran.
 */
const v8Gc: (() => void) | undefined = (() => {
  const g = globalThis as { gc?: () => void; Bun?: unknown };
  if (g.Bun || g.gc) return g.gc;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
})();

const gc = (): void => {
  const g = globalThis as { Bun?: { gc(force: boolean): void } };
  if (g.Bun) g.Bun.gc(true);
  else v8Gc?.();
};

function rss(): number {
  gc();
  return process.memoryUsage().rss;
}

function deviceBytes(): number | null {
  const gpu = devices().find((d) => d.platform === "webgpu");
  return gpu ? gpu.memoryStats().bytesInUse : null;
}

/** Lets the garbage collector and (WebGPU) the finalizers release buffers. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

function report(
  what: string,
  before: number,
  after: number,
  dBefore: number | null,
  dAfter: number | null,
) {
  console.log(
    `[soak] ${what} on ${PLATFORM}: RSS ${(before / MiB).toFixed(1)} → ${
      (after / MiB).toFixed(1)
    } MiB ` +
      `(growth ${((after - before) / MiB).toFixed(1)} MiB, limit ${RSS_LIMIT / MiB} MiB)` +
      (dBefore === null ? "" : `; webgpu bytesInUse ${dBefore} → ${dAfter}`),
  );
}

test("soak: 100,000 eager ops keep RSS (and device memory) bounded", async () => {
  let x = jnp.arange(64).astype("float32");
  // Warm up the kernel caches so that they do not count as growth.
  for (let i = 0; i < 1000; i++) x = jnp.add(jnp.multiply(x, 0.5), 1);
  await x.data();
  await settle();
  const before = rss(), dBefore = deviceBytes();
  const ops = 100_000;
  for (let i = 0; i < ops / 4; i++) {
    x = jnp.tanh(jnp.add(jnp.multiply(x, 0.5), 1));
    x = jnp.subtract(x, jnp.sum(x) as DeviceArray);
    if (i % 2500 === 0) await x.blockUntilReady();
  }
  const vals = await x.data();
  assert.ok(vals.every((v) => Number.isFinite(v)), "values stay finite");
  await settle();
  const after = rss(), dAfter = deviceBytes();
  report(`${ops} eager ops`, before, after, dBefore, dAfter);
  assert.ok(after - before < RSS_LIMIT, `RSS grew by ${(after - before) / MiB} MiB`);
  if (dBefore !== null) {
    assert.ok(dAfter! - dBefore < DEVICE_LIMIT, `device bytes ${dBefore} → ${dAfter}`);
  }
});

test("soak: 10,000 jitted training steps keep RSS bounded and the loss falls", async () => {
  // Linear regression y = X w* with SGD; one jitted step = value, gradient and update.
  const X = jnp.reshape(jnp.sin(jnp.arange(32 * 8).astype("float32")), [32, 8]);
  const wStar = jnp.linspace(-1, 1, 8);
  const y = jnp.matmul(X, wStar);
  const loss = (w: DeviceArray) => jnp.mean(jnp.square(jnp.subtract(jnp.matmul(X, w), y)));
  const step = jit((w: DeviceArray) =>
    jnp.subtract(w, jnp.multiply(grad(loss)(w) as DeviceArray, 0.1))
  );
  let w = jnp.zeros([8]);
  const first = Number(await loss(w).data().then((d) => d[0]));
  for (let i = 0; i < 200; i++) w = step(w); // warm-up (tracing and compilation)
  await w.data();
  await settle();
  const before = rss(), dBefore = deviceBytes();
  for (let i = 0; i < 10_000; i++) {
    w = step(w);
    if (i % 1000 === 0) await w.blockUntilReady();
  }
  const last = Number((await loss(w).data())[0]);
  await settle();
  const after = rss(), dAfter = deviceBytes();
  report("10,000 jitted training steps", before, after, dBefore, dAfter);
  assert.ok(last < first * 1e-3, `loss ${first} → ${last}`);
  assert.ok(after - before < RSS_LIMIT, `RSS grew by ${(after - before) / MiB} MiB`);
  if (dBefore !== null) {
    assert.ok(dAfter! - dBefore < DEVICE_LIMIT, `device bytes ${dBefore} → ${dAfter}`);
  }
});

test(`jit cache: an LRU of JIT_CACHE_SIZE (${JIT_CACHE_SIZE}) signatures per function`, async () => {
  let traces = 0;
  const f = jit((x: DeviceArray) => {
    traces++;
    return jnp.add(x, 1);
  });
  const n = JIT_CACHE_SIZE + 44;
  for (let i = 1; i <= n; i++) f(jnp.zeros([i]));
  assert.equal(traces, n, "one trace per distinct shape");
  // The most recent JIT_CACHE_SIZE shapes are cached …
  f(jnp.zeros([n]));
  f(jnp.zeros([n - JIT_CACHE_SIZE + 1]));
  assert.equal(traces, n, "recent signatures hit the cache");
  // … the oldest were evicted and retrace.
  f(jnp.zeros([1]));
  assert.equal(traces, n + 1, "an evicted signature retraces");
  // Recently used entries survive eviction (LRU, not FIFO): [n - JIT_CACHE_SIZE + 1] was touched.
  f(jnp.zeros([n - JIT_CACHE_SIZE + 1]));
  assert.equal(traces, n + 1);
  // Many more shapes do not grow memory without bound.
  await settle();
  const before = rss();
  for (let i = 0; i < 4 * JIT_CACHE_SIZE; i++) f(jnp.zeros([1000 + i]));
  await settle();
  const after = rss();
  report(`${4 * JIT_CACHE_SIZE} distinct jit signatures`, before, after, null, null);
  assert.ok(after - before < RSS_LIMIT);
  assert.deepEqual(Array.from(await f(jnp.zeros([3])).data()), [1, 1, 1]);
});

test("large allocations fail with a clear error and leave the process usable", async () => {
  if (PLATFORM === "cpu") {
    // Far beyond any engine's typed-array limit: XLA's RESOURCE_EXHAUSTED message with the size.
    const err = assertThrows(
      () => jnp.zeros([2 ** 20, 2 ** 20]),
      RangeError,
      "RESOURCE_EXHAUSTED: Out of memory while trying to allocate 4398046511104 bytes",
    );
    assert.match(err.message, /float32/);
    assertThrows(() => jnp.ones([2 ** 40], { dtype: "int32" }), RangeError, "RESOURCE_EXHAUSTED");
    // 2 GiB (float32[2**29]): the engines allocate it on this machine (Deno: V8's limit is
    // 2**32 elements; Bun: JavaScriptCore's); either it works or it fails with the same error.
    let big: DeviceArray | null = null;
    try {
      big = jnp.zeros([2 ** 29]);
    } catch (e) {
      assert.ok(e instanceof RangeError && /RESOURCE_EXHAUSTED/.test(e.message), String(e));
    }
    if (big) {
      assert.deepEqual(big.shape, [2 ** 29]);
      big.delete();
    }
  } else {
    const gpu = devices("webgpu")[0];
    const limit = gpu.memoryStats().bytesLimit ?? 2 ** 31;
    const n = Math.floor(limit / 4) + 1024;
    let caught: unknown = null;
    try {
      await jnp.zeros([n]).blockUntilReady();
    } catch (e) {
      caught = e;
    }
    assert.ok(
      caught instanceof Error,
      `allocating ${n * 4} bytes (> maxBufferSize ${limit}) must fail`,
    );
    assert.match((caught as Error).message, /\d+ bytes|maxBufferSize|RESOURCE_EXHAUSTED/);
  }
  // The process is still usable.
  const y = jnp.add(jnp.arange(4), 1);
  assert.deepEqual(Array.from(await y.data()), [1, 2, 3, 4]);
});
