/**
 * `lax.cond` and `lax.switch`: the `cond` primitive, operands (index, ...operands), params
 * { branches } (closed jaxprs with no consts, all of one signature). Rules: JVP and batching
 * transform every branch; a batched index becomes a select over all branches (as in JAX);
 * partial evaluation splits every branch, joining residuals; transposition transposes branches.
 */

import type { ShapedArray } from "../../core/aval.ts";
import { DeviceArray } from "../../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../../core/ad_util.ts";
import { ClosedJaxpr } from "../../core/jaxpr.ts";
import { definePrimitive } from "../../core/primitive.ts";
import { bind, bind1 } from "../../core/trace.ts";
import { isFloat } from "../../dtype.ts";
import { ValueError } from "../../errors.ts";
import { stop_gradient_p } from "./custom_derivatives.ts";
import { instantiateZeros } from "../../interpreters/ad.ts";
import { moveaxis } from "../../interpreters/batching.ts";
import { tangentAval } from "../../interpreters/jvp.ts";
import { evalJaxpr, traceToJaxpr } from "../../interpreters/tracing.ts";
import {
  batchJaxpr,
  jvpJaxpr,
  partialEvalJaxpr,
  transposeJaxpr,
} from "../../interpreters/jaxpr_transforms.ts";
import { partialEvalRules, type PartialEvalTracer } from "../../interpreters/partial_eval.ts";
import { flatten, unflatten } from "../../tree.ts";
import * as lax from "../lax.ts";
import {
  avalsOf,
  describeAvals,
  implByCompile,
  leafArray,
  traceFn,
  unifyConsts,
} from "./common.ts";

export const cond_p = definePrimitive("cond", true);
cond_p.abstractEval = ([index], params) => {
  if (index.ndim !== 0 || index.dtype !== "int32") {
    throw new TypeError(`cond index must be an int32 scalar, got ${index.strLong()}`);
  }
  return (params.branches as ClosedJaxpr[])[0].outAvals;
};
cond_p.impl = implByCompile(cond_p);

/**
 * Applies `branches[index]` to the operands (the index is clamped into range), JAX's
 * `lax.switch`. Only the chosen branch runs; under vmap with a batched index, all run.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const branches = [jnp.sin, jnp.cos, jnp.negative];
 * const x = jnp.array([0, 1.5]);
 * lax.switch(1, branches, x); // DeviceArray([1.       , 0.0707372], dtype=float32)
 * lax.switch(7, branches, x); // DeviceArray([-0. , -1.5], dtype=float32)
 * ```
 */
export function switch_(
  index: DeviceArray | number,
  // deno-lint-ignore no-explicit-any
  branches: readonly ((...args: any[]) => unknown)[],
  ...operands: unknown[]
): unknown {
  if (branches.length === 0) throw new ValueError("Empty branch sequence");
  let idx = leafArray(index, "switch index");
  if (idx.ndim !== 0) {
    throw new TypeError(`Branch index must be scalar, got ${idx.aval.strLong()} shaped array`);
  }
  if (idx.dtype !== "int32") idx = lax.convertElementType(idx, "int32");
  if (branches.length === 1) return branches[0](...operands);
  idx = lax.clamp(0, idx, branches.length - 1);
  const [leaves, inTree] = flatten(operands);
  const ops = leaves.map((l) => leafArray(l, "branch operands"));
  const traced = branches.map((b, i) => traceFn(b, inTree, avalsOf(ops), `branch ${i}`));
  checkBranches(traced.map((t) => [t.outTree.toString(), t.jaxpr.outAvals]));
  const { jaxprs, consts } = unifyConsts(traced);
  const outs = bind(cond_p, [idx, ...consts, ...ops], { branches: jaxprs });
  return unflatten(traced[0].outTree, outs);
}

function checkBranches(sigs: [string, ShapedArray[]][]): void {
  const [tree0, avals0] = sigs[0];
  for (let i = 1; i < sigs.length; i++) {
    const [tree, avals] = sigs[i];
    if (tree !== tree0) {
      throw new TypeError(
        `branch 0 and ${i} outputs must have same type structure, got ${tree0} and ${tree}.`,
      );
    }
    const same = avals.length === avals0.length &&
      avals.every((a, k) =>
        a.dtype === avals0[k].dtype && a.shape.join() === avals0[k].shape.join()
      );
    if (!same) {
      throw new TypeError(
        `branch 0 and ${i} outputs must have identical types, got\n(${
          describeAvals(avals0)
        })\nand\n` +
          `(${describeAvals(avals)}).`,
      );
    }
  }
}

/**
 * `trueFun(...operands)` if pred else `falseFun(...operands)`, JAX's `lax.cond`. Traceable under
 * jit (only one branch runs), vmap and grad.
 *
 * @example
 * ```ts
 * import { type DeviceArray, jit, jnp, lax } from "@jaxscript/jaxscript";
 * const relu = jit((x: DeviceArray) => lax.cond(jnp.greater(x, 0), (y) => y, jnp.zerosLike, x));
 * relu(jnp.array(3)); // DeviceArray(3, dtype=int32)
 * relu(jnp.array(-3)); // DeviceArray(0, dtype=int32)
 * ```
 */
export function cond(
  pred: DeviceArray | number | boolean,
  // deno-lint-ignore no-explicit-any
  trueFun: (...args: any[]) => unknown,
  // deno-lint-ignore no-explicit-any
  falseFun: (...args: any[]) => unknown,
  ...operands: unknown[]
): unknown {
  const p = leafArray(pred, "cond predicate");
  if (p.ndim !== 0) {
    throw new TypeError(`Pred must be a scalar, got ${p.aval.strLong()} shaped array.`);
  }
  const index = lax.convertElementType(
    p.dtype === "bool" ? p : lax.ne(p, lax.scalar(0, p.dtype)),
    "int32",
  );
  return switch_(index, [falseFun, trueFun], ...operands);
}

// Rules ---------------------------------------------------------------------------------------

cond_p.jvp = ([index, ...ops], [_ti, ...tops], params) => {
  const branches = params.branches as ClosedJaxpr[];
  const nonzeros = tops.map((t) => !isZero(t));
  // Outputs must have one tangent signature across branches: union of their nonzeros.
  const outNz = branches.map((b) => jvpJaxpr(b, nonzeros).nonzerosOut)
    .reduce((a, b) => a.map((v, i) => v || b[i]));
  const jvps = branches.map((b) => jvpJaxpr(b, nonzeros, outNz).jaxpr);
  const tin = tops.filter((t) => !isZero(t)) as DeviceArray[];
  const outs = bind(cond_p, [index, ...ops, ...tin], { branches: jvps });
  const n = branches[0].outAvals.length;
  return [outs.slice(0, n), tangentsAt(outNz, outs, n)];
};

/** Maps the tangent outputs back to their positions (zeros where no branch has a tangent). */
export function tangentsAt(nz: boolean[], outs: DeviceArray[], n: number): Tangent[] {
  let k = n;
  return nz.map((z, i) => (z ? outs[k++] : new Zero(tangentAval(outs[i].aval))));
}

cond_p.batch = ([index, ...ops], [di, ...dops], params, size) => {
  const branches = params.branches as ClosedJaxpr[];
  if (di === null) {
    const outBatched = branches.map((b) => batchJaxpr(b, size, dops).outBatched)
      .reduce((a, b) => a.map((v, i) => v || b[i]));
    const bs = branches.map((b) => batchJaxpr(b, size, dops, outBatched).jaxpr);
    const outs = bind(cond_p, [index, ...ops], { branches: bs });
    return [outs, outBatched.map((b) => (b ? 0 : null))];
  }
  // A batched index: run every branch (batched) and select per batch element.
  const opsB = ops.map((o, i) => moveaxis(o, dops[i], 0, size));
  const idx = lax.clamp(0, moveaxis(index, di, 0, size), branches.length - 1);
  const results = branches.map((b, k) => {
    const { jaxpr } = batchJaxpr(b, size, ops.map(() => 0), true);
    // As JAX: each branch sees its operands through stop_gradient in the lanes that do not take
    // it, so a branch's derivative there (inf or NaN outside its domain) cannot reach the
    // gradient, which the output select alone does not prevent (0 · inf = NaN in the transpose).
    const taken = lax.eq(idx, lax.scalar(k, "int32"));
    const guarded = opsB.map((o) => {
      const pred = o.ndim === 1 ? taken : lax.broadcastInDim(taken, o.shape, [0]);
      return lax.select(pred, o, isFloat(o.dtype) ? bind1(stop_gradient_p, [o], {}) : o);
    });
    return evalJaxpr(jaxpr.jaxpr, jaxpr.consts, guarded);
  });
  const outs = results[0].map((_, j) => {
    const w = lax.broadcastInDim(idx, results[0][j].shape, [0]);
    return lax.selectN(w, ...results.map((r) => r[j]));
  });
  return [outs, outs.map(() => 0)];
};

partialEvalRules.set(cond_p, (trace, tracers, params) => {
  const [indexT, ...opsT] = tracers;
  if (!indexT.pval.isKnown) {
    return trace.stage(cond_p, tracers, params);
  }
  const branches = params.branches as ClosedJaxpr[];
  const unknownsIn = opsT.map((t) => !t.pval.isKnown);
  const unkOut = branches.map((b) => partialEvalJaxpr(b, unknownsIn).unknownsOut)
    .reduce((a, b) => a.map((v, i) => v || b[i]));
  const splits = branches.map((b) => partialEvalJaxpr(b, unknownsIn, unkOut));
  // Join residuals: every known branch outputs all branches' residual slots (zeros for others').
  const resAvals: ShapedArray[][] = splits.map((s) =>
    s.known.outAvals.slice(s.known.outAvals.length - s.numRes)
  );
  const allRes = resAvals.flat();
  const knownBranches = splits.map((s, k) => {
    const offset = resAvals.slice(0, k).reduce((n, r) => n + r.length, 0);
    return new ClosedJaxpr(
      traceToJaxpr((...xs) => {
        const outs = evalJaxpr(s.known.jaxpr, s.known.consts, xs);
        const nk = outs.length - s.numRes;
        const res = allRes.map((a, j) =>
          j >= offset && j < offset + s.numRes
            ? outs[nk + j - offset]
            : instantiateZeros(new Zero(a))
        );
        return [...outs.slice(0, nk), ...res];
      }, s.known.inAvals).jaxpr,
      [],
    );
  });
  const unknownBranches = splits.map((s, k) => {
    const offset = resAvals.slice(0, k).reduce((n, r) => n + r.length, 0);
    return new ClosedJaxpr(
      traceToJaxpr((...xs) => {
        const res = xs.slice(offset, offset + s.numRes);
        const rest = xs.slice(allRes.length);
        return evalJaxpr(s.unknown.jaxpr, s.unknown.consts, [...res, ...rest]);
      }, [...allRes, ...s.unknown.inAvals.slice(s.numRes)]).jaxpr,
      [],
    );
  });
  const knownOps = opsT.filter((t) => t.pval.isKnown).map((t) => t.pval.known!);
  const index = indexT.pval.known!;
  const knownOuts = bind(cond_p, [index, ...knownOps], { branches: knownBranches });
  const nKnown = knownOuts.length - allRes.length;
  const residuals = knownOuts.slice(nKnown).map((r) => trace.pure(r) as PartialEvalTracer);
  const unknownOps = opsT.filter((t) => !t.pval.isKnown);
  const staged = trace.stage(
    cond_p,
    [trace.pure(index) as PartialEvalTracer, ...residuals, ...unknownOps],
    { branches: unknownBranches },
    unknownBranches[0].outAvals,
  );
  let ki = 0, ui = 0;
  return unkOut.map((u) => (u ? staged[ui++] : trace.pure(knownOuts[ki++])));
});

cond_p.transpose = (cts, [index, ...ops], params) => {
  if (index instanceof UndefPrimal) throw new Error("cond is not linear in its index");
  const branches = params.branches as ClosedJaxpr[];
  const linear = ops.map((o) => o instanceof UndefPrimal);
  const tbranches = branches.map((b) => transposeJaxpr(b, linear));
  const res = ops.filter((o) => !(o instanceof UndefPrimal)) as DeviceArray[];
  const ctsIn = cts.map((c, i) =>
    instantiateZeros(isZero(c) ? new Zero(branches[0].outAvals[i].withWeak(false)) : c)
  );
  const outs = bind(cond_p, [index as DeviceArray, ...res, ...ctsIn], { branches: tbranches });
  let k = 0;
  return [null, ...ops.map((o) => (o instanceof UndefPrimal ? outs[k++] : null))];
};

export { DeviceArray };
