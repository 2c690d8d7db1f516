/** Rules of sort and threefry2x32, and a check that every primitive has its rules. */

import {
  arr,
  checkAll,
  checkVmap,
  jvpValues,
  primitiveCounts,
  Rng,
  toHost,
  vmapJaxpr,
} from "./check.ts";
import { assert, assertClose, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import { isZero, Zero } from "../../../src/core/ad_util.ts";
import { allPrimitives } from "../../../src/core/primitive.ts";
import * as lax from "../../../src/lax/lax.ts";
import { jvpFlat } from "../../../src/interpreters/jvp.ts";

const rng = new Rng(51);

test("sort: one operand, tangents permuted with the values", async () => {
  for (const dim of [0, 1]) {
    const f = (x: DeviceArray) => lax.sort([x], dim);
    await checkAll(f, [rng.randn([4, 5])], [rng.randn([4, 3, 5])], [1]);
    await checkVmap(f, [rng.randn([3, 4, 5])], [0]);
  }
  const [t] = await jvpValues((x) => lax.sort([x], 0), [arr([3, 1, 2], [3])], [
    arr([30, 10, 20], [3]),
  ]);
  assert.deepEqual(t.data, [10, 20, 30]);
});

test("sort: several operands, keys and payloads, mixed dtypes and unbatched operands", async () => {
  const f = (k: DeviceArray, v: DeviceArray) => lax.sort([k, v], 1);
  await checkAll(
    f,
    [rng.randn([3, 6]), rng.randn([3, 6])],
    [rng.randn([2, 3, 6]), rng.randn([3, 6, 2])],
    [0, 2],
  );
  await checkVmap(f, [rng.randn([2, 3, 6]), rng.randn([3, 6])], [0, null]);
  // Integer keys with ties, two keys, float payload: the tangent follows the payload.
  const g = (k1: DeviceArray, k2: DeviceArray, v: DeviceArray) => lax.sort([k1, k2, v], 0, true, 2);
  const k1 = arr([1, 0, 1, 0, 1], [5], "int32"), k2 = arr([3, 2, 1, 2, 0], [5], "int32");
  await checkAll(g, [k1, k2, rng.randn([5])], [rng.randint([5, 3], 0, 2), k2, rng.randn([3, 5])], [
    1,
    null,
    0,
  ]);
  const [, , tv] = await jvpValues(g, [k1, k2, arr([0, 1, 2, 3, 4], [5])], [
    new Zero(k1.aval),
    new Zero(k2.aval),
    arr([0, 1, 2, 3, 4], [5]),
  ]);
  // Order by (k1, k2), stable: (0,2)@1, (0,2)@3, (1,0)@4, (1,1)@2, (1,3)@0.
  assert.deepEqual(tv.data, [1, 3, 4, 2, 0]);
  const [, [tk]] = jvpFlat((k) => lax.sort([k], 0), [k1], [new Zero(k1.aval)]);
  assert.ok(isZero(tk));
});

test("vmap of sort is one sort", () => {
  const counts = primitiveCounts(vmapJaxpr((x) => lax.sort([x], 0), [rng.randn([3, 5])], [1]));
  assert.deepEqual(counts, { sort: 1 });
});

test("threefry2x32: batching with broadcast operands, zero tangents", async () => {
  const u = (shape: number[]) => rng.randint(shape, 0, 2 ** 31, "uint32");
  const f = (k1: DeviceArray, k2: DeviceArray, x1: DeviceArray, x2: DeviceArray) =>
    lax.threefry2x32(k1, k2, x1, x2);
  await checkVmap(f, [u([3]), u([3]), u([4, 3]), u([4, 3])], [0, 0, 1, 1]);
  await checkVmap(f, [u([]), u([]), u([3, 4]), u([3, 4])], [null, null, 0, 0]);
  await checkVmap(f, [u([3]), u([3]), u([4]), u([4])], [0, 0, null, null]);
  await checkVmap(f, [u([3, 1]), u([3, 1]), u([4, 3]), u([4, 3])], [0, 0, 1, 1]);
  const args = [u([]), u([]), u([2]), u([2])];
  const [, tangents] = jvpFlat(
    (...a) => f(a[0], a[1], a[2], a[3]),
    args,
    args.map((a) => new Zero(a.aval)),
  );
  assert.ok(tangents.every(isZero));
  assert.deepEqual(
    primitiveCounts(vmapJaxpr(f, [u([3]), u([3]), u([4, 3]), u([4, 3])], [0, 0, 1, 1]))
      .threefry2x32,
    1,
  );
  assertClose((await toHost(f(args[0], args[1], args[2], args[3])[0])).shape, [2]);
});

/** Rules every primitive has: (jvp, batch) for all; transpose for the linear ones. */
const LINEAR = [
  "broadcast_in_dim",
  "reshape",
  "squeeze",
  "transpose",
  "rev",
  "slice",
  "pad",
  "concatenate",
  "dynamic_slice",
  "dynamic_update_slice",
  "reduce_sum",
  "cumsum",
  "dot_general",
  "gather",
  "scatter-add",
  "scatter",
  "scatter-mul",
];
const OWNED = [
  ...LINEAR,
  "iota",
  "reduce_prod",
  "reduce_max",
  "reduce_min",
  "reduce_and",
  "reduce_or",
  "reduce_xor",
  "argmax",
  "argmin",
  "cumprod",
  "cummax",
  "cummin",
  "cumlogsumexp",
  "scatter-min",
  "scatter-max",
  "sort",
  "threefry2x32",
];

test("every non-elementwise primitive has its rules", () => {
  const byName = new Map(allPrimitives().map((p) => [p.name, p]));
  for (const name of OWNED) {
    const p = byName.get(name);
    assert.ok(p, `primitive ${name} exists`);
    assert.ok(p.jvp, `${name} has a JVP rule`);
    assert.ok(p.batch, `${name} has a batching rule`);
    if (LINEAR.includes(name)) assert.ok(p.transpose, `${name} has a transpose rule`);
  }
});
