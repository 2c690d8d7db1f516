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

// JAX rejects negative integer powers of ints in integer_pow's dtype rule, so no kernel sees one.
test("cpu elementwise: integer_pow rejects negative powers of integers, as JAX", () => {
  for (const dtype of ["int32", "uint32"] as const) {
    const a = new ShapedArray([3], dtype);
    assert.throws(
      () => integer_pow_p.abstractEval([a], { y: -1 }),
      /Integers cannot be raised to negative powers, got integer_pow\(x, -1\)/,
    );
    assert.deepEqual(integer_pow_p.abstractEval([a], { y: 2 })[0].dtype, dtype);
  }
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
