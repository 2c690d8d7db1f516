/** Rules of the structural primitives: jvp vs finite differences, transposes, vmap. */

import {
  arr,
  checkAll,
  checkJvp,
  checkTranspose,
  checkVmap,
  primitiveCounts,
  Rng,
  toHost,
  vjpValues,
  vmapJaxpr,
} from "./check.ts";
import { assert, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import * as lax from "../../../src/lax/lax.ts";
import * as P from "../../../src/lax/prims/index.ts";

const rng = new Rng(11);

test("iota: vmap of a function that uses iota leaves it unbatched", async () => {
  const f = (x: DeviceArray) => lax.mul(x, lax.broadcastedIota("float32", [2, 3], 1));
  await checkAll(f, [rng.randn([2, 3])], [rng.randn([4, 2, 3])], [0]);
  assert.ok(P.iota_p.jvp && P.iota_p.batch);
  const [[out], [d]] = P.iota_p.batch!([], [], { dtype: "int32", shape: [3], dimension: 0 }, 5);
  assert.equal(d, null);
  assert.deepEqual((await toHost(out)).data, [0, 1, 2]);
});

test("broadcast_in_dim: new axes and stretched size-1 axes", async () => {
  const f = (x: DeviceArray) => lax.broadcastInDim(x, [3, 2, 4], [0, 2]);
  await checkAll(f, [rng.randn([3, 4])], [rng.randn([5, 3, 4])], [0]);
  // A size-1 operand axis stretched to 4 (the transpose must sum it and keep it as size 1).
  const g = (x: DeviceArray) => lax.broadcastInDim(x, [2, 3, 4], [1, 2]);
  await checkAll(g, [rng.randn([3, 1])], [rng.randn([3, 1, 2])], [2]);
  const [ct] = await vjpValues(g, [arr([1, 2, 3], [3, 1])], [lax.broadcastInDim(1, [2, 3, 4], [])]);
  assert.deepEqual(ct.shape, [3, 1]);
  assert.deepEqual(ct.data, [8, 8, 8]);
  // Scalar operand.
  await checkAll((x) => lax.broadcastInDim(x, [2, 3], []), [rng.randn([])], [rng.randn([4])], [0]);
});

test("broadcast_in_dim batching needs no transpose", () => {
  const f = (x: DeviceArray) => lax.broadcastInDim(x, [3, 2, 4], [0, 2]);
  for (const d of [0, 1, 2]) {
    const shape = [3, 4];
    shape.splice(d, 0, 5);
    const counts = primitiveCounts(vmapJaxpr(f, [rng.randn(shape)], [d]));
    assert.deepEqual(counts, { broadcast_in_dim: 1 });
  }
});

test("reshape", async () => {
  const f = (x: DeviceArray) => lax.reshape(x, [3, 2, 2]);
  await checkAll(f, [rng.randn([4, 3])], [rng.randn([4, 3, 2])], [2]);
  await checkAll((x) => lax.reshape(x, [6]), [rng.randn([2, 3])], [rng.randn([2, 2, 3])], [1]);
});

test("squeeze", async () => {
  const f = (x: DeviceArray) => lax.squeeze(x, [0, 2]);
  await checkAll(f, [rng.randn([1, 3, 1, 2])], [rng.randn([1, 3, 4, 1, 2])], [2]);
  await checkVmap(f, [rng.randn([4, 1, 3, 1, 2])], [0]);
  await checkVmap(f, [rng.randn([1, 3, 1, 2, 4])], [4]);
});

test("transpose: inverse permutation", async () => {
  const f = (x: DeviceArray) => lax.transpose(x, [2, 0, 1]);
  await checkAll(f, [rng.randn([2, 3, 4])], [rng.randn([2, 5, 3, 4])], [1]);
  const [ct] = await vjpValues(f, [rng.randn([2, 3, 4])], [rng.randn([4, 2, 3])]);
  assert.deepEqual(ct.shape, [2, 3, 4]);
});

test("rev", async () => {
  const f = (x: DeviceArray) => lax.rev(x, [0, 2]);
  await checkAll(f, [rng.randn([2, 3, 4])], [rng.randn([2, 3, 5, 4])], [2]);
});

test("slice: unit and strided, with the transpose embedding the window in zeros", async () => {
  const f = (x: DeviceArray) => lax.slice(x, [1, 0], [4, 3], null);
  await checkAll(f, [rng.randn([5, 3])], [rng.randn([5, 3, 2])], [2]);
  const g = (x: DeviceArray) => lax.slice(x, [1, 0], [6, 5], [2, 3]);
  await checkAll(g, [rng.randn([7, 5])], [rng.randn([3, 7, 5])], [0]);
  const [ct] = await vjpValues((x) => lax.slice(x, [1], [6], [2]), [rng.randn([7])], [
    arr([1, 2, 3], [3]),
  ]);
  assert.deepEqual(ct.data, [0, 1, 0, 2, 0, 3, 0]);
  // An empty slice.
  await checkTranspose((x) => lax.slice(x, [2, 0], [2, 3], null), [rng.randn([4, 3])]);
});

test("pad: edges, negative (cropping) edges and interior padding; linear in the value too", async () => {
  const cfg: [number, number, number][] = [[1, 2, 1], [-1, 0, 0]];
  const f = (x: DeviceArray, v: DeviceArray) => lax.pad(x, v, cfg);
  await checkAll(f, [rng.randn([3, 4]), rng.randn([])], [rng.randn([3, 4, 2]), rng.randn([2])], [
    2,
    0,
  ]);
  await checkVmap(f, [rng.randn([2, 3, 4]), rng.randn([])], [0, null]);
  await checkVmap(f, [rng.randn([3, 4]), rng.randn([5])], [null, 0]);
  const g = (x: DeviceArray) => lax.pad(x, 0, [[-2, -1, 2]]);
  await checkAll(g, [rng.randn([4])], [rng.randn([4, 3])], [1]);
  // The padding value's cotangent counts only padding positions (cropped operand elements are
  // neither padding nor in the output).
  const [cx, cv] = await vjpValues(
    (x, v) => lax.pad(x, v, [[1, -1, 1]]),
    [arr([1, 2, 3], [3]), arr([0], [])],
    [arr([1, 10, 100, 1000, 10000], [5])],
  );
  assert.deepEqual(cx.data, [10, 1000, 0]);
  assert.deepEqual(cv.data, [10101]);
});

test("concatenate: three operands, unbatched ones broadcast", async () => {
  const f = (a: DeviceArray, b: DeviceArray, c: DeviceArray) => lax.concatenate([a, b, c], 1);
  await checkAll(
    f,
    [rng.randn([2, 1]), rng.randn([2, 3]), rng.randn([2, 2])],
    [rng.randn([4, 2, 1]), rng.randn([2, 3, 4]), rng.randn([2, 4, 2])],
    [0, 2, 1],
  );
  await checkVmap(f, [rng.randn([4, 2, 1]), rng.randn([2, 3]), rng.randn([2, 2])], [0, null, null]);
  // Only one operand depends on the input: the others' cotangents are not asked for.
  await checkTranspose((a) => lax.concatenate([arr([1, 2], [2]), a, a], 0), [rng.randn([3])]);
});

const idx = (i: number) => arr([i], [], "int32");

test("dynamic_slice: linear in the operand; clamped starts", async () => {
  const f = (x: DeviceArray, i: DeviceArray, j: DeviceArray) => lax.dynamicSlice(x, [i, j], [2, 2]);
  await checkJvp(f, [rng.randn([4, 5]), idx(1), idx(4)]);
  await checkTranspose(f, [rng.randn([4, 5]), idx(1), idx(4)]);
  await checkTranspose(f, [rng.randn([4, 5]), idx(-3), idx(2)]);
  // Operand batched only (stays a dynamic_slice), indices batched (becomes a gather), both.
  const xs = rng.randn([3, 4, 5]);
  const is = arr([0, 3, 1], [3], "int32"), js = arr([4, 0, 2], [3], "int32");
  await checkVmap(f, [xs, idx(1), idx(2)], [0, null, null]);
  await checkVmap(f, [rng.randn([4, 5]), is, js], [null, 0, 0]);
  await checkVmap(f, [xs, is, idx(2)], [0, 0, null]);
  await checkVmap(f, [xs, is, js], [0, 0, 0]);
  assert.deepEqual(primitiveCounts(vmapJaxpr(f, [xs, idx(1), idx(2)], [0, null, null])), {
    dynamic_slice: 1,
  });
  assert.equal(primitiveCounts(vmapJaxpr(f, [xs, is, js], [0, 0, 0])).gather, 1);
});

test("dynamic_update_slice: linear in operand and update", async () => {
  const f = (x: DeviceArray, u: DeviceArray, i: DeviceArray) =>
    lax.dynamicUpdateSlice(x, u, [i, idx(1)]);
  const args = [rng.randn([4, 3]), rng.randn([2, 2]), idx(3)];
  await checkJvp(f, args);
  await checkTranspose(f, args);
  const [cx, cu] = await vjpValues(f, [rng.randn([3, 3]), rng.randn([1, 2]), idx(1)], [
    arr([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]),
  ]);
  assert.deepEqual(cx.data, [1, 2, 3, 4, 0, 0, 7, 8, 9]);
  assert.deepEqual(cu.data, [5, 6]);
  const is = arr([0, 3, 1], [3], "int32");
  await checkVmap(f, [rng.randn([3, 4, 3]), rng.randn([2, 2]), idx(1)], [0, null, null]);
  await checkVmap(f, [rng.randn([4, 3]), rng.randn([2, 2, 3]), idx(1)], [null, 2, null]);
  await checkVmap(f, [rng.randn([4, 3]), rng.randn([2, 2]), is], [null, null, 0]);
  await checkVmap(f, [rng.randn([4, 3, 3]), rng.randn([3, 2, 2]), is], [2, 0, 0]);
  assert.equal(
    primitiveCounts(vmapJaxpr(f, [rng.randn([4, 3]), rng.randn([2, 2]), is], [null, null, 0]))
      .scatter,
    1,
  );
  await checkTranspose((x, u) => lax.dynamicUpdateSlice(x, u, [idx(2), idx(0)]), [
    rng.randn([4, 3]),
    rng.randn([2, 3]),
  ]);
});
