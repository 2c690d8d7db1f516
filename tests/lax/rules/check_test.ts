/**
 * The checkers must be able to fail: each one is run on a test primitive whose rule is wrong in
 * one specific way, and must reject it (while accepting the correct version).
 */

import { checkJvp, checkTranspose, checkVmap, Rng } from "./check.ts";
import { assert, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import { isZero, Zero } from "../../../src/core/ad_util.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import { definePrimitive } from "../../../src/core/primitive.ts";
import { bind1 } from "../../../src/core/trace.ts";
import * as lax from "../../../src/lax/lax.ts";

const rng = new Rng(5);

/** y = 2x, with rules whose mistakes the parameters choose. */
function doubler(name: string, jvpFactor: number, transposeFactor: number) {
  const p = definePrimitive(name);
  p.abstractEval = ([x]) => [x];
  p.impl = ([x]) => [lax.mul(x, 2)];
  // The right JVP applies the (linear) primitive itself, so linearize leaves it for transposing.
  p.jvp = ([x], [t]) => {
    const tOut = isZero(t) ? t : jvpFactor === 2 ? bind1(p, [t], {}) : lax.mul(t, jvpFactor);
    return [[bind1(p, [x], {})], [tOut]];
  };
  p.transpose = ([ct], [x]) => [isZero(ct) ? new Zero(x.aval) : lax.mul(ct, transposeFactor)];
  p.batch = ([x], [d]) => [[bind1(p, [x], {})], [d]];
  return (x: DeviceArray) => bind1(p, [x], {});
}

/** y = sum over axis 0; `batchAxis0` makes the batching rule assume the batch axis is first. */
function sumFirst(name: string, batchAxis0: boolean) {
  const p = definePrimitive(name);
  p.abstractEval = ([x]) => [new ShapedArray(x.shape.slice(1), x.dtype)];
  p.impl = ([x]) => [lax.reduceSum(x, [0])];
  p.batch = ([x], [d]) => {
    const bd = d as number;
    if (batchAxis0) return [[lax.reduceSum(x, [1])], [0]];
    return [[lax.reduceSum(x, [bd === 0 ? 1 : 0])], [bd === 0 ? 0 : bd - 1]];
  };
  return (x: DeviceArray) => bind1(p, [x], {});
}

const fails = (fn: () => Promise<void>, what: string) =>
  assert.rejects(fn, (e: unknown) => e instanceof Error && e.name === "AssertionError", what);

test("checkJvp rejects a wrong JVP and accepts the right one", async () => {
  const x = rng.randn([3, 2]);
  await checkJvp(doubler("test_double_ok", 2, 2), [x]);
  await fails(() => checkJvp(doubler("test_double_badjvp", 2.1, 2), [x]), "jvp off by 5%");
});

test("checkTranspose rejects a transpose that disagrees with the JVP", async () => {
  const x = rng.randn([4]);
  await checkTranspose(doubler("test_double_ok2", 2, 2), [x]);
  await fails(
    () => checkTranspose(doubler("test_double_badt", 2, 1.99), [x]),
    "transpose off by 0.5%",
  );
});

test("checkVmap rejects a batching rule that only works with the batch axis first", async () => {
  const ok = sumFirst("test_sum_ok", false);
  await checkVmap(ok, [rng.randn([3, 4, 2])], [0]);
  await checkVmap(ok, [rng.randn([4, 3, 2])], [1]);
  // With the batch axis first the bad rule is right; only the moved-axis variants expose it.
  const bad = sumFirst("test_sum_bad", true);
  await fails(() => checkVmap(bad, [rng.randn([3, 4, 2])], [0]), "batch axis assumed first");
});

test("checkVmap rejects a batching rule that mixes up examples", async () => {
  const p = definePrimitive("test_rev_examples");
  p.abstractEval = ([x]) => [x];
  p.impl = ([x]) => [lax.neg(x)];
  // Wrong: reverses the batch axis.
  p.batch = ([x], [d]) => [[lax.rev(lax.neg(x), [d as number])], [d]];
  await fails(
    () => checkVmap((x) => bind1(p, [x], {}), [rng.randn([3, 2])], [0]),
    "examples swapped",
  );
});
