/**
 * Flattening a jaxpr for compilation: calls (`jit`, `custom_jvp_call`, `custom_vjp_call`) are
 * inlined so fusion crosses their boundaries, identities (`stop_gradient`, `copy`) become aliases,
 * `add_any` becomes `add`, and every value gets a number. Loops and conditionals stay as
 * equations whose bodies are compiled separately.
 */

import type { ShapedArray } from "../../core/aval.ts";
import { type Atom, type ClosedJaxpr, type Jaxpr, Literal, type Var } from "../../core/jaxpr.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import type { DType } from "../../dtype.ts";
import { clamp_p, select_n_p } from "../../lax/prims/elementwise.ts";

/** A value reference: a value number, or a scalar literal. */
export type Ref = number | { literal: number; dtype: DType };

export interface FlatEqn {
  name: string;
  prim: Primitive;
  params: Params;
  ins: Ref[];
  outs: number[];
  inAvals: ShapedArray[];
  outAvals: ShapedArray[];
}

export interface Flat {
  /** Number of values. */
  nvals: number;
  avals: ShapedArray[];
  /** Values bound to the program's inputs, in order. */
  inputs: number[];
  /** Values bound to constants (device arrays of closed jaxprs). */
  consts: { val: number; array: unknown }[];
  eqns: FlatEqn[];
  outs: Ref[];
}

const CALLS: Record<string, string> = {
  jit: "jaxpr",
  pjit: "jaxpr",
  custom_jvp_call: "call_jaxpr",
  custom_vjp_call: "call_jaxpr",
  closed_call: "call_jaxpr",
};
const IDENTITIES = new Set(["stop_gradient", "copy", "optimization_barrier"]);

/** Flattens a closed jaxpr; its consts become constant values, its invars the inputs. */
export function flatten(closed: ClosedJaxpr): Flat {
  const f: Flat = { nvals: 0, avals: [], inputs: [], consts: [], eqns: [], outs: [] };
  const newVal = (aval: ShapedArray): number => {
    f.avals.push(aval);
    return f.nvals++;
  };
  const inputs = closed.jaxpr.invars.map((v) => newVal(v.aval));
  f.inputs = inputs;
  f.outs = inline(f, closed, inputs, newVal);
  return f;
}

function inline(
  f: Flat,
  closed: ClosedJaxpr,
  args: Ref[],
  newVal: (a: ShapedArray) => number,
): Ref[] {
  const jaxpr: Jaxpr = closed.jaxpr;
  const env = new Map<Var, Ref>();
  jaxpr.constvars.forEach((v, i) => {
    const val = newVal(v.aval);
    f.consts.push({ val, array: closed.consts[i] });
    env.set(v, val);
  });
  jaxpr.invars.forEach((v, i) => env.set(v, args[i]));
  const read = (a: Atom): Ref => {
    if (a instanceof Literal) return { literal: a.val, dtype: a.aval.dtype };
    const r = env.get(a);
    if (r === undefined) throw new Error("internal: unbound jaxpr variable while compiling");
    return r;
  };
  for (const eqn of jaxpr.eqns) {
    const name = eqn.primitive.name;
    const ins = eqn.inputs.map(read);
    const callKey = CALLS[name];
    if (callKey && eqn.params[callKey]) {
      const outs = inline(f, eqn.params[callKey] as ClosedJaxpr, ins, newVal);
      eqn.outBinders.forEach((v, i) => env.set(v, outs[i]));
      continue;
    }
    if (name === "cond" && !(eqn.params.branches as ClosedJaxpr[]).some(hasLoop)) {
      // Branches without loops: compute every branch and select (no index readback).
      const branches = eqn.params.branches as ClosedJaxpr[];
      const results = branches.map((b) => inline(f, b, ins.slice(1), newVal));
      if (branches.length === 1) {
        eqn.outBinders.forEach((v, i) => env.set(v, results[0][i]));
        continue;
      }
      const idxAval = eqn.inputs[0].aval;
      const idx = newVal(idxAval);
      const lit = (v: number): Ref => ({ literal: v, dtype: "int32" });
      f.eqns.push({
        name: "clamp",
        prim: clamp_p,
        params: {},
        ins: [lit(0), ins[0], lit(branches.length - 1)],
        outs: [idx],
        inAvals: [idxAval, idxAval, idxAval],
        outAvals: [idxAval],
      });
      eqn.outBinders.forEach((v, j) => {
        const out = newVal(v.aval);
        f.eqns.push({
          name: "select_n",
          prim: select_n_p,
          params: {},
          ins: [idx, ...results.map((r) => r[j])],
          outs: [out],
          inAvals: [idxAval, ...branches.map((b) => b.outAvals[j])],
          outAvals: [v.aval],
        });
        env.set(v, out);
      });
      continue;
    }
    if (IDENTITIES.has(name) && ins.length === 1 && eqn.outBinders.length === 1) {
      env.set(eqn.outBinders[0], ins[0]);
      continue;
    }
    const outs = eqn.outBinders.map((v) => newVal(v.aval));
    eqn.outBinders.forEach((v, i) => env.set(v, outs[i]));
    f.eqns.push({
      name: name === "add_any" ? "add" : name,
      prim: eqn.primitive,
      params: eqn.params,
      ins,
      outs,
      inAvals: eqn.inputs.map((a) => a.aval),
      outAvals: eqn.outBinders.map((v) => v.aval),
    });
  }
  return jaxpr.outvars.map(read);
}

/** Whether a jaxpr (or one it calls) contains a while loop. */
function hasLoop(closed: ClosedJaxpr): boolean {
  for (const e of closed.jaxpr.eqns) {
    if (e.primitive.name === "while") return true;
    for (const v of Object.values(e.params)) {
      if (v && typeof v === "object" && "jaxpr" in v && hasLoop(v as ClosedJaxpr)) return true;
      if (
        Array.isArray(v) && v.some((b) => b && typeof b === "object" && "jaxpr" in b && hasLoop(b))
      ) {
        return true;
      }
    }
  }
  return false;
}
