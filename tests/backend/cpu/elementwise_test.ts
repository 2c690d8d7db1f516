/** Elementwise CPU kernels against numpy (with XLA's integer edge semantics), via fixtures. */

import { assert, assertExact, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import { allPrimitives } from "../../../src/core/primitive.ts";
import { DTYPES } from "../../../src/dtype.ts";
import { integer_pow_p } from "../../../src/lax/prims/elementwise.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import { exprTemplates } from "../../../src/backend/cpu/expr.ts";
import { casesFor, type KernelCase, registerCases } from "./fixture_cases.ts";

const isElementwise = (p: string) => p in exprTemplates;
registerCases("elementwise", isElementwise);

test("cpu elementwise: every expression template has numpy cases", () => {
  const covered = new Set(casesFor(isElementwise).map((c) => c.prim));
  const missing = Object.keys(exprTemplates).filter((p) => !covered.has(p));
  assert.deepEqual(missing, []);
});

test("cpu elementwise: results are fresh buffers", () => {
  const x = new Float32Array([1, 2, 3]);
  const a = new ShapedArray([3], "float32");
  const [y] = cpuKernels.copy([x], [a], [a], {});
  assertExact(y, [1, 2, 3]);
  y[0] = 5;
  assertExact(x, [1, 2, 3]);
});

// JAX rejects negative integer powers of ints in lax.integer_pow's dtype rule, but the kernel
// still implements XLA's 1 / x^|y| in integer division for them (x / 0 = -1 or UINT_MAX).
test("cpu elementwise: integer_pow with negative y for ints", () => {
  const run = (dtype: "int32" | "uint32", xs: number[], y: number) => {
    const a = new ShapedArray([xs.length], dtype);
    const [out] = integer_pow_p.abstractEval([a], { y });
    const x = dtype === "int32" ? new Int32Array(xs) : new Uint32Array(xs);
    return Array.from(cpuKernels.integer_pow([x], [a], [out], { y })[0]);
  };
  assert.deepEqual(run("int32", [1, -1, 2, 0, -2], -1), [1, -1, 0, -1, 0]);
  assert.deepEqual(run("int32", [-1, 1, 3], -2), [1, 1, 0]);
  assert.deepEqual(run("uint32", [1, 2, 0, 4294967295, 65536], -1), [1, 0, 4294967295, 0, 0]);
  // 65536^2 wraps to 0 in uint32, so 1 / 0 = UINT_MAX.
  assert.deepEqual(run("uint32", [65536, 1], -2), [4294967295, 1]);
});

test("cpu elementwise: every dtype each primitive accepts has numpy cases", () => {
  const missing: string[] = [];
  let checked = 0;
  const byPrim = new Map<string, KernelCase[]>();
  for (const c of casesFor(isElementwise)) byPrim.set(c.prim, [...(byPrim.get(c.prim) ?? []), c]);
  for (const [prim, cs] of byPrim) {
    // Conversions are covered pairwise by their own cases; which operands of select_n are fixed.
    if (prim === "convert_element_type" || prim === "bitcast_convert_type") continue;
    const p = allPrimitives().find((q) => q.name === prim)!;
    const c = cs[0];
    for (const dtype of DTYPES) {
      const avals = c.in.map(([d, s], i) =>
        new ShapedArray(s, prim === "select_n" && i === 0 ? d : dtype)
      );
      try {
        p.abstractEval(avals, c.params);
      } catch {
        continue; // not accepted
      }
      checked++;
      if (!cs.some((k) => k.in[k.in.length - 1][0] === dtype)) missing.push(`${prim}:${dtype}`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(checked > 100, `only ${checked} (primitive, dtype) pairs checked`);
});
