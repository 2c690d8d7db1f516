/**
 * Transformations of whole jaxprs, used by higher-order primitives (pjit, cond, scan, …) whose
 * rules must transform the sub-jaxprs they carry: JVP of a jaxpr, batching of a jaxpr, a
 * known/unknown split (partial evaluation at the jaxpr level), transposition and dead-code
 * elimination. Results are cached per jaxpr so repeated transformation is cheap.
 */

import type { ShapedArray } from "../core/aval.ts";
import type { DeviceArray } from "../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../core/ad_util.ts";
import { type Atom, ClosedJaxpr, Jaxpr, type JaxprEqn, Literal, type Var } from "../core/jaxpr.ts";
import type { BatchDim } from "../core/primitive.ts";
import { evalJaxpr, traceToJaxpr } from "./tracing.ts";
import { jvpFlat, tangentAval } from "./jvp.ts";
import { moveaxis, vmapFlat } from "./batching.ts";
import { backwardPass, instantiateZeros } from "./ad.ts";
import { ShapedArray as SA } from "../core/aval.ts";

const caches = new WeakMap<ClosedJaxpr, Map<string, unknown>>();

function cached<T>(closed: ClosedJaxpr, key: string, make: () => T): T {
  let m = caches.get(closed);
  if (!m) caches.set(closed, m = new Map());
  if (m.has(key)) return m.get(key) as T;
  const v = make();
  m.set(key, v);
  return v;
}

/**
 * The JVP of a closed jaxpr: inputs (primals, tangents of the inputs flagged nonzero), outputs
 * (primals, tangents of the outputs reported nonzero).
 */
export function jvpJaxpr(
  closed: ClosedJaxpr,
  nonzeros: boolean[],
  instantiateOut: boolean | boolean[] = false,
): { jaxpr: ClosedJaxpr; nonzerosOut: boolean[] } {
  const key = `jvp:${nonzeros.map(Number).join("")}:${instantiateOut}`;
  return cached(closed, key, () => {
    const n = closed.inAvals.length;
    const tanAvals = closed.inAvals.filter((_, i) => nonzeros[i]).map(tangentAval);
    let nonzerosOut: boolean[] = [];
    const jaxpr = traceToJaxpr((...args) => {
      const primals = args.slice(0, n);
      let k = n;
      const tangents: Tangent[] = closed.inAvals.map((a, i) =>
        nonzeros[i] ? args[k++] : new Zero(tangentAval(a))
      );
      const [po, to] = jvpFlat(
        (...xs) => evalJaxpr(closed.jaxpr, closed.consts, xs),
        primals,
        tangents,
      );
      const inst = (i: number) =>
        typeof instantiateOut === "boolean" ? instantiateOut : instantiateOut[i];
      nonzerosOut = to.map((t, i) => !isZero(t) || inst(i));
      const tout = to.flatMap((t, i) => (nonzerosOut[i] ? [instantiateZeros(t)] : []));
      return [...po, ...tout];
    }, [...closed.inAvals, ...tanAvals]);
    return { jaxpr, nonzerosOut };
  });
}

/**
 * Batches a closed jaxpr: inputs have batch dims `dims` (null = unbatched). Outputs that are
 * batched get their batch axis at 0; `forceOut` batches outputs even if they do not depend on a
 * batched input.
 */
export function batchJaxpr(
  closed: ClosedJaxpr,
  axisSize: number,
  dims: BatchDim[],
  forceOut: boolean | boolean[] = false,
): { jaxpr: ClosedJaxpr; outBatched: boolean[] } {
  const key = `batch:${axisSize}:${dims.join(",")}:${forceOut}`;
  return cached(closed, key, () => {
    const inAvals = closed.inAvals.map((a, i) => batchedAval(a, dims[i], axisSize));
    let outBatched: boolean[] = [];
    const jaxpr = traceToJaxpr((...args) => {
      const [outs, outDims] = vmapFlat(
        (...xs) => evalJaxpr(closed.jaxpr, closed.consts, xs),
        axisSize,
        args,
        dims,
      );
      const force = (i: number) => (typeof forceOut === "boolean" ? forceOut : forceOut[i]);
      outBatched = outDims.map((d, i) => d !== null || force(i));
      return outs.map((o, i) => (outBatched[i] ? moveaxis(o, outDims[i], 0, axisSize) : o));
    }, inAvals);
    return { jaxpr, outBatched };
  });
}

export function batchedAval(a: ShapedArray, d: BatchDim, size: number): ShapedArray {
  if (d === null) return a;
  const shape = [...a.shape];
  shape.splice(d, 0, size);
  return new SA(shape, a.dtype, a.weakType);
}

/**
 * Splits a closed jaxpr by which inputs are unknown. Returns `known` (known inputs → known
 * outputs then residuals) and `unknown` (residuals then unknown inputs → unknown outputs), with
 * which outputs are unknown. Outputs listed in `instantiate` are made unknown even if known.
 */
export function partialEvalJaxpr(
  closed: ClosedJaxpr,
  unknownsIn: boolean[],
  instantiate: boolean | boolean[] = false,
): { known: ClosedJaxpr; unknown: ClosedJaxpr; unknownsOut: boolean[]; numRes: number } {
  const key = `pe:${unknownsIn.map(Number).join("")}:${instantiate}`;
  return cached(closed, key, () => {
    const j = closed.jaxpr;
    const unknown = new Set<Var>();
    j.invars.forEach((v, i) => unknownsIn[i] && unknown.add(v));
    const isUnk = (a: Atom) => !(a instanceof Literal) && unknown.has(a);
    const knownEqns: JaxprEqn[] = [];
    const unknownEqns: JaxprEqn[] = [];
    const residuals: Var[] = [];
    const resSet = new Set<Var>();
    const addRes = (a: Atom) => {
      if (a instanceof Literal || unknown.has(a) || resSet.has(a)) return;
      resSet.add(a);
      residuals.push(a);
    };
    for (const eqn of j.eqns) {
      if (eqn.inputs.some(isUnk)) {
        eqn.inputs.forEach(addRes);
        eqn.outBinders.forEach((v) => unknown.add(v));
        unknownEqns.push(eqn);
      } else {
        knownEqns.push(eqn);
      }
    }
    const inst = (i: number) => (typeof instantiate === "boolean" ? instantiate : instantiate[i]);
    const unknownsOut = j.outvars.map((v, i) => isUnk(v) || inst(i));
    // Known outputs that must be instantiated are passed through residuals.
    j.outvars.forEach((v, i) => {
      if (unknownsOut[i] && !isUnk(v)) addRes(v);
    });
    // Constvars of the original jaxpr stay with the known side; if the unknown side needs
    // them they travel as residuals.
    const knownIn = j.invars.filter((_, i) => !unknownsIn[i]);
    const unknownIn = j.invars.filter((_, i) => unknownsIn[i]);
    const knownOuts = j.outvars.filter((_, i) => !unknownsOut[i]);
    const unknownOuts = j.outvars.filter((_, i) => unknownsOut[i]);
    const knownJ = new Jaxpr(j.constvars, knownIn, knownEqns, [...knownOuts, ...residuals]);
    const unknownJ = new Jaxpr([], [...residuals, ...unknownIn], unknownEqns, unknownOuts);
    return {
      known: new ClosedJaxpr(knownJ, closed.consts),
      unknown: new ClosedJaxpr(unknownJ, []),
      unknownsOut,
      numRes: residuals.length,
    };
  });
}

/**
 * The transpose of a closed jaxpr that is linear in the inputs flagged `linear`: the result
 * takes (non-linear inputs, cotangents of the outputs) and returns cotangents of the linear
 * inputs (zeros instantiated).
 */
export function transposeJaxpr(closed: ClosedJaxpr, linear: boolean[]): ClosedJaxpr {
  const key = `T:${linear.map(Number).join("")}`;
  return cached(closed, key, () => {
    const nonlinAvals = closed.inAvals.filter((_, i) => !linear[i]);
    const ctAvals = closed.outAvals.map((a) => a.withWeak(false));
    return traceToJaxpr((...args) => {
      const res = args.slice(0, nonlinAvals.length);
      const cts = args.slice(nonlinAvals.length);
      let k = 0;
      const primals = closed.inAvals.map((a, i) => (linear[i] ? new UndefPrimal(a) : res[k++]));
      const out = backwardPass(closed.jaxpr, closed.consts, primals, cts);
      return out.map(instantiateZeros);
    }, [...nonlinAvals, ...ctAvals]);
  });
}

/** Removes equations whose outputs are unused (all our primitives are pure). */
export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const v of jaxpr.outvars) if (!(v instanceof Literal)) live.add(v);
  const kept: JaxprEqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const e = jaxpr.eqns[i];
    if (e.outBinders.some((v) => live.has(v))) {
      kept.push(e);
      for (const a of e.inputs) if (!(a instanceof Literal)) live.add(a);
    }
  }
  kept.reverse();
  return new Jaxpr(jaxpr.constvars, jaxpr.invars, kept, jaxpr.outvars);
}

/** Avals of the symbolic zeros a jaxpr transformation should report. */
export function zerosFor(avals: readonly ShapedArray[]): Zero[] {
  return avals.map((a) => new Zero(tangentAval(a)));
}

export type { DeviceArray };
