/**
 * `lax.scan`: the `scan` primitive, operands (consts, init carry, xs), outputs (final carry,
 * stacked ys), params { jaxpr (consts, carry, x) → (carry, y), length, reverse, num_consts,
 * num_carry }. Rules: JVP and batching transform the body (with a fixpoint over the carry);
 * partial evaluation splits the body into a known scan that stacks residuals and a staged
 * unknown scan; the transpose is a reversed scan over cotangents — so `grad` of scan works.
 */

import type { ShapedArray } from "../../core/aval.ts";
import { DeviceArray } from "../../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../../core/ad_util.ts";
import { ClosedJaxpr } from "../../core/jaxpr.ts";
import { definePrimitive, type Params } from "../../core/primitive.ts";
import { bind } from "../../core/trace.ts";
import { ValueError } from "../../errors.ts";
import { addTangents, instantiateZeros } from "../../interpreters/ad.ts";
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
import { ShapedArray as SA } from "../../core/aval.ts";
import * as lax from "../lax.ts";
import { avalsOf, describeAvals, implByCompile, leafArray, traceFn } from "./common.ts";
import { splitTrailingArguments } from "../../options.ts";
import { describeValue } from "../../shape.ts";

/**
 * Options of `lax.scan` (JAX's keyword arguments after `xs`, also accepted positionally).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const opts: lax.ScanOptions = { reverse: true };
 * lax.scan((c, x) => [jnp.add(c, x), c], 0, jnp.arange(3), opts)[1];
 * // DeviceArray([3, 2, 0], dtype=int32)
 * ```
 */
export interface ScanOptions {
  /** The number of iterations: needed when `xs` is null, else it must match xs' leading axis. */
  length?: number | null;
  /** Loop from the last element of xs to the first (ys stay aligned with xs). */
  reverse?: boolean;
  /** Accepted as JAX's keyword; XLA's loop unrolling does not change the values. */
  unroll?: number | boolean;
}

export const scan_p = definePrimitive("scan", true);
scan_p.abstractEval = (avals, params) => {
  const body = params.jaxpr as ClosedJaxpr;
  const nc = params.num_consts as number, nk = params.num_carry as number;
  const length = params.length as number;
  const outs = body.outAvals;
  const carry = avals.slice(nc, nc + nk);
  const ys = outs.slice(nk).map((a) => new SA([length, ...a.shape], a.dtype, a.weakType));
  return [...carry, ...ys];
};
scan_p.ppParams = (p) => [
  ["_split_transpose", "False"],
  ["jaxpr", p.jaxpr],
  ["length", p.length],
  ["linear", (p.jaxpr as ClosedJaxpr).inAvals.map(() => false)],
  ["num_carry", p.num_carry],
  ["num_consts", p.num_consts],
  ["reverse", p.reverse],
  ["unroll", 1],
];
scan_p.impl = implByCompile(scan_p);

function params_(
  body: ClosedJaxpr,
  length: number,
  reverse: boolean,
  nc: number,
  nk: number,
): Params {
  return { jaxpr: body, length, reverse, num_consts: nc, num_carry: nk };
}

/**
 * Loops `f(carry, x) → [carry, y]` over the leading axis of `xs`, returning the final carry and
 * the stacked ys, JAX's `lax.scan`. Differentiable in both modes.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * const [total, running] = lax.scan((c, x) => [jnp.add(c, x), jnp.add(c, x)], 0, jnp.arange(5));
 * total; // DeviceArray(10, dtype=int32)
 * running; // DeviceArray([ 0,  1,  3,  6, 10], dtype=int32)
 * // no xs: JAX's positional length (or { length: 3 }); reverse and unroll follow it
 * lax.scan((c, _) => [jnp.multiply(c, 2), c], jnp.array(1), null, 3)[1];
 * // DeviceArray([1, 2, 4], dtype=int32)
 * ```
 */
export function scan(
  // deno-lint-ignore no-explicit-any
  f: (carry: any, x: any) => unknown,
  init: unknown,
  xs?: unknown,
  length?: number | null | ScanOptions,
  ...more: [reverse?: boolean | ScanOptions, unroll?: number | boolean | ScanOptions]
): [unknown, unknown] {
  // JAX's positional order after xs: length, reverse, unroll.
  const opts = splitTrailingArguments(
    "lax.scan",
    3,
    [length, ...more],
    ["length", "reverse", "unroll"],
    [],
    2,
  ) as ScanOptions;
  if (opts.length != null && (typeof opts.length !== "number" || !Number.isInteger(opts.length))) {
    throw new TypeError(`lax.scan: length must be an integer, got ${describeValue(opts.length)}`);
  }
  const [xLeaves] = flatten(xs ?? null);
  const xArrays = xLeaves.map((l) => leafArray(l, "scan xs"));
  const lengths = new Set(xArrays.map((x) => {
    if (x.ndim === 0) {
      throw new ValueError("scan got value with no leading axis to scan over: x of shape ()");
    }
    return x.shape[0];
  }));
  if (opts.length != null) lengths.add(opts.length as number);
  if (lengths.size > 1) {
    throw new ValueError(
      `scan got values with different leading axis sizes: ${[...lengths].join(", ")}.`,
    );
  }
  if (lengths.size === 0) {
    throw new ValueError("scan got no values to scan over and `length` not provided.");
  }
  const n = [...lengths][0];
  const [cLeaves] = flatten(init);
  let carry = cLeaves.map((l) => leafArray(l, "scan carry"));
  const xAvals = xArrays.map((x) => new SA(x.shape.slice(1), x.dtype, x.weakType));
  const [, argTree] = flatten([init, xs ?? null]);
  const body = (c: unknown, x: unknown) => {
    const out = f(c, x);
    if (!Array.isArray(out) || out.length !== 2) {
      throw new TypeError("scan body function must return a pair [carry, y]");
    }
    return out;
  };
  let traced = traceFn(body, argTree, [...avalsOf(carry), ...xAvals], "scan body");
  // Weakly typed initial carries adopt the body's output types, as JAX promotes them.
  const carryOut = traced.jaxpr.outAvals.slice(0, carry.length);
  if (carry.some((c, i) => c.weakType && !sameType(c.aval, carryOut[i]))) {
    carry = carry.map((c, i) =>
      c.weakType ? lax.convertElementType(c, carryOut[i].dtype, carryOut[i].weakType) : c
    );
    traced = traceFn(body, argTree, [...avalsOf(carry), ...xAvals], "scan body");
  }
  const carryOutAvals = traced.jaxpr.outAvals.slice(0, carry.length);
  if (!carry.every((c, i) => sameType(c.aval, carryOutAvals[i]))) {
    throw new TypeError(
      `scan body function carry input and carry output must have equal types, got\n` +
        `(${describeAvals(avalsOf(carry))})\nand\n(${describeAvals(carryOutAvals)}).`,
    );
  }
  const res = bind(
    scan_p,
    [...traced.consts, ...carry, ...xArrays],
    params_(
      traced.jaxpr,
      n,
      opts.reverse ?? false,
      traced.consts.length,
      carry.length,
    ),
  );
  const [carryOutVal, ys] = unflatten(traced.outTree, res) as [unknown, unknown];
  return [carryOutVal, ys];
}

function sameType(a: ShapedArray, b: ShapedArray): boolean {
  return a.dtype === b.dtype && a.weakType === b.weakType && a.shape.join() === b.shape.join();
}

// Rules ---------------------------------------------------------------------------------------

function groups<T>(xs: T[], p: Params): [T[], T[], T[]] {
  const nc = p.num_consts as number, nk = p.num_carry as number;
  return [xs.slice(0, nc), xs.slice(nc, nc + nk), xs.slice(nc + nk)];
}

scan_p.jvp = (primals, tangents, params) => {
  const body = params.jaxpr as ClosedJaxpr;
  const [c, k, x] = groups(primals, params);
  const [tc, tk, tx] = groups(tangents, params);
  const nzc = tc.map((t) => !isZero(t)), nzx = tx.map((t) => !isZero(t));
  let nzk = tk.map((t) => !isZero(t));
  for (;;) {
    const out = jvpJaxpr(body, [...nzc, ...nzk, ...nzx]).nonzerosOut;
    const next = nzk.map((v, i) => v || out[i]);
    if (next.every((v, i) => v === nzk[i])) break;
    nzk = next;
  }
  const nOut = body.outAvals.length;
  const inst = [...nzk, ...new Array(nOut - k.length).fill(false)];
  const { jaxpr: jj, nonzerosOut } = jvpJaxpr(body, [...nzc, ...nzk, ...nzx], inst);
  const nzy = nonzerosOut.slice(k.length);
  const sel = <T>(xs: T[], m: boolean[]) => xs.filter((_, i) => m[i]);
  const cA = avalsOf(c), kA = avalsOf(k), xA = body.inAvals.slice(c.length + k.length);
  const tcA = sel(cA, nzc).map(tangentAval),
    tkA = sel(kA, nzk).map(tangentAval),
    txA = sel(xA, nzx).map(tangentAval);
  // Regroup (consts, tconsts | carry, tcarry | x, tx) ↔ the jvp jaxpr's (primals…, tangents…).
  const newBody = new ClosedJaxpr(
    traceToJaxpr((...a) => {
      let i = 0;
      const take = (n: number) => a.slice(i, i += n);
      const pc = take(c.length),
        ptc = take(tcA.length),
        pk = take(k.length),
        ptk = take(tkA.length);
      const px = take(xA.length), ptx = take(txA.length);
      const out = evalJaxpr(jj.jaxpr, jj.consts, [...pc, ...pk, ...px, ...ptc, ...ptk, ...ptx]);
      const nk = k.length, nTk = tkA.length;
      const ck = out.slice(0, nk), cy = out.slice(nk, nOut);
      const tko = out.slice(nOut, nOut + nTk), tyo = out.slice(nOut + nTk);
      return [...ck, ...tko, ...cy, ...tyo];
    }, [...cA, ...tcA, ...kA, ...tkA, ...xA, ...txA]).jaxpr,
    [],
  );
  const inst0 = (ts: Tangent[], m: boolean[]) => ts.filter((_, i) => m[i]).map(instantiateZeros);
  const outs = bind(
    scan_p,
    [
      ...c,
      ...inst0(tc, nzc),
      ...k,
      ...inst0(tk, nzk),
      ...x,
      ...inst0(tx, nzx),
    ],
    params_(
      newBody,
      params.length as number,
      params.reverse as boolean,
      c.length + tcA.length,
      k.length + tkA.length,
    ),
  );
  const nk = k.length, nTk = tkA.length;
  const carryOut = outs.slice(0, nk), tCarry = outs.slice(nk, nk + nTk);
  const ys = outs.slice(nk + nTk, nk + nTk + (nOut - nk)), tYs = outs.slice(nk + nTk + (nOut - nk));
  let a = 0, b = 0;
  const tOut: Tangent[] = [
    ...carryOut.map((o, i) => (nzk[i] ? tCarry[a++] : new Zero(tangentAval(o.aval)))),
    ...ys.map((o, i) => (nzy[i] ? tYs[b++] : new Zero(tangentAval(o.aval)))),
  ];
  return [[...carryOut, ...ys], tOut];
};

scan_p.batch = (args, dims, params, size) => {
  const body = params.jaxpr as ClosedJaxpr;
  const [c, k, x] = groups(args, params);
  const [dc, dk, dx] = groups(dims, params);
  const cB = dc.map((d) => d !== null), xB = dx.map((d) => d !== null);
  let kB = dk.map((d) => d !== null);
  const d0 = (m: boolean[]) => m.map((b) => (b ? 0 : null));
  for (;;) {
    const out = batchJaxpr(body, size, [...d0(cB), ...d0(kB), ...d0(xB)]).outBatched;
    const next = kB.map((v, i) => v || out[i]);
    if (next.every((v, i) => v === kB[i])) break;
    kB = next;
  }
  const nk = k.length;
  const force = [...kB, ...new Array(body.outAvals.length - nk).fill(false)];
  const { jaxpr, outBatched } = batchJaxpr(body, size, [...d0(cB), ...d0(kB), ...d0(xB)], force);
  const cc = c.map((v, i) => (cB[i] ? moveaxis(v, dc[i], 0, size) : v));
  const kk = k.map((v, i) => (kB[i] ? moveaxis(v, dk[i], 0, size) : v));
  const xx = x.map((v, i) => (xB[i] ? moveaxis(v, dx[i], 1, size) : v));
  const outs = bind(scan_p, [...cc, ...kk, ...xx], { ...params, jaxpr });
  const outDims = outBatched.map((b, i) => (b ? (i < nk ? 0 : 1) : null));
  return [outs, outDims];
};

partialEvalRules.set(scan_p, (trace, tracers, params) => {
  const body = params.jaxpr as ClosedJaxpr;
  const length = params.length as number, reverse = params.reverse as boolean;
  const [tc, tk, tx] = groups(tracers, params);
  const ukc = tc.map((t) => !t.pval.isKnown), ukx = tx.map((t) => !t.pval.isKnown);
  let ukk = tk.map((t) => !t.pval.isKnown);
  for (;;) {
    const out = partialEvalJaxpr(body, [...ukc, ...ukk, ...ukx]).unknownsOut;
    const next = ukk.map((v, i) => v || out[i]);
    if (next.every((v, i) => v === ukk[i])) break;
    ukk = next;
  }
  const nk = tk.length, nOut = body.outAvals.length, ny = nOut - nk;
  const inst = [...ukk, ...new Array(ny).fill(false)];
  const split = partialEvalJaxpr(body, [...ukc, ...ukk, ...ukx], inst);
  const uky = split.unknownsOut.slice(nk);
  const known = split.known, unknown = split.unknown;
  // Residuals are stacked per iteration as extra ys of the known scan.
  const nKc = ukc.filter((u) => !u).length, nKk = ukk.filter((u) => !u).length;
  const nKy = uky.filter((u) => !u).length;
  const knownVals = (ts: PartialEvalTracer[], uk: boolean[]) =>
    ts.filter((_, i) => !uk[i]).map((t) => t.pval.known!);
  const knownOuts = bind(
    scan_p,
    [...knownVals(tc, ukc), ...knownVals(tk, ukk), ...knownVals(tx, ukx)],
    params_(known, length, reverse, nKc, nKk),
  );
  const kCarry = knownOuts.slice(0, nKk), kYs = knownOuts.slice(nKk, nKk + nKy);
  const resStacked = knownOuts.slice(nKk + nKy);
  // Unknown body: (uk consts | uk carry | residual slices, uk xs) → (uk carry, uk ys).
  const resAvals = unknown.inAvals.slice(0, split.numRes);
  const ukcA = unknown.inAvals.slice(split.numRes, split.numRes + ukc.filter(Boolean).length);
  const rest = unknown.inAvals.slice(split.numRes + ukcA.length);
  const nUkk = ukk.filter(Boolean).length;
  const ukkA = rest.slice(0, nUkk), ukxA = rest.slice(nUkk);
  const wrapped = new ClosedJaxpr(
    traceToJaxpr((...a) => {
      let i = 0;
      const take = (n: number) => a.slice(i, i += n);
      const pc = take(ukcA.length),
        pk = take(ukkA.length),
        pr = take(resAvals.length),
        px = take(ukxA.length);
      return evalJaxpr(unknown.jaxpr, unknown.consts, [...pr, ...pc, ...pk, ...px]);
    }, [...ukcA, ...ukkA, ...resAvals, ...ukxA]).jaxpr,
    [],
  );
  const ukTracers = (ts: PartialEvalTracer[], uk: boolean[]) => ts.filter((_, i) => uk[i]);
  const ukCarryIn = tk.map((t, i) => (ukk[i] ? trace.instantiateConst(t) : null)).filter((t) =>
    t !== null
  ) as PartialEvalTracer[];
  const staged = trace.stage(
    scan_p,
    [
      ...ukTracers(tc, ukc),
      ...ukCarryIn,
      ...resStacked.map((r) => trace.pure(r) as PartialEvalTracer),
      ...ukTracers(tx, ukx),
    ],
    params_(wrapped, length, reverse, ukcA.length, ukkA.length),
  );
  let a = 0, b = 0, cI = 0, dI = 0;
  const carryRes = ukk.map((u) => (u ? staged[a++] : trace.pure(kCarry[cI++])));
  const sUy = staged.slice(nUkk);
  const ysRes = uky.map((u) => (u ? sUy[b++] : trace.pure(kYs[dI++])));
  return [...carryRes, ...ysRes];
});

scan_p.transpose = (cts, args, params) => {
  const body = params.jaxpr as ClosedJaxpr;
  const [c, k, x] = groups(args, params);
  // The carry is always treated as linear (a known initial carry, such as an instantiated
  // zero tangent, simply gets no cotangent back), as JAX does.
  const linC = c.map((v) => v instanceof UndefPrimal),
    linX = x.map((v) => v instanceof UndefPrimal);
  const linear = [...linC, ...k.map(() => true), ...linX];
  const bodyT = transposeJaxpr(body, linear); // (nonlin consts, nonlin xs, ct carry, ct ys) → (ct lin consts, ct carry, ct lin xs)
  const nk = k.length;
  const resC = c.filter((_, i) => !linC[i]) as DeviceArray[];
  const resX = x.filter((_, i) => !linX[i]) as DeviceArray[];
  const linCAvals = c.filter((_, i) => linC[i]).map((v) => v.aval.withWeak(false));
  const kAvals = k.map((v) => v.aval.withWeak(false));
  const ctCarry = cts.slice(0, nk).map((t, i) =>
    instantiateZeros(isZero(t) ? new Zero(kAvals[i]) : t)
  );
  const yAvals = body.outAvals.slice(nk).map((a) => a.withWeak(false));
  const length = params.length as number;
  const ctYs = cts.slice(nk).map((t, i) =>
    instantiateZeros(
      isZero(t) ? new Zero(new SA([length, ...yAvals[i].shape], yAvals[i].dtype)) : t,
    )
  );
  const resXAvals = resX.map((r) => new SA(r.shape.slice(1), r.dtype, r.weakType));
  const tBody = new ClosedJaxpr(
    traceToJaxpr((...a) => {
      let i = 0;
      const take = (n: number) => a.slice(i, i += n);
      const rc = take(resC.length), acc = take(linCAvals.length), ck = take(nk);
      const rx = take(resXAvals.length), cy = take(yAvals.length);
      const out = evalJaxpr(bodyT.jaxpr, bodyT.consts, [...rc, ...rx, ...ck, ...cy]);
      const ctLc = out.slice(0, linCAvals.length),
        ctK = out.slice(linCAvals.length, linCAvals.length + nk);
      const ctLx = out.slice(linCAvals.length + nk);
      const newAcc = acc.map((v, j) => addTangents(v, ctLc[j]) as DeviceArray);
      return [...newAcc, ...ctK, ...ctLx];
    }, [...avalsOf(resC), ...linCAvals, ...kAvals, ...resXAvals, ...yAvals]).jaxpr,
    [],
  );
  const accInit = linCAvals.map((a) => instantiateZeros(new Zero(a)));
  const outs = bind(
    scan_p,
    [...resC, ...accInit, ...ctCarry, ...resX, ...ctYs],
    params_(tBody, length, !(params.reverse as boolean), resC.length, linCAvals.length + nk),
  );
  const ctLc = outs.slice(0, linCAvals.length),
    ctK = outs.slice(linCAvals.length, linCAvals.length + nk);
  const ctLx = outs.slice(linCAvals.length + nk);
  let ci = 0, xi = 0;
  return [
    ...c.map((_, i) => (linC[i] ? ctLc[ci++] : null)),
    ...k.map((v, i) => (v instanceof UndefPrimal ? ctK[i] : null)),
    ...x.map((_, i) => (linX[i] ? ctLx[xi++] : null)),
  ];
};

export { DeviceArray };
