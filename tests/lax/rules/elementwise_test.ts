/**
 * Rules of the elementwise primitives at the points where JAX's derivative follows a convention
 * (the expected values are those of JAX's rules in jax/_src/lax/lax.py, worked out by hand).
 */

import { arr, checkAll, jvpValues, Rng, vjpValues } from "./check.ts";
import { assert, test } from "../../harness.ts";
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
