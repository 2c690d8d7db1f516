/**
 * Indexing, updates and einsum under jit / vmap / grad, and the shape of what they lower to:
 * advanced indexing is ONE gather, an update ONE scatter (as JAX lowers them).
 */

import { type DeviceArray, grad, jit, jnp, makeJaxpr, vmap } from "../../mod.ts";
import { assert, assertExact, test } from "../harness.ts";

const X = () => jnp.arange(24).reshape([2, 3, 4]).astype("float32");
const count = (text: string, what: string) => text.split(what).length - 1;

async function values(x: DeviceArray): Promise<number[]> {
  return Array.from(await x.data());
}

test("jnp transforms: advanced indexing lowers to one gather", () => {
  const exprs: ((x: DeviceArray) => DeviceArray)[] = [
    (x) => x.get([0, 1], ":", [1, 3]),
    (x) => x.get(":", [2, 0]),
    (x) => x.get(1, "::-1", [0, 3]),
    (x) => x.get(null, [1], "1:", "::2"),
    (x) => x.get(jnp.array([[0], [1]]), [0, 2]),
  ];
  for (const f of exprs) {
    const text = String(makeJaxpr(f)(X()));
    assert.equal(count(text, "gather["), 1, text);
  }
});

test("jnp transforms: index updates lower to one scatter", () => {
  const text = String(makeJaxpr((x: DeviceArray) => x.at([0, 1], ":", 2).add(1))(X()));
  assert.equal(count(text, "scatter-add["), 1, text);
  assert.ok(text.includes("GatherScatterMode.FILL_OR_DROP"), text);
  const set = String(makeJaxpr((x: DeviceArray) => x.at("::-1", 0).set(0))(X()));
  assert.equal(count(set, "scatter["), 1, set);
});

test("jnp transforms: retrieval gathers promise in bounds, take fills", () => {
  const text = String(makeJaxpr((x: DeviceArray) => x.get([0, 1]))(X()));
  assert.ok(text.includes("GatherScatterMode.PROMISE_IN_BOUNDS"), text);
  const take = String(makeJaxpr((x: DeviceArray) => jnp.take(x, [0, 1]))(X()));
  assert.ok(take.includes("GatherScatterMode.FILL_OR_DROP"), take);
});

test("jnp transforms: traced integer indices under jit", async () => {
  const f = jit((x: DeviceArray, i: DeviceArray) => x.get(":", i, -1));
  assertExact(await values(f(X(), jnp.array([2, -3]))), [11, 3, 23, 15]);
  const g = jit((x: DeviceArray, i: DeviceArray) => x.get(i));
  assertExact(await values(g(jnp.arange(5), jnp.array(3))), [3]);
});

test("jnp transforms: indexing under vmap", async () => {
  const x = X();
  assertExact(await values(vmap((r: DeviceArray) => r.get([2, 0], "::-1"))(x)), [
    11,
    10,
    9,
    8,
    3,
    2,
    1,
    0,
    23,
    22,
    21,
    20,
    15,
    14,
    13,
    12,
  ]);
  assertExact(await values(vmap((i: DeviceArray) => x.get(1, i))(jnp.array([0, 2]))), [
    12,
    13,
    14,
    15,
    20,
    21,
    22,
    23,
  ]);
  const upd = vmap((r: DeviceArray, i: DeviceArray) => r.at(i).add(100));
  assertExact(await values(upd(jnp.zeros([2, 3]), jnp.array([2, 0]))), [0, 0, 100, 100, 0, 0]);
});

test("jnp transforms: grad through get, masks, at, take and einsum", async () => {
  const v = jnp.arange(3).astype("float32");
  assertExact(await values(grad((x: DeviceArray) => x.get([0, 0, 1]).sum())(v)), [2, 1, 0]);
  // A concrete mask works under grad (read first: its values must be on the host).
  const mask = v.gt(0.5);
  await mask.data();
  assertExact(await values(grad((x: DeviceArray) => x.get(mask).sum())(v)), [0, 1, 1]);
  assertExact(await values(grad((x: DeviceArray) => x.at(1).set(5).sum())(v)), [1, 0, 1]);
  assertExact(await values(grad((x: DeviceArray) => x.at(1).multiply(3).sum())(v)), [1, 3, 1]);
  assertExact(await values(grad((x: DeviceArray) => jnp.take(x, [2, 2]).sum())(v)), [0, 0, 2]);
  const w = jnp.array([1, 2, 3]);
  assertExact(
    await values(grad((x: DeviceArray) => jnp.einsum("ij,j->", x, w))(jnp.ones([2, 3]))),
    [1, 2, 3, 1, 2, 3],
  );
  assertExact(
    await values(
      grad((x: DeviceArray) => jnp.takeAlongAxis(x, jnp.array([[1], [0]]), 1).sum())(
        jnp.ones([2, 3]),
      ),
    ),
    [0, 1, 0, 1, 0, 0],
  );
});

test("jnp transforms: einsum under jit and vmap", async () => {
  const a = jnp.arange(6).reshape([2, 3]).astype("float32");
  const b = jnp.arange(12).reshape([3, 4]).astype("float32");
  const f = jit((x: DeviceArray, y: DeviceArray) => jnp.einsum("ij,jk->ik", x, y));
  assertExact(await values(f(a, b)), [20, 23, 26, 29, 56, 68, 80, 92]);
  const g = vmap((r: DeviceArray) => jnp.einsum("i,ij->j", r, b));
  assertExact(await values(g(a)), [20, 23, 26, 29, 56, 68, 80, 92]);
});

test("jnp transforms: einsum contracts the cheapest pair first", () => {
  // (2,100)·(100,100)·(100,1): contracting the last two first keeps intermediates at 100
  // elements instead of 200; the jaxpr's first dot_general has the (100,100) operand.
  const text = String(
    makeJaxpr((a: DeviceArray, b: DeviceArray, c: DeviceArray) =>
      jnp.einsum("ij,jk,kl->il", a, b, c)
    )(jnp.ones([2, 100]), jnp.ones([100, 100]), jnp.ones([100, 1])),
  );
  const first = text.split("dot_general[")[0].split("\n").pop() ?? "";
  assert.ok(first.includes("f32[100,1]"), text);
  assert.equal(count(text, "dot_general["), 2, text);
});
