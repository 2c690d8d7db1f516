/**
 * Partial evaluation (Autodidax part 4): runs a function on a mix of known values and unknown
 * (abstract) ones, computing everything that depends only on known values now and staging the
 * rest into a jaxpr. Linearization is JVP followed by partial evaluation with primals known and
 * tangents unknown: the staged jaxpr is the linear map from input to output tangents.
 */

import type { ShapedArray } from "../core/aval.ts";
import type { DeviceArray } from "../core/array.ts";
import { type Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Var } from "../core/jaxpr.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import {
  bind,
  fullLower,
  fullRaise,
  type MainTrace,
  Trace,
  Tracer,
  withNewMain,
} from "../core/trace.ts";

/** A value that is either known (`known` set) or only known abstractly (`aval`). */
export class PartialVal {
  private constructor(readonly aval: ShapedArray, readonly known: DeviceArray | null) {}
  static known(x: DeviceArray): PartialVal {
    return new PartialVal(x.aval, x);
  }
  static unknown(aval: ShapedArray): PartialVal {
    return new PartialVal(aval, null);
  }
  get isKnown(): boolean {
    return this.known !== null;
  }
}

/** How an unknown tracer was made: an input, a known value used by staged code, or an equation. */
type Recipe =
  | { kind: "lambda" }
  | { kind: "const"; val: DeviceArray }
  | { kind: "eqn"; eqn: EqnRecipe };

interface EqnRecipe {
  prim: Primitive;
  inputs: PartialEvalTracer[];
  params: Params;
  outs: PartialEvalTracer[];
}

export class PartialEvalTracer extends Tracer {
  constructor(
    readonly trace: PartialEvalTrace,
    readonly pval: PartialVal,
    public recipe: Recipe | null,
  ) {
    super();
  }
  get aval(): ShapedArray {
    return this.pval.aval;
  }
  override fullLower(): DeviceArray {
    return this.pval.known ? fullLower(this.pval.known) : this;
  }
  override toConcrete(): DeviceArray | null {
    const k = this.pval.known;
    if (!k) return null;
    return k instanceof Tracer ? k.toConcrete() : k;
  }
}

/** A rule that partially evaluates a higher-order primitive (pjit, cond, scan, …) itself. */
export type PartialEvalRule = (
  trace: PartialEvalTrace,
  tracers: PartialEvalTracer[],
  params: Params,
) => DeviceArray[];

export const partialEvalRules = new Map<Primitive, PartialEvalRule>();

export class PartialEvalTrace extends Trace {
  newArg(pval: PartialVal): PartialEvalTracer {
    return new PartialEvalTracer(this, pval, pval.isKnown ? null : { kind: "lambda" });
  }

  pure(val: DeviceArray): DeviceArray {
    return new PartialEvalTracer(this, PartialVal.known(val), null);
  }

  /** An unknown tracer for a value, staging a known one as a constant of the jaxpr. */
  instantiateConst(t: PartialEvalTracer): PartialEvalTracer {
    if (!t.pval.isKnown) return t;
    return new PartialEvalTracer(this, PartialVal.unknown(t.aval), {
      kind: "const",
      val: t.pval.known!,
    });
  }

  processPrimitive(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray[] {
    const tracers = args as PartialEvalTracer[];
    if (tracers.every((t) => t.pval.isKnown)) {
      return bind(prim, tracers.map((t) => fullLower(t)), params);
    }
    const rule = partialEvalRules.get(prim);
    if (rule) return rule(this, tracers, params);
    return this.stage(prim, tracers, params);
  }

  /** Records an application as staged (all outputs unknown). */
  stage(
    prim: Primitive,
    tracers: PartialEvalTracer[],
    params: Params,
    outAvals?: ShapedArray[],
  ): PartialEvalTracer[] {
    const inputs = tracers.map((t) => this.instantiateConst(t));
    const avals = outAvals ?? prim.abstractEval(inputs.map((t) => t.aval), params);
    const eqn: EqnRecipe = { prim, inputs, params, outs: [] };
    eqn.outs = avals.map((a) =>
      new PartialEvalTracer(this, PartialVal.unknown(a), { kind: "eqn", eqn })
    );
    return eqn.outs;
  }

  override get name(): string {
    return "JaxprTrace";
  }
}

/**
 * Converts the staged computation that produces `outs` from `ins` into a jaxpr; known values it
 * uses become constvars (returned as consts).
 */
export function tracersToJaxpr(
  ins: PartialEvalTracer[],
  outs: PartialEvalTracer[],
): { jaxpr: Jaxpr; consts: DeviceArray[] } {
  const vars = new Map<PartialEvalTracer, Var>();
  const constvars: Var[] = [];
  const consts: DeviceArray[] = [];
  const constIds = new Map<DeviceArray, Var>();
  const eqns: JaxprEqn[] = [];
  const seenEqns = new Set<EqnRecipe>();
  const invars = ins.map((t) => {
    const v = new Var(t.aval);
    vars.set(t, v);
    return v;
  });

  // Iterative post-order walk from the outputs (recursion would overflow on long chains).
  const visit = (root: PartialEvalTracer) => {
    const stack: [PartialEvalTracer, boolean][] = [[root, false]];
    while (stack.length) {
      const [t, expanded] = stack.pop()!;
      if (vars.has(t)) continue;
      const r = t.recipe;
      if (!r) throw new Error("known tracer reached while building a jaxpr");
      if (r.kind === "lambda") throw new Error("an input tracer of another trace was used");
      if (r.kind === "const") {
        let v = constIds.get(r.val);
        if (!v) {
          v = new Var(t.aval);
          constIds.set(r.val, v);
          constvars.push(v);
          consts.push(r.val);
        }
        vars.set(t, v);
        continue;
      }
      const eqn = r.eqn;
      if (!expanded) {
        stack.push([t, true]);
        for (const i of eqn.inputs) if (!vars.has(i)) stack.push([i, false]);
        continue;
      }
      if (!seenEqns.has(eqn)) {
        seenEqns.add(eqn);
        const outVars = eqn.outs.map((o) => {
          const v = new Var(o.aval);
          vars.set(o, v);
          return v;
        });
        eqns.push(new JaxprEqn(eqn.prim, eqn.inputs.map((i) => vars.get(i)!), eqn.params, outVars));
      }
    }
  };
  for (const o of outs) visit(o);
  const outvars: Atom[] = outs.map((o) => vars.get(o)!);
  return { jaxpr: new Jaxpr(constvars, invars, eqns, outvars), consts };
}

/**
 * Partially evaluates a flat function. Returns the jaxpr of the unknown part (inputs: the
 * unknown inputs; outputs: the unknown outputs), the output partial values, and the consts.
 */
export function partialEvalFlat(
  fn: (...args: DeviceArray[]) => DeviceArray[],
  pvalsIn: PartialVal[],
  instantiate: boolean | ((i: number) => boolean) = false,
): { jaxpr: Jaxpr; pvalsOut: PartialVal[]; consts: DeviceArray[] } {
  return withNewMain(PartialEvalTrace, null, (main: MainTrace) => {
    const trace = main.trace as PartialEvalTrace;
    const ins = pvalsIn.map((p) => trace.newArg(p));
    const outs = fn(...ins).map((o, i) => {
      const t = fullRaise(trace, o) as PartialEvalTracer;
      const inst = typeof instantiate === "boolean" ? instantiate : instantiate(i);
      return inst ? trace.instantiateConst(t) : t;
    });
    const pvalsOut = outs.map((t) => t.pval);
    const unkIns = ins.filter((t) => !t.pval.isKnown);
    const unkOuts = outs.filter((t) => !t.pval.isKnown);
    const { jaxpr, consts } = tracersToJaxpr(unkIns, unkOuts);
    return { jaxpr, pvalsOut, consts };
  });
}

/** A jaxpr with its consts closed over (for later evaluation). */
export function closeJaxpr(jaxpr: Jaxpr, consts: DeviceArray[]): ClosedJaxpr {
  return new ClosedJaxpr(jaxpr, consts);
}
