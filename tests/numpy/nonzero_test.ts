/**
 * jnp.nonzero, flatnonzero, argwhere and the one-argument jnp.where: numpy's results (written out
 * from numpy's row-major semantics), `size` truncation and padding with fill values, jit and vmap
 * with `size`, and the errors (0-d input, no `size` under a transformation or for values that are
 * not on the host).
 */

import {
  ConcretizationTypeError,
  defaultDevice,
  type DeviceArray,
  jit,
  jnp,
  ValueError,
  vmap,
} from "../../mod.ts";
import { assert, test } from "../harness.ts";

/** An array whose values are on the host on every backend (read back once on WebGPU). */
async function host(values: unknown, dtype?: string): Promise<DeviceArray> {
  const a = jnp.array(values as number[], dtype ? { dtype } : undefined);
  await a.data();
  return a;
}

const lists = (xs: DeviceArray[]) => Promise.all(xs.map((x) => x.tolist()));

test("nonzero: numpy's indices, one int32 array per dimension, row-major", async () => {
  const x2 = await host([[0, 5, 0], [6, 0, 7]]);
  const r = jnp.nonzero(x2);
  assert.equal(r.length, 2);
  for (const a of r) assert.equal(a.dtype, "int32");
  assert.deepEqual(await lists(r), [[0, 1, 1], [1, 0, 2]]);
  assert.deepEqual(await x2.get(...r).tolist(), [5, 6, 7]);

  assert.deepEqual(await lists(jnp.nonzero(await host([0, 1.5, 0, -2]))), [[1, 3]]);
  // NaN is nonzero, -0 is zero (numpy's `!= 0`).
  assert.deepEqual(await lists(jnp.nonzero(await host([NaN, -0, 0, 1]))), [[0, 3]]);
  assert.deepEqual(await lists(jnp.nonzero(await host([true, false, true]))), [[0, 2]]);
  assert.deepEqual(await lists(jnp.nonzero(await host([0, 3, 0], "uint32"))), [[1]]);
  const x3 = await host([[[1, 0], [0, 0]], [[0, 0], [0, 2]]]);
  assert.deepEqual(await lists(jnp.nonzero(x3)), [[0, 1], [0, 1], [0, 1]]);
  // None nonzero, and an empty input: empty index arrays.
  assert.deepEqual(await lists(jnp.nonzero(await host([[0, 0], [0, 0]]))), [[], []]);
  const empty = jnp.nonzero(jnp.zeros([0, 3]));
  assert.deepEqual(empty.map((a) => a.shape), [[0], [0]]);
  // A JS list works too (its values are on the host).
  assert.deepEqual(await lists(jnp.nonzero([0, 2, 2])), [[1, 2]]);
});

test("nonzero with size: truncated, padded with 0 or fillValue (scalar or per dimension)", async () => {
  const x = await host([[0, 5, 0], [6, 0, 7]]);
  assert.deepEqual(await lists(jnp.nonzero(x, { size: 2 })), [[0, 1], [1, 0]]);
  assert.deepEqual(await lists(jnp.nonzero(x, { size: 3 })), [[0, 1, 1], [1, 0, 2]]);
  assert.deepEqual(await lists(jnp.nonzero(x, { size: 5 })), [[0, 1, 1, 0, 0], [1, 0, 2, 0, 0]]);
  assert.deepEqual(
    await lists(jnp.nonzero(x, { size: 5, fillValue: -1 })),
    [[0, 1, 1, -1, -1], [1, 0, 2, -1, -1]],
  );
  assert.deepEqual(
    await lists(jnp.nonzero(x, { size: 4, fillValue: [9, jnp.array(8)] })),
    [[0, 1, 1, 9], [1, 0, 2, 8]],
  );
  // A fill value that is not needed changes nothing; size 0 gives empty arrays.
  assert.deepEqual(await lists(jnp.nonzero(x, { size: 2, fillValue: 7 })), [[0, 1], [1, 0]]);
  assert.deepEqual(await lists(jnp.nonzero(x, { size: 0, fillValue: 7 })), [[], []]);
  // An empty input gives zeros of the requested size, the fill value not applied (as JAX).
  assert.deepEqual(
    await lists(jnp.nonzero(jnp.zeros([0, 3]), { size: 2, fillValue: 7 })),
    [[0, 0], [0, 0]],
  );
  assert.deepEqual(await lists(jnp.nonzero(jnp.zeros([4]), { size: 2 })), [[0, 0]]);
  assert.deepEqual(await lists(jnp.nonzero(jnp.zeros([0]), { size: 2, fillValue: 3 })), [[0, 0]]);
  const r = jnp.nonzero(x, { size: 4 });
  assert.equal(r[0].dtype, "int32");
  assert.equal(r[0].weakType, false);
});

test("flatnonzero and argwhere: numpy's flat indices and [n, ndim] rows", async () => {
  const x = await host([[0, 5, 0], [6, 0, 7]]);
  const flat = jnp.flatnonzero(x);
  assert.equal(flat.dtype, "int32");
  assert.deepEqual(await flat.tolist(), [1, 3, 5]);
  assert.deepEqual(await jnp.flatnonzero(x, { size: 5, fillValue: -1 }).tolist(), [
    1,
    3,
    5,
    -1,
    -1,
  ]);
  assert.deepEqual(await jnp.flatnonzero(x, { size: 2 }).tolist(), [1, 3]);
  // flatnonzero of a 0-d array is allowed (it is raveled first).
  assert.deepEqual(await jnp.flatnonzero(await host(4)).tolist(), [0]);

  const w = jnp.argwhere(x);
  assert.equal(w.dtype, "int32");
  assert.deepEqual(w.shape, [3, 2]);
  assert.deepEqual(await w.tolist(), [[0, 1], [1, 0], [1, 2]]);
  assert.deepEqual(await jnp.argwhere(await host([0, 4, 4])).tolist(), [[1], [2]]);
  assert.deepEqual(await jnp.argwhere(x, { size: 4, fillValue: [9, 8] }).tolist(), [
    [0, 1],
    [1, 0],
    [1, 2],
    [9, 8],
  ]);
  assert.deepEqual(jnp.argwhere(await host([[0, 0]])).shape, [0, 2]);
  // 0-d: numpy's shape [n, 0] (n = 1 for a nonzero scalar).
  assert.deepEqual(jnp.argwhere(await host(3)).shape, [1, 0]);
  assert.deepEqual(jnp.argwhere(await host(0)).shape, [0, 0]);
  assert.deepEqual(jnp.argwhere(await host(3), { size: 2 }).shape, [2, 0]);
});

test("where(condition) is nonzero; where(condition, x, y) still selects", async () => {
  const c = await host([0, 2, 0, 4]);
  assert.deepEqual(await lists(jnp.where(c)), [[1, 3]]);
  assert.deepEqual(await lists(jnp.where(c, { size: 3, fillValue: -1 })), [[1, 3, -1]]);
  assert.deepEqual(await lists(jnp.where(await host([[true, false], [false, true]]))), [
    [0, 1],
    [0, 1],
  ]);
  assert.deepEqual(await jnp.where(jnp.greater(c, 1), c, -1).tolist(), [-1, 2, -1, 4]);
});

test("nonzero family with size under jit and vmap", async () => {
  const x = jnp.array([0, 5, 0, 6, 0, 7]);
  const f = jit((v: DeviceArray) => jnp.nonzero(v, { size: 5, fillValue: -1 }));
  assert.deepEqual(await lists(f(x)), [[1, 3, 5, -1, -1]]);
  const g = jit((v: DeviceArray) => jnp.where(jnp.greater(v, 5), { size: 3 })[0]);
  assert.deepEqual(await g(x).tolist(), [3, 5, 0]);
  const h = jit((v: DeviceArray) => jnp.argwhere(v, { size: 3 }));
  assert.deepEqual(await h(jnp.array([[1, 0], [0, 1]])).tolist(), [[0, 0], [1, 1], [0, 0]]);

  const rows = jnp.array([[0, 1, 1, 1], [1, 0, 0, 0], [0, 0, 0, 0]]);
  const flat = vmap((v: DeviceArray) => jnp.flatnonzero(v, { size: 3, fillValue: 9 }));
  assert.deepEqual(await flat(rows).tolist(), [[1, 2, 3], [0, 9, 9], [9, 9, 9]]);
  const arg = vmap((v: DeviceArray) => jnp.argwhere(v, { size: 3, fillValue: -1 }));
  assert.deepEqual(await arg(jnp.array([[[0, 1], [1, 1]], [[1, 0], [0, 0]]])).tolist(), [
    [[0, 1], [1, 0], [1, 1]],
    [[0, 0], [-1, -1], [-1, -1]],
  ]);
  const both = jit(vmap((v: DeviceArray) => jnp.nonzero(v, { size: 2 })));
  const [i, j] = both(jnp.array([[[0, 1], [1, 0]], [[0, 0], [0, 3]]]));
  assert.deepEqual([await i.tolist(), await j.tolist()], [[[0, 1], [1, 0]], [[1, 0], [1, 0]]]);
});

test("nonzero errors: 0-d input, bad fill values and sizes, no size under a transformation", async () => {
  assert.throws(() => jnp.nonzero(jnp.array(1)), {
    name: "ValueError",
    message:
      "Calling nonzero on 0d arrays is not allowed. Use jnp.atleast_1d(scalar).nonzero() instead.",
  });
  assert.throws(() => jnp.where(jnp.array(true)), ValueError);
  const x = await host([[0, 5], [6, 0]]);
  assert.throws(() => jnp.nonzero(x, { size: 3, fillValue: [1] }), {
    name: "ValueError",
    message: "fill_value must be a scalar or a tuple of length 2; got [1]",
  });
  assert.throws(() => jnp.nonzero(x, { size: 3, fillValue: jnp.array([1, 2]) }), ValueError);
  assert.throws(() => jnp.nonzero(x, { size: 1.5 }), TypeError);
  assert.throws(() => jnp.nonzero(x, { size: -1 }), ValueError);
  assert.throws(() => jnp.nonzero(x, { fill_value: 1 } as never), /did you mean 'fillValue'/);
  assert.throws(() => jnp.where(x, { sized: 1 } as never), /unexpected option 'sized'/);
  // The two-argument form keeps JAX's error.
  assert.throws(() => jnp.where(x, 1, undefined as never), ValueError);

  const message = "The size argument of jnp.nonzero must be statically specified to use " +
    "jnp.nonzero within JAX transformations.";
  const concretization = (e: Error) =>
    e instanceof ConcretizationTypeError && e.message.includes(message);
  assert.throws(() => jit((v: DeviceArray) => jnp.nonzero(v))(x), concretization);
  assert.throws(() => jit((v: DeviceArray) => jnp.argwhere(v))(x), concretization);
  assert.throws(() => jit((v: DeviceArray) => jnp.where(v))(x), concretization);
  assert.throws(() => vmap((v: DeviceArray) => jnp.flatnonzero(v))(x), concretization);
  // The next valid call still works.
  assert.deepEqual(await lists(jnp.nonzero(x)), [[0, 1], [1, 0]]);
});

test("nonzero without size of values not on the host: the documented error on WebGPU", async () => {
  const computed = jnp.add(jnp.array([0, 1, 0, 2]), jnp.array([0, 0, 0, 1]));
  if (
    defaultDevice().platform === "webgpu" &&
    (computed as { peek?: () => unknown }).peek?.() === null
  ) {
    assert.throws(
      () => jnp.nonzero(computed),
      /not on the host yet: pass \{ size \} \(traceable\), or read the values once with `await x\.data\(\)` first/,
    );
    // With size it runs on the device; after a read the count works.
    assert.deepEqual(await jnp.flatnonzero(computed, { size: 2 }).tolist(), [1, 3]);
    await computed.data();
  }
  assert.deepEqual(await jnp.flatnonzero(computed).tolist(), [1, 3]);
});
