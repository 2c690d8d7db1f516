/**
 * Tracing to jaxprs (JAX's DynamicJaxprTrace, "omnistaging"): while a function runs under this
 * trace, every primitive application is recorded as an equation, constants become constvars (or
 * literals when they are scalars), and the function's outputs become the jaxpr's outvars.
 */

import { ShapedArray } from "../core/aval.ts";
import type { DeviceArray } from "../core/array.ts";
import { ArrayImpl, scalarArray } from "../core/array_impl.ts";
import { type Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Literal, Var } from "../core/jaxpr.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import {
  bind,
  fullRaise,
  type MainTrace,
  Trace,
  Tracer,
  withDynamic,
  withNewMain,
} from "../core/trace.ts";

/** A tracer that stands for a variable (or literal) of the jaxpr being built. */
export class JaxprTracer extends Tracer {
  constructor(readonly trace: JaxprTrace, readonly atom: Atom) {
    super();
  }
  get aval(): ShapedArray {
    return this.atom.aval;
  }
}

/** The equations and constants recorded while tracing one function. */
export class JaxprBuilder {
  eqns: JaxprEqn[] = [];
  constvars: Var[] = [];
  constvals: DeviceArray[] = [];
  private constTracers = new Map<DeviceArray, JaxprTracer>();

  /** The tracer for a constant: a literal for host scalars, else a (deduplicated) constvar. */
  constTracer(trace: JaxprTrace, val: DeviceArray): JaxprTracer {
    let t = this.constTracers.get(val);
    if (t) return t;
    const host = val instanceof ArrayImpl && val.ndim === 0 ? val.peek() : null;
    if (host) {
      const lit = new Literal(host[0], val.aval);
      lit.cached = val;
      t = new JaxprTracer(trace, lit);
    } else {
      const v = new Var(val.aval);
      this.constvars.push(v);
      this.constvals.push(val);
      t = new JaxprTracer(trace, v);
    }
    this.constTracers.set(val, t);
    return t;
  }
}

export class JaxprTrace extends Trace {
  get builder(): JaxprBuilder {
    return this.main.globalData as JaxprBuilder;
  }

  newArg(aval: ShapedArray): JaxprTracer {
    return new JaxprTracer(this, new Var(aval));
  }

  pure(val: DeviceArray): DeviceArray {
    return this.builder.constTracer(this, val);
  }

  processPrimitive(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray[] {
    const inputs = (args as JaxprTracer[]).map((t) => t.atom);
    const outAvals = prim.abstractEval(inputs.map((a) => a.aval), params);
    const outs = outAvals.map((a) => new Var(a));
    this.builder.eqns.push(new JaxprEqn(prim, inputs, params, outs));
    return outs.map((v) => new JaxprTracer(this, v));
  }

  override get name(): string {
    return "DynamicJaxprTrace";
  }
}

/**
 * Traces `fn` on abstract arguments into a closed jaxpr. `fn` takes and returns flat lists of
 * arrays. Constants it closes over become constvars of the jaxpr, with their values as consts.
 */
export function traceToJaxpr(
  fn: (...args: DeviceArray[]) => DeviceArray[],
  inAvals: readonly ShapedArray[],
): ClosedJaxpr {
  return withNewMain(JaxprTrace, new JaxprBuilder(), (main: MainTrace) => {
    const trace = main.trace as JaxprTrace;
    const builder = trace.builder;
    const args = inAvals.map((a) => trace.newArg(a));
    const outs = withDynamic(main, () => fn(...args));
    const outAtoms = outs.map((o) => (fullRaise(trace, o) as JaxprTracer).atom);
    const jaxpr = new Jaxpr(
      builder.constvars,
      args.map((a) => a.atom as Var),
      builder.eqns,
      outAtoms,
    );
    return new ClosedJaxpr(jaxpr, builder.constvals);
  });
}

/** The array for a literal (created once per literal). */
export function literalValue(l: Literal): DeviceArray {
  return (l.cached ??= scalarArray(l.val, l.aval.dtype, l.aval.weakType));
}

/** Evaluates a jaxpr by binding each equation, so it works under any transformation. */
export function evalJaxpr(
  jaxpr: Jaxpr,
  consts: readonly DeviceArray[],
  args: readonly DeviceArray[],
): DeviceArray[] {
  const env = new Map<Var, DeviceArray>();
  const read = (a: Atom) => (a instanceof Literal ? literalValue(a) : env.get(a)!);
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i]));
  jaxpr.invars.forEach((v, i) => env.set(v, args[i]));
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.primitive, eqn.inputs.map(read), eqn.params);
    eqn.outBinders.forEach((v, i) => env.set(v, outs[i]));
  }
  return jaxpr.outvars.map(read);
}

/** Evaluates a closed jaxpr on arguments (consts supplied by the closed jaxpr). */
export function evalClosed(closed: ClosedJaxpr, args: readonly DeviceArray[]): DeviceArray[] {
  return evalJaxpr(closed.jaxpr, closed.consts, args);
}

/**
 * Turns a closed jaxpr's consts into leading invars (for primitives that pass consts as
 * operands, like scan's and while's bodies).
 */
export function convertConstvarsToInvars(closed: ClosedJaxpr): Jaxpr {
  const j = closed.jaxpr;
  return new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars);
}

export { ShapedArray };
