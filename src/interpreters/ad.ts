/**
 * Reverse-mode differentiation: linearize (JVP + partial evaluation), then transpose the linear
 * jaxpr with a backward pass that runs each primitive's transpose rule in reverse order.
 */

import type { ShapedArray } from "../core/aval.ts";
import type { DeviceArray } from "../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../core/ad_util.ts";
import { type Atom, type Jaxpr, Literal, type Var } from "../core/jaxpr.ts";
import { definePrimitive } from "../core/primitive.ts";
import { bind, bind1 } from "../core/trace.ts";
import { scalarArray } from "../core/array_impl.ts";
import { NotImplementedError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { jvpFlat, tangentAval } from "./jvp.ts";
import { partialEvalFlat, PartialVal } from "./partial_eval.ts";
import { evalJaxpr, literalValue } from "./tracing.ts";

/**
 * add_any: adds two cotangent contributions of the same shape and dtype (JAX's
 * `add_any` / `add_jaxvals`).
 */
export const add_any_p = definePrimitive("add_any");
add_any_p.abstractEval = ([x]) => [x];
// Evaluated eagerly as an ordinary add, so backends need no kernel of their own for it.
add_any_p.impl = ([x, y]) => [lax.add(x, y)];

/** Adds two tangents, skipping symbolic zeros. */
export function addTangents(a: Tangent, b: Tangent): Tangent {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  return bind1(add_any_p, [a, b], {});
}

/** A concrete zero array for a symbolic zero. */
export function instantiateZeros(t: Tangent): DeviceArray {
  if (!isZero(t)) return t;
  return zerosLikeAval(t.aval);
}

export function zerosLikeAval(aval: ShapedArray): DeviceArray {
  return lax.broadcastInDim(scalarArray(0, aval.dtype, false), aval.shape, []);
}

export interface Linearized {
  primalsOut: DeviceArray[];
  /** The linear map: inputs are tangents of the primals, outputs tangents of the outputs. */
  jaxpr: Jaxpr;
  consts: DeviceArray[];
}

/** Linearizes a flat function at `primals`. */
export function linearizeFlat(
  fn: (...args: DeviceArray[]) => DeviceArray[],
  primals: readonly DeviceArray[],
): Linearized {
  const n = primals.length;
  const pvalsIn = [
    ...primals.map((p) => PartialVal.known(p)),
    ...primals.map((p) => PartialVal.unknown(tangentAval(p.aval))),
  ];
  let nOut = 0;
  const fJvp = (...args: DeviceArray[]) => {
    const [po, to] = jvpFlat(fn, args.slice(0, n), args.slice(n));
    nOut = po.length;
    return [...po, ...to.map(instantiateZeros)];
  };
  const { jaxpr, pvalsOut, consts } = partialEvalFlat(fJvp, pvalsIn, (i) => i >= nOut);
  const primalsOut = pvalsOut.slice(0, nOut).map((p) => {
    if (!p.isKnown) throw new Error("linearize: a primal output depends on tangents");
    return p.known!;
  });
  return { primalsOut, jaxpr, consts };
}

/** Evaluates a linearized function on input tangents. */
export function applyLinear(lin: Linearized, tangents: readonly DeviceArray[]): DeviceArray[] {
  return evalJaxpr(lin.jaxpr, lin.consts, tangents);
}

/** vjp of a flat function: primal outputs and a function from output to input cotangents. */
export function vjpFlat(
  fn: (...args: DeviceArray[]) => DeviceArray[],
  primals: readonly DeviceArray[],
): [DeviceArray[], (cts: readonly Tangent[]) => Tangent[]] {
  const lin = linearizeFlat(fn, primals);
  const backward = (cts: readonly Tangent[]) => {
    const args = lin.jaxpr.invars.map((v) => new UndefPrimal(v.aval));
    return backwardPass(lin.jaxpr, lin.consts, args, cts);
  };
  return [lin.primalsOut, backward];
}

/**
 * Transposes a linear jaxpr: given cotangents of its outputs, returns cotangents of the inputs
 * marked UndefPrimal (symbolic zeros where an input does not contribute). Equations whose
 * inputs are all known (non-linear in the undefined inputs) are evaluated in a forward pass.
 */
export function backwardPass(
  jaxpr: Jaxpr,
  consts: readonly DeviceArray[],
  args: readonly (DeviceArray | UndefPrimal)[],
  cts: readonly Tangent[],
): Tangent[] {
  const primals = new Map<Var, DeviceArray>();
  const ctEnv = new Map<Var, Tangent>();
  jaxpr.constvars.forEach((v, i) => primals.set(v, consts[i]));
  jaxpr.invars.forEach((v, i) => {
    const a = args[i];
    if (!(a instanceof UndefPrimal)) primals.set(v, a);
  });
  const isKnown = (a: Atom) => a instanceof Literal || primals.has(a);
  const readPrimal = (a: Atom): DeviceArray | UndefPrimal =>
    a instanceof Literal ? literalValue(a) : primals.get(a) ?? new UndefPrimal(a.aval);

  // Forward pass over non-linear equations (all inputs known).
  const linearEqns = [];
  for (const eqn of jaxpr.eqns) {
    if (eqn.inputs.every(isKnown)) {
      const outs = bind(
        eqn.primitive,
        eqn.inputs.map((a) => readPrimal(a) as DeviceArray),
        eqn.params,
      );
      eqn.outBinders.forEach((v, i) => primals.set(v, outs[i]));
    } else {
      linearEqns.push(eqn);
    }
  }

  const writeCt = (a: Atom, ct: Tangent | null) => {
    if (ct === null || isZero(ct) || a instanceof Literal || primals.has(a)) return;
    const prev = ctEnv.get(a);
    ctEnv.set(a, prev ? addTangents(prev, ct) : ct);
  };
  jaxpr.outvars.forEach((v, i) => writeCt(v, cts[i]));

  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const eqn = linearEqns[k];
    const ctsIn = eqn.outBinders.map((v) => ctEnv.get(v) ?? new Zero(v.aval));
    if (ctsIn.every(isZero)) continue;
    const rule = eqn.primitive.transpose;
    if (!rule) {
      throw new NotImplementedError(
        `Transpose rule (for reverse-mode differentiation) for ` +
          `'${eqn.primitive.name}' not implemented`,
      );
    }
    const ctsOut = rule(ctsIn, eqn.inputs.map(readPrimal), eqn.params);
    eqn.inputs.forEach((a, i) => writeCt(a, ctsOut[i]));
  }
  return jaxpr.invars.flatMap((v, i) =>
    args[i] instanceof UndefPrimal ? [ctEnv.get(v) ?? new Zero(v.aval)] : []
  );
}
