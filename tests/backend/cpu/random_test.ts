/** threefry2x32 CPU kernel: known-answer vectors and a numpy uint32 reference, via fixtures. */

import { assertExact, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import { threefry2x32_p } from "../../../src/lax/prims/random_bits.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import { registerCases } from "./fixture_cases.ts";

registerCases("random", (p) => p === "threefry2x32");

function threefry(k1: number, k2: number, x1: number[], x2: number[]): number[][] {
  const avals = [
    new ShapedArray([], "uint32"),
    new ShapedArray([], "uint32"),
    new ShapedArray([x1.length], "uint32"),
    new ShapedArray([x2.length], "uint32"),
  ];
  const outs = threefry2x32_p.abstractEval(avals, {});
  const ins = [[k1], [k2], x1, x2].map((v) => Uint32Array.from(v));
  return cpuKernels.threefry2x32(ins, avals, outs, {}).map((y) => Array.from(y));
}

// jax_semantics.md §A.2: split(PRNGKey(0), 4) = threefry_2x32(key, iota(8)), i.e. counters
// (0..3, 4..7) with the two output halves concatenated; fold_in(PRNGKey(0), 4) hashes [0, 4].
test("cpu random: split(PRNGKey(0), 4) and fold_in(PRNGKey(0), 4)", () => {
  const [y1, y2] = threefry(0, 0, [0, 1, 2, 3], [4, 5, 6, 7]);
  assertExact([...y1, ...y2], [
    2285895361,
    1501764800,
    1518642379,
    4090693311,
    433833334,
    4221794875,
    839183663,
    3740430601,
  ]);
  const [f1, f2] = threefry(0, 0, [0], [4]);
  assertExact([...f1, ...f2], [2285895361, 433833334]);
});

test("cpu random: size-1 axes broadcast against full operands", () => {
  const a1 = new ShapedArray([1, 3], "uint32"), a2 = new ShapedArray([2, 1], "uint32");
  const full = new ShapedArray([2, 3], "uint32");
  const avals = [a1, a2, full, full];
  const outs = threefry2x32_p.abstractEval(avals, {});
  const k1 = new Uint32Array([1, 2, 3]), k2 = new Uint32Array([4, 5]);
  const x1 = new Uint32Array([6, 7, 8, 9, 10, 11]), x2 = new Uint32Array([0, 0, 0, 1, 1, 1]);
  const [y1, y2] = cpuKernels.threefry2x32([k1, k2, x1, x2], avals, outs, {});
  for (let i = 0; i < 6; i++) {
    const [e1, e2] = threefry(k1[i % 3], k2[Math.floor(i / 3)], [x1[i]], [x2[i]]);
    assertExact([y1[i], y2[i]], [e1[0], e2[0]]);
  }
});
