/**
 * Runs the numpy-generated kernel cases of tests/fixtures/cpu_kernels.json (written by
 * tools/fixtures/gen_cpu_kernel_fixtures.py) through the CPU kernel table. Output avals come from
 * each primitive's abstractEval, so the cases check the shape rules as well as the kernels.
 */

import { assert, assertClose, assertExact, readJson, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import { allPrimitives, type Params } from "../../../src/core/primitive.ts";
import { allocTyped, type DType, dtypeOfTyped, type TypedArray } from "../../../src/dtype.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import "../../../src/lax/prims/index.ts";

type Encoded = [DType, number[], (number | string)[]];

export interface KernelCase {
  name: string;
  prim: string;
  params: Params;
  in: Encoded[];
  out: Encoded[];
  tol?: { ulps: number };
}

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 };

/** Decodes fixture numbers ("nan", "inf", "-inf", "-0" stand for themselves). */
export function decode(xs: (number | string)[]): number[] {
  return xs.map((x) => (typeof x === "string" ? SPECIAL[x] : x));
}

/** A typed array of `dtype` holding the decoded values. */
export function typed(dtype: DType, xs: (number | string)[]): TypedArray {
  const out = allocTyped(dtype, xs.length);
  out.set(decode(xs));
  return out;
}

const cases = (await readJson(new URL("../../fixtures/cpu_kernels.json", import.meta.url)) as {
  cases: KernelCase[];
}).cases;

/** The fixture cases for the given primitives. */
export function casesFor(prims: (name: string) => boolean): KernelCase[] {
  return cases.filter((c) => prims(c.prim));
}

/** Runs one case: checks the abstract eval's avals, then every output value. */
export function runCase(c: KernelCase): void {
  const prim = allPrimitives().find((p) => p.name === c.prim);
  assert.ok(prim, `no primitive ${c.prim}`);
  const kernel = cpuKernels[c.prim];
  assert.ok(kernel, `no CPU kernel for ${c.prim}`);
  const inAvals = c.in.map(([d, s]) => new ShapedArray(s, d));
  const inputs = c.in.map(([d, , xs]) => typed(d, xs));
  const copies = inputs.map((x) => x.slice());
  const outAvals = prim.abstractEval(inAvals, c.params);
  assert.equal(outAvals.length, c.out.length, "number of outputs");
  for (let i = 0; i < outAvals.length; i++) {
    assert.equal(outAvals[i].dtype, c.out[i][0], `output ${i} dtype`);
    assert.deepEqual([...outAvals[i].shape], c.out[i][1], `output ${i} shape`);
  }
  const outs = kernel(inputs, inAvals, outAvals, c.params);
  assert.equal(outs.length, c.out.length, "number of kernel results");
  for (let i = 0; i < outs.length; i++) {
    const [dtype, , data] = c.out[i];
    assert.equal(dtypeOfTyped(outs[i]), dtype, `result ${i} typed array`);
    const want = Array.from(typed(dtype, data));
    if (c.tol) {
      assertClose(outs[i], want, { ulps: c.tol.ulps, rtol: 0, atol: 0 });
      // ulp distance treats -0 and +0 as equal; the sign of an expected zero must match too.
      want.forEach((w, k) => {
        if (w === 0) assert.ok(Object.is(outs[i][k], w), `at ${k}: wrong sign of zero`);
      });
    } else assertExact(outs[i], want);
  }
  // Kernels never write to their inputs (reshape shares buffers, so inputs may be aliased).
  for (let j = 0; j < inputs.length; j++) assertExact(inputs[j], copies[j]);
}

/** Registers one test per fixture case of the given primitives; returns how many. */
export function registerCases(label: string, prims: (name: string) => boolean): number {
  const selected = casesFor(prims);
  for (const c of selected) test(`cpu ${label}: ${c.name}`, () => runCase(c));
  return selected.length;
}
