/**
 * Rules of the elementwise primitives at the points where JAX's derivative follows a convention
 * (the expected values are those of JAX's rules in jax/_src/lax/lax.py, worked out by hand).
 */

import { arr, checkAll, jvpValues, Rng, vjpValues } from "./check.ts";
import { assert, assertClose, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import * as lax from "../../../src/lax/lax.ts";

const rng = new Rng(41);

test("abs: derivative +1 at ±0, as JAX's select(x >= 0, g, -g) (not sign(0) = 0)", async () => {
  const f = (x: DeviceArray) => lax.abs(x);
  const [t] = await jvpValues(f, [arr([-2, -0, 0, 3], [4])], [arr([1, 1, 1, 1], [4])]);
  assert.deepEqual(t.data, [-1, 1, 1, 1]);
  const [ct] = await vjpValues(f, [arr([0, -1], [2])], [arr([5, 5], [2])]);
  assert.deepEqual(ct.data, [5, -5]);
  await checkAll(f, [rng.randn([3, 4])], [rng.randn([2, 3, 4])], [1]);
});

test("clamp: each operand's tangent where it is the result; none at the bounds or to lo >= hi", async () => {
  // Columns: inside, below, above, lo > hi (result hi), lo == hi, x at lo, x at hi.
  const lo = arr([0, 0, 0, 2, 1, 0, 0], [7]);
  const x = arr([0.5, -1, 2, 0, 0, 0, 1], [7]);
  const hi = arr([1, 1, 1, 1, 1, 1, 1], [7]);
  const ones = (v: number) => arr(new Array(7).fill(v), [7]);
  const f = (l: DeviceArray, y: DeviceArray, h: DeviceArray) => lax.clamp(l, y, h);
  // JAX: d/dlo where lo > x and lo < hi; d/dx where lo < x < hi; d/dhi where hi < x.
  const [t] = await jvpValues(f, [lo, x, hi], [ones(1), ones(10), ones(100)]);
  assert.deepEqual(t.data, [10, 1, 100, 0, 0, 0, 0]);
  // Shaped operands with rank-0 bounds differentiate (and transpose) too.
  const g = (y: DeviceArray) =>
    lax.clamp(lax.scalar(-0.5, "float32"), y, lax.scalar(0.5, "float32"));
  const [ct] = await vjpValues(g, [arr([-1, 0, 1], [3])], [arr([1, 2, 3], [3])]);
  assert.deepEqual(ct.data, [0, 2, 0]);
  await checkAll(f, [rng.rand([5], -2, -1), rng.randn([5]), rng.rand([5], 1, 2)], [
    rng.rand([3, 5], -2, -1),
    rng.randn([3, 5]),
    rng.rand([3, 5], 1, 2),
  ], [0, 0, 0]);
});

test("pow: derivatives on arrays, 0 in x where y == 0 and 0 in y where x == 0 (as JAX)", async () => {
  const x = arr([0, 2, 4, 3], [4]);
  const y = arr([0, 2, 1.5, 1], [4]);
  // d/dx x^y = y x^(y-1) (0 where y == 0); d/dy = log(x) x^y (log taken as 0 where x == 0).
  const [ct, cty] = await vjpValues(lax.pow, [x, y], [arr([1, 1, 1, 1], [4])]);
  assert.deepEqual(ct.data, [0, 4, 3, 1]);
  assertClose(cty.data, [0, Math.log(2) * 4, Math.log(4) * 8, Math.log(3) * 3], { ulps: 2 });
  await checkAll(lax.pow, [rng.rand([3, 4], 0.5, 2), rng.rand([3, 4], -1, 2)], [
    rng.rand([2, 3, 4], 0.5, 2),
    rng.rand([2, 3, 4], -1, 2),
  ], [0, 0]);
});
