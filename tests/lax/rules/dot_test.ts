/** Rules of dot_general: product-rule JVP, per-operand transposes, one-product batching. */

import { checkAll, checkTranspose, checkVmap, primitiveCounts, Rng, vmapJaxpr } from "./check.ts";
import { assert, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import type { DotDimensionNumbers } from "../../../src/lax/prims/index.ts";
import * as lax from "../../../src/lax/lax.ts";
import { instantiateZeros, vjpFlat } from "../../../src/interpreters/ad.ts";

const rng = new Rng(31);
const dg = (dn: DotDimensionNumbers) => (l: DeviceArray, r: DeviceArray) =>
  lax.dotGeneral(l, r, dn);

test("matrix products: JVP, both transposes, batching on either side or both", async () => {
  const f = dg([[[1], [0]], [[], []]]);
  const l = rng.randn([3, 4]), r = rng.randn([4, 2]);
  await checkAll(f, [l, r], [rng.randn([5, 3, 4]), rng.randn([4, 5, 2])], [0, 1]);
  await checkVmap(f, [rng.randn([3, 4, 5]), r], [2, null]);
  await checkVmap(f, [l, rng.randn([4, 2, 5])], [null, 2]);
  await checkVmap(f, [rng.randn([3, 5, 4]), rng.randn([5, 4, 2])], [1, 0]);
  // Only one operand depends on the input.
  await checkTranspose((x) => f(l, x), [r]);
  await checkTranspose((x) => f(x, r), [l]);
});

test("vector and matrix-vector products", async () => {
  await checkAll(dg([[[0], [0]], [[], []]]), [rng.randn([4]), rng.randn([4])], [
    rng.randn([3, 4]),
    rng.randn([4, 3]),
  ], [0, 1]);
  await checkAll(dg([[[1], [0]], [[], []]]), [rng.randn([2, 4]), rng.randn([4])], [
    rng.randn([2, 4, 3]),
    rng.randn([4]),
  ], [2, null]);
});

test("batch dimensions, contracting several axes, non-leading axes", async () => {
  // lhs [b=2, i=3, k1=4, k2=2], rhs [k2=2, b=2, k1=4, j=5]; the contracting axes are listed in
  // an order that differs from both operands' axis order.
  const f = dg([[[3, 2], [0, 2]], [[0], [1]]]);
  const l = rng.randn([2, 3, 4, 2]), r = rng.randn([2, 2, 4, 5]);
  await checkAll(f, [l, r], [rng.randn([2, 3, 3, 4, 2]), rng.randn([2, 2, 4, 5, 3])], [2, 4]);
  await checkVmap(f, [rng.randn([2, 3, 4, 2, 3]), r], [4, null]);
  await checkVmap(f, [l, rng.randn([3, 2, 2, 4, 5])], [null, 0]);
  // Batch axes not leading, and two of them.
  const g = dg([[[1], [2]], [[2, 0], [0, 3]]]);
  await checkAll(
    g,
    [rng.randn([2, 3, 4]), rng.randn([4, 5, 3, 2])],
    [rng.randn([2, 3, 4, 3]), rng.randn([3, 4, 5, 3, 2])],
    [3, 0],
  );
});

test("vmap of a matrix-vector product is one dot_general (a matrix product)", async () => {
  const W = rng.randn([3, 4]);
  const f = (x: DeviceArray) => lax.dot(W, x);
  const xs = rng.randn([6, 4]);
  await checkVmap(f, [xs], [0]);
  assert.deepEqual(primitiveCounts(vmapJaxpr(f, [xs], [0])), { dot_general: 1 });
  for (
    const [a, b, dims] of [
      [rng.randn([5, 3, 4]), rng.randn([4, 2]), [0, null]],
      [rng.randn([3, 4]), rng.randn([4, 2, 5]), [null, 2]],
      [rng.randn([3, 5, 4]), rng.randn([4, 5, 2]), [1, 1]],
    ] as [DeviceArray, DeviceArray, (number | null)[]][]
  ) {
    const counts = primitiveCounts(vmapJaxpr((l, r) => lax.dot(l, r), [a, b], dims));
    assert.deepEqual(counts, { dot_general: 1 }, `dims ${dims}`);
  }
});

test("vmap of vjp: the transposes batch too", async () => {
  const f = dg([[[1], [0]], [[], []]]);
  // The cotangents of both operands of f(x², r) for output cotangent u, per example.
  const grads = (x: DeviceArray, r: DeviceArray, u: DeviceArray) => {
    const [, back] = vjpFlat((a, b) => [f(lax.mul(a, a), b)], [x, r]);
    return back([u]).map(instantiateZeros);
  };
  const xs = rng.randn([3, 3, 4]), r = rng.randn([4, 2]), us = rng.randn([3, 2, 3]);
  await checkVmap(grads, [xs, r, us], [0, null, 2]);
  await checkVmap(grads, [xs, rng.randn([3, 4, 2]), rng.randn([3, 2])], [0, 0, null]);
});
