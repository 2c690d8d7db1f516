/** Rules of the reductions and cumulative reductions. */

import {
  arr,
  checkAll,
  checkJvp,
  checkTranspose,
  checkVmap,
  jvpValues,
  Rng,
  toHost,
  vjpValues,
} from "./check.ts";
import { assert, assertClose, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import { isZero, Zero } from "../../../src/core/ad_util.ts";
import * as lax from "../../../src/lax/lax.ts";
import { jvpFlat } from "../../../src/interpreters/jvp.ts";

const rng = new Rng(21);

test("reduce_sum: transpose broadcasts back; batching shifts axes", async () => {
  const f = (x: DeviceArray) => lax.reduceSum(x, [0, 2]);
  await checkAll(f, [rng.randn([2, 3, 4])], [rng.randn([2, 3, 5, 4])], [2]);
  await checkVmap(f, [rng.randn([5, 2, 3, 4])], [0]);
  await checkVmap((x) => lax.reduceSum(x, [1]), [rng.randn([2, 3, 4])], [2]);
  const [ct] = await vjpValues((x) => lax.reduceSum(x, [1]), [rng.randn([2, 3])], [
    arr([1, 2], [2]),
  ]);
  assert.deepEqual(ct.data, [1, 1, 1, 2, 2, 2]);
});

test("reduce_prod: JVP exact with zeros", async () => {
  const f = (x: DeviceArray) => lax.reduceProd(x, [1]);
  await checkAll(f, [rng.rand([3, 4], 0.5, 1.5)], [rng.rand([3, 4, 2], 0.5, 1.5)], [2]);
  await checkAll((x) => lax.reduceProd(x, [0, 2]), [rng.rand([2, 3, 2], 0.5, 1.5)], [
    rng.randn([2, 3, 2, 3]),
  ], [3]);
  // With one zero the derivative is the product of the others; with two zeros it is 0.
  const x = arr([2, 0, 3, 0, 5, 0], [2, 3]);
  const [t] = await jvpValues(f, [x], [lax.broadcastInDim(lax.scalar(1, "float32"), [2, 3], [])]);
  assertClose(t.data, [6, 0]);
  const [g] = await vjpValues(f, [x], [arr([1, 1], [2])]);
  assertClose(g.data, [0, 6, 0, 0, 0, 0]);
});

test("reduce_max / reduce_min: location rule, ties averaged", async () => {
  for (const red of [lax.reduceMax, lax.reduceMin]) {
    const f = (x: DeviceArray) => red(x, [1]);
    await checkAll(f, [rng.randn([3, 5])], [rng.randn([3, 2, 5])], [1]);
    await checkAll((x) => red(x, [0, 1]), [rng.randn([3, 4])], [rng.randn([3, 4, 2])], [2]);
  }
  const x = arr([1, 3, 3, 0, 3, 2], [6]);
  const t = arr([1, 10, 100, 1000, 10000, 100000], [6]);
  const [tmax] = await jvpValues((x) => lax.reduceMax(x, [0]), [x], [t]);
  assertClose(tmax.data, [(10 + 100 + 10000) / 3]);
  const [tmin] = await jvpValues((x) => lax.reduceMin(x, [0]), [x], [t]);
  assertClose(tmin.data, [1000]);
  const [g] = await vjpValues((x) => lax.reduceMax(x, [0]), [x], [arr([3], [])]);
  assertClose(g.data, [0, 1, 1, 0, 1, 0]);
  // Integers: vmap exact, tangents zero.
  await checkVmap((x) => lax.reduceMax(x, [0]), [rng.randint([3, 4], -5, 5)], [1]);
});

test("reduce_and / reduce_or / reduce_xor: batching, zero tangents", async () => {
  const bits = rng.randint([4, 3, 2], 0, 2);
  const bools = lax.ne(bits, 0);
  for (const red of [lax.reduceAnd, lax.reduceOr, lax.reduceXor]) {
    await checkVmap((x) => red(x, [1]), [bools], [0]);
    await checkVmap((x) => red(x, [0]), [rng.randint([4, 3], 0, 1000)], [1]);
    const [, [t]] = jvpFlat((x) => [red(x, [0])], [bools], [new Zero(bools.aval)]);
    assert.ok(isZero(t));
  }
});

test("argmax / argmin: batching (exact), ties pick the first, zero tangents", async () => {
  for (const arg of [lax.argmax, lax.argmin]) {
    await checkVmap((x) => arg(x, 1), [rng.randn([3, 4, 5])], [0]);
    await checkVmap((x) => arg(x, 0), [rng.randn([3, 4, 5])], [2]);
    await checkVmap((x) => arg(x, 0), [rng.randint([6, 3], 0, 3)], [1]);
    const x = rng.randn([3, 4]);
    const [, [t]] = jvpFlat((x) => [arg(x, 1)], [x], [rng.randn([3, 4])]);
    assert.ok(isZero(t));
    assert.equal(t.aval.dtype, "int32");
  }
  assert.deepEqual((await toHost(lax.argmax(arr([1, 3, 3, 0], [4]), 0))).data, [1]);
});

test("cumsum: linear, transpose is the reverse cumsum", async () => {
  for (const reverse of [false, true]) {
    const f = (x: DeviceArray) => lax.cumsum(x, 1, reverse);
    await checkAll(f, [rng.randn([3, 5])], [rng.randn([3, 5, 2])], [2]);
    await checkVmap(f, [rng.randn([4, 3, 5])], [0]);
  }
  const [ct] = await vjpValues((x) => lax.cumsum(x, 0), [rng.randn([4])], [arr([1, 2, 3, 4], [4])]);
  assert.deepEqual(ct.data, [10, 9, 7, 4]);
  const [rc] = await vjpValues((x) => lax.cumsum(x, 0, true), [rng.randn([4])], [
    arr([1, 2, 3, 4], [4]),
  ]);
  assert.deepEqual(rc.data, [1, 3, 6, 10]);
});

test("cumprod: JVP (also through zeros), transpose, batching, both directions", async () => {
  for (const reverse of [false, true]) {
    const f = (x: DeviceArray) => lax.cumprod(x, 0, reverse);
    await checkAll(f, [rng.rand([7, 2], 0.5, 1.5)], [rng.rand([3, 7, 2], 0.5, 1.5)], [0]);
  }
  // d/dx of cumprod([2, 0, 3]) along the all-ones direction: [1, 2, 6].
  const [t] = await jvpValues((x) => lax.cumprod(x, 0), [arr([2, 0, 3], [3])], [
    arr([1, 1, 1], [3]),
  ]);
  assertClose(t.data, [1, 2, 6]);
});

test("cummax / cummin: JVP follows the running extreme", async () => {
  for (const cum of [lax.cummax, lax.cummin]) {
    for (const reverse of [false, true]) {
      const f = (x: DeviceArray) => cum(x, 1, reverse);
      await checkAll(f, [rng.randn([2, 9])], [rng.randn([2, 3, 9])], [1]);
    }
  }
  const x = arr([1, 0, 2, 2, 5, 3], [6]);
  const t = arr([1, 10, 100, 1000, 10000, 100000], [6]);
  const [tm] = await jvpValues((x) => lax.cummax(x, 0), [x], [t]);
  // A tie between the running max and a new element shares the tangent equally.
  assertClose(tm.data, [1, 1, 100, 550, 10000, 10000]);
  await checkVmap((x) => lax.cummax(x, 0), [rng.randint([5, 3], -9, 9)], [1]);
});

test("cummax / cummin: ties split at each combination of JAX's associative-scan tree", async () => {
  // JAX differentiates cummax as associative_scan(lax.max): element 3 of four ties is
  // max(max(x0, x1), max(x2, x3)), so each input gets a quarter (a sequential scan would give
  // 1/8, 1/8, 1/4, 1/2).
  const t = arr([1, 10, 100, 1000], [4]);
  for (const cum of [lax.cummax, lax.cummin]) {
    const [fwd] = await jvpValues((x) => cum(x, 0), [arr([2, 2, 2, 2], [4])], [t]);
    assertClose(fwd.data, [1, 5.5, 52.75, 277.75]);
    const [bwd] = await jvpValues((x) => cum(x, 0, true), [arr([2, 2, 2, 2], [4])], [t]);
    assertClose(bwd.data, [277.75, 280, 550, 1000]);
  }
  const [g] = await vjpValues((x) => lax.cummax(x, 0), [arr([1, 1, 1, 1], [4])], [
    arr([0, 0, 0, 1], [4]),
  ]);
  assertClose(g.data, [0.25, 0.25, 0.25, 0.25]);
  // Eight ties: the last element is ((x0 x1)(x2 x3))((x4 x5)(x6 x7)), an eighth each.
  const [g8] = await vjpValues((x) => lax.cummax(x, 0), [arr(new Array(8).fill(3), [8])], [
    arr([0, 0, 0, 0, 0, 0, 0, 1], [8]),
  ]);
  assertClose(g8.data, new Array(8).fill(0.125));
});

test("cumlogsumexp: -inf elements as JAX's logaddexp JVP (no NaN), +inf read as 0", async () => {
  const t = arr([1, 10, 100, 1000], [4]);
  const [fwd] = await jvpValues((x) => lax.cumlogsumexp(x, 0), [
    arr([-Infinity, 0, -Infinity, 1], [4]),
  ], [t]);
  // [t0, t1, t1, t1·e^(0−v) + t3·e^(1−v)] with v = log(1 + e).
  const v = Math.log(1 + Math.E);
  assertClose(fwd.data, [1, 10, 10, 10 * Math.exp(-v) + 1000 * Math.exp(1 - v)], { rtol: 1e-5 });
  const [g] = await vjpValues((x) => lax.cumlogsumexp(x, 0), [arr([-Infinity, 0], [2])], [
    arr([1, 1], [2]),
  ]);
  assertClose(g.data, [1, 1]);
  // JAX's _replace_inf: with x0 = +inf both weights are e^0 = 1.
  const [inf] = await jvpValues((x) => lax.cumlogsumexp(x, 0), [arr([Infinity, 0], [2])], [
    arr([1, 10], [2]),
  ]);
  assertClose(inf.data, [1, 11]);
});

test("cumlogsumexp: JVP stable for widely spread inputs", async () => {
  for (const reverse of [false, true]) {
    const f = (x: DeviceArray) => lax.cumlogsumexp(x, 0, reverse);
    await checkAll(f, [rng.randn([6, 2])], [rng.randn([6, 2, 3])], [2]);
  }
  const [t] = await jvpValues((x) => lax.cumlogsumexp(x, 0), [arr([-100, 100, 0], [3])], [
    arr([1, 2, 4], [3]),
  ]);
  assertClose(t.data, [1, 2, 2]);
  await checkTranspose((x) => lax.cumlogsumexp(x, 0), [arr([-80, 80, 0, 1], [4])]);
});

test("higher order: the JVPs of the cumulative reductions are themselves differentiable", async () => {
  // d²/dx² of x0·x1·x2 (the last cumprod entry) along direction v is 2·Σ_{i<j} v_i v_j x_k.
  const x = arr([1.5, 0.5, 2], [3]);
  const v = arr([1, 2, 3], [3]);
  const second = jvpFlat(
    (y) => [jvpFlat((z) => [lax.cumprod(z, 0)], [y], [v])[1][0] as DeviceArray],
    [x],
    [v],
  )[1][0] as DeviceArray;
  const h = (await toHost(second)).data;
  assertClose(h, [0, 2 * 1 * 2, 2 * (1 * 2 * 2 + 1 * 3 * 0.5 + 2 * 3 * 1.5)], { rtol: 1e-5 });
  await checkJvp((y) => jvpFlat((z) => [lax.cummax(z, 0)], [y], [v])[1][0] as DeviceArray, [
    rng.randn([3]),
  ]);
});
