/** Structural CPU kernels (broadcast, transpose, rev, slice, pad, concat, dynamic slices). */

import { assertExact, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import { registerCases } from "./fixture_cases.ts";

const STRUCTURAL = new Set([
  "broadcast_in_dim",
  "transpose",
  "rev",
  "slice",
  "pad",
  "concatenate",
  "dynamic_slice",
  "dynamic_update_slice",
  "iota",
]);
registerCases("structural", (p) => STRUCTURAL.has(p));

test("cpu structural: reshape and squeeze keep the data", () => {
  const x = new Int32Array([1, 2, 3, 4, 5, 6]);
  const a = new ShapedArray([2, 3], "int32");
  assertExact(cpuKernels.reshape([x], [a], [new ShapedArray([3, 2], "int32")], {})[0], x);
  const b = new ShapedArray([1, 6], "int32");
  assertExact(cpuKernels.squeeze([x], [b], [new ShapedArray([6], "int32")], {})[0], x);
});
