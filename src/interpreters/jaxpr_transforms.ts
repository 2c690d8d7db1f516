/**
 * Transformations of whole jaxprs, used by higher-order primitives (pjit, cond, scan, …) whose
 * rules must transform the sub-jaxprs they carry: JVP of a jaxpr, batching of a jaxpr, a
 * known/unknown split (partial evaluation at the jaxpr level), transposition and dead-code
 * elimination. Results are cached per jaxpr so repeated transformation is cheap.
 */

import type { ShapedArray } from "../core/aval.ts";
import type { DeviceArray } from "../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../core/ad_util.ts";
import { ClosedJaxpr, Jaxpr, type JaxprEqn, Literal, type Var } from "../core/jaxpr.ts";
import type { BatchDim } from "../core/primitive.ts";
import { evalJaxpr, traceToJaxpr } from "./tracing.ts";
import { partialEvalFlat, PartialVal } from "./partial_eval.ts";
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
 * The known/unknown split of a closed jaxpr given which inputs are unknown: `known` takes the
 * known inputs and returns the known outputs followed by `numRes` residuals; `unknown` takes the
 * residuals followed by the unknown inputs and returns the unknown outputs. `instantiate` forces
 * outputs to the unknown side.
 *
 * The split is made by partially evaluating the jaxpr with the tracer-level machinery while the
 * known side is traced into a jaxpr (JAX's `partial_eval_jaxpr_nounits`), so higher-order
 * equations inside are split by their own rules: a scan or loop with unknown (tangent) inputs
 * keeps its known (primal) part on the known side, which `grad(jit(f))` needs when `f` loops.
 */
export function partialEvalJaxpr(
  closed: ClosedJaxpr,
  unknownsIn: boolean[],
  instantiate: boolean | boolean[] = false,
): { known: ClosedJaxpr; unknown: ClosedJaxpr; unknownsOut: boolean[]; numRes: number } {
  const key = `pe:${unknownsIn.map(Number).join("")}:${instantiate}`;
  return cached(closed, key, () => {
    const inst = (i: number) => (typeof instantiate === "boolean" ? instantiate : instantiate[i]);
    let unknownJaxpr: Jaxpr | undefined;
    let unknownsOut: boolean[] = [];
    let numRes = 0;
    const knownAvals = closed.inAvals.filter((_, i) => !unknownsIn[i]);
    const known = traceToJaxpr((...knownArgs: DeviceArray[]) => {
      let k = 0;
      const pvals = closed.inAvals.map((a, i) =>
        unknownsIn[i] ? PartialVal.unknown(a) : PartialVal.known(knownArgs[k++])
      );
      const { jaxpr, pvalsOut, consts } = partialEvalFlat(
        (...args) => evalJaxpr(closed.jaxpr, closed.consts, args),
        pvals,
        inst,
      );
      unknownsOut = pvalsOut.map((p) => !p.isKnown);
      numRes = consts.length;
      // The staged part's constvars (known values it uses) become its leading inputs.
      unknownJaxpr = new Jaxpr(
        [],
        [...jaxpr.constvars, ...jaxpr.invars],
        jaxpr.eqns,
        jaxpr.outvars,
      );
      const knownOuts = pvalsOut.filter((p) => p.isKnown).map((p) => p.known!);
      return [...knownOuts, ...consts];
    }, knownAvals);
    return {
      known,
      unknown: new ClosedJaxpr(unknownJaxpr!, []),
      unknownsOut,
      numRes,
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
