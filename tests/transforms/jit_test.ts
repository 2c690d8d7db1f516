import { assert, assertClose, assertThrows, test } from "../harness.ts";
import {
  ConcretizationTypeError,
  type DeviceArray,
  jit,
  jnp,
  ValueError,
  vmap,
} from "../../mod.ts";

test("jit traces once per signature; JS side effects run only while tracing", async () => {
  let traces = 0;
  const f = jit((x: DeviceArray, y: DeviceArray | number) => {
    traces++;
    return jnp.add(jnp.multiply(x, 2), y);
  });
  const a = jnp.arange(3);
  assert.deepEqual(await f(a, a).tolist(), [0, 3, 6]);
  assert.deepEqual(await f(jnp.arange(1, 4), a).tolist(), [2, 5, 8]);
  assert.equal(traces, 1);
  f(jnp.ones([3]), jnp.ones([3])); // new dtype
  f(jnp.arange(4), jnp.arange(4)); // new shape
  f(a, 1); // weak scalar
  assert.equal(traces, 4);
  f(a, 2);
  assert.equal(traces, 4);
});

test("staticArgnums / staticArgnames retrace per value; arrays cannot be static", async () => {
  let traces = 0;
  const f = jit((x: DeviceArray, n: number) => {
    traces++;
    let y = x;
    for (let i = 0; i < n; i++) y = jnp.multiply(y, 2);
    return y;
  }, { staticArgnums: 1 });
  assert.deepEqual(await f(jnp.arange(3), 2).tolist(), [0, 4, 8]);
  assert.deepEqual(await f(jnp.arange(3), 3).tolist(), [0, 8, 16]);
  f(jnp.arange(3), 3);
  assert.equal(traces, 2);
  const g = jit((x: DeviceArray, shape: number[]) => jnp.reshape(x, shape), {
    staticArgnames: "shape",
  });
  assert.deepEqual(g(jnp.arange(6), [2, 3]).shape, [2, 3]);
  assertThrows(
    () => f(jnp.arange(3), jnp.arange(2) as unknown as number),
    ValueError,
    "Non-hashable static arguments are not supported",
  );
  assertThrows(
    () => jit((x: DeviceArray) => x, { staticArgnames: "nope" }),
    ValueError,
    "has no argument named 'nope'",
  );
});

test("value-dependent JS control flow on a traced value raises ConcretizationTypeError", () => {
  const f = jit((x: DeviceArray) => (x.sum() as unknown as number) > 0 ? x : jnp.negative(x));
  assertThrows(
    () => f(jnp.ones([3])),
    ConcretizationTypeError,
    "Abstract tracer value encountered",
  );
});

test("non-array arguments get a clear TypeError", () => {
  const f = jit((x: DeviceArray) => x);
  assertThrows(() => f("hello" as unknown as DeviceArray), TypeError, "not marked as static");
});

test("pytrees in and out, jit composes with vmap in both orders", async () => {
  const f = jit((p: { w: DeviceArray; b: DeviceArray }, x: DeviceArray) => ({
    y: jnp.add(jnp.dot(x, p.w), p.b),
    n: jnp.sum(x),
  }));
  const p = { w: jnp.ones([3, 2]), b: jnp.array([1, 2], { dtype: "float32" }) };
  const out = f(p, jnp.ones([4, 3])) as { y: DeviceArray; n: DeviceArray };
  assertClose((await out.y.data()) as Float32Array, [4, 5, 4, 5, 4, 5, 4, 5]);
  const v1 = vmap(jit((x: DeviceArray) => jnp.sum(x)))(jnp.ones([4, 3]));
  const v2 = jit(vmap((x: DeviceArray) => jnp.sum(x)))(jnp.ones([4, 3]));
  assert.deepEqual(await v1.tolist(), await v2.tolist());
});

test("the cache keeps at most JIT_CACHE_SIZE signatures", async () => {
  const { JIT_CACHE_SIZE } = await import("../../src/transforms/jit.ts");
  let traces = 0;
  const f = jit((x: DeviceArray) => {
    traces++;
    return x;
  });
  for (let n = 1; n <= JIT_CACHE_SIZE + 5; n++) f(jnp.zeros([n]));
  f(jnp.zeros([JIT_CACHE_SIZE + 5])); // most recent: cached
  assert.equal(traces, JIT_CACHE_SIZE + 5);
  f(jnp.zeros([1])); // evicted: retraced
  assert.equal(traces, JIT_CACHE_SIZE + 6);
});
