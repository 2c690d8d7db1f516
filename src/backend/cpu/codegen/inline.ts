/**
 * Inlines calls whose evaluation is just their inner jaxpr (nested `jit`, `custom_jvp_call`,
 * `custom_vjp_call`) into the calling jaxpr, so that fusion sees across them: `jit(f)` where f
 * calls jitted helpers compiles to the same loops as if the helpers were written inline. Inner
 * binders get fresh variables (one closed jaxpr may be called twice); inner consts become
 * constvars of the result.
 */

import { type Atom, Jaxpr, JaxprEqn, Literal, Var } from "../../../core/jaxpr.ts";
import type { ClosedJaxpr } from "../../../core/jaxpr.ts";
import { ArrayImpl } from "../../../core/array_impl.ts";
import type { TypedArray } from "../../../dtype.ts";

const CALLS: Record<string, string> = {
  jit: "jaxpr",
  custom_jvp_call: "call_jaxpr",
  custom_vjp_call: "call_jaxpr",
};

/** Host data of a constant captured by a jaxpr (its values must be on the host). */
export function hostValue(x: unknown): TypedArray {
  if (x instanceof ArrayImpl) return x.dataSync();
  throw new Error("jaxpr constants must be concrete arrays");
}

export function inlineCalls(
  jaxpr: Jaxpr,
  consts: TypedArray[],
): { jaxpr: Jaxpr; consts: TypedArray[] } {
  if (!jaxpr.eqns.some((e) => CALLS[e.primitive.name])) return { jaxpr, consts };
  const constvars = [...jaxpr.constvars];
  const constVals = [...consts];
  const eqns: JaxprEqn[] = [];
  const resolve = (a: Atom, env: Map<Var, Atom>): Atom =>
    a instanceof Literal ? a : env.get(a) ?? a;
  const walk = (list: readonly JaxprEqn[], env: Map<Var, Atom>, top: boolean) => {
    for (const eqn of list) {
      const inputs = eqn.inputs.map((a) => resolve(a, env));
      const key = CALLS[eqn.primitive.name];
      const closed = key ? (eqn.params[key] as ClosedJaxpr | undefined) : undefined;
      if (closed && closed.jaxpr.invars.length === inputs.length) {
        const inner = closed.jaxpr;
        const innerEnv = new Map<Var, Atom>();
        inner.constvars.forEach((v, k) => {
          const nv = new Var(v.aval);
          constvars.push(nv);
          constVals.push(hostValue(closed.consts[k]));
          innerEnv.set(v, nv);
        });
        inner.invars.forEach((v, k) => innerEnv.set(v, inputs[k]));
        walk(inner.eqns, innerEnv, false);
        inner.outvars.forEach((o, k) => env.set(eqn.outBinders[k], resolve(o, innerEnv)));
        continue;
      }
      const outs = top ? eqn.outBinders : eqn.outBinders.map((v) => {
        const nv = new Var(v.aval);
        env.set(v, nv);
        return nv;
      });
      eqns.push(new JaxprEqn(eqn.primitive, inputs, eqn.params, outs));
    }
  };
  const env = new Map<Var, Atom>();
  walk(jaxpr.eqns, env, true);
  const outvars = jaxpr.outvars.map((a) => resolve(a, env));
  return { jaxpr: new Jaxpr(constvars, jaxpr.invars, eqns, outvars), consts: constVals };
}
