/**
 * Shared machinery of the control-flow primitives: tracing user functions into jaxprs whose
 * closed-over values become explicit operands (so outer transformations see them), and eager
 * evaluation by compiling a one-equation program (so loop bodies run compiled).
 */

import { ShapedArray } from "../../core/aval.ts";
import { DeviceArray } from "../../core/array.ts";
import type { ArrayImpl } from "../../core/array_impl.ts";
import { ClosedJaxpr, Jaxpr, JaxprEqn, Var } from "../../core/jaxpr.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import { traceToJaxpr } from "../../interpreters/tracing.ts";
import { flatten, type TreeDef, unflatten } from "../../tree.ts";
import { runCompiled } from "../../transforms/jit.ts";
import { scalar } from "../lax.ts";

/** A traced function: its jaxpr takes (consts, args) and the consts' current values. */
export interface Traced {
  jaxpr: ClosedJaxpr;
  consts: DeviceArray[];
  outTree: TreeDef;
}

/** Converts a pytree leaf to an array (JS scalars become weak scalars). */
export function leafArray(x: unknown, what: string): DeviceArray {
  if (x instanceof DeviceArray) return x;
  if (typeof x === "number" || typeof x === "boolean") return scalar(x);
  throw new TypeError(`${what} must be arrays or scalars, got ${typeof x}`);
}

/**
 * Traces `fn` (taking the unflattened arguments) into a jaxpr over `avals`, hoisting its
 * constants into leading invars.
 */
export function traceFn(
  fn: (...args: unknown[]) => unknown,
  inTree: TreeDef,
  avals: readonly ShapedArray[],
  what: string,
): Traced {
  let outTree: TreeDef | null = null;
  const closed = traceToJaxpr((...xs) => {
    const args = unflatten(inTree, xs) as unknown[];
    const [leaves, tree] = flatten(fn(...args));
    outTree = tree;
    return leaves.map((l) => leafArray(l, `${what} outputs`));
  }, avals);
  const j = closed.jaxpr;
  const hoisted = new Jaxpr([], [...j.constvars, ...j.invars], j.eqns, j.outvars);
  return { jaxpr: new ClosedJaxpr(hoisted, []), consts: closed.consts, outTree: outTree! };
}

/**
 * Makes every traced function take the union of all their consts (each ignores the others'),
 * so several branches can share one operand list.
 */
export function unifyConsts(traced: Traced[]): { jaxprs: ClosedJaxpr[]; consts: DeviceArray[] } {
  const consts = traced.flatMap((t) => t.consts);
  const jaxprs = traced.map((t, k) => {
    const before = traced.slice(0, k).flatMap((u) => u.consts);
    const after = traced.slice(k + 1).flatMap((u) => u.consts);
    const j = t.jaxpr.jaxpr;
    const pre = before.map((c) => new Var(c.aval));
    const post = after.map((c) => new Var(c.aval));
    const n = t.consts.length;
    const invars = [...pre, ...j.invars.slice(0, n), ...post, ...j.invars.slice(n)];
    return new ClosedJaxpr(new Jaxpr([], invars, j.eqns, j.outvars), []);
  });
  return { jaxprs, consts };
}

/** Avals of an array list. */
export function avalsOf(xs: readonly DeviceArray[]): ShapedArray[] {
  return xs.map((x) => x.aval);
}

/** Describes avals as JAX's error messages do: `float32[3], int32[]`. */
export function describeAvals(avals: readonly ShapedArray[]): string {
  return avals.map((a) => a.strLong()).join(", ");
}

const programs = new WeakMap<Params, Map<string, ClosedJaxpr>>();

/**
 * Evaluates a control-flow primitive on concrete arrays by compiling a jaxpr holding just that
 * equation (cached per params object and input avals), so bodies run as compiled programs.
 */
export function implByCompile(prim: Primitive) {
  return (args: DeviceArray[], params: Params): DeviceArray[] => {
    const key = args.map((a) => a.aval.key()).join("|");
    let perParams = programs.get(params);
    if (!perParams) programs.set(params, perParams = new Map());
    let closed = perParams.get(key);
    if (!closed) {
      const invars = args.map((a) => new Var(a.aval));
      const outAvals = prim.abstractEval(args.map((a) => a.aval), params);
      const outs = outAvals.map((a) => new Var(a));
      const eqn = new JaxprEqn(prim, invars, params, outs);
      closed = new ClosedJaxpr(new Jaxpr([], invars, [eqn], outs), []);
      perParams.set(key, closed);
    }
    return runCompiled(closed, args as ArrayImpl[]);
  };
}

export { ShapedArray };
