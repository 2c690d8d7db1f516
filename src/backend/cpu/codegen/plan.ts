/**
 * Fusion planning for the CPU jit: splits a jaxpr's equations into fused loops and kernel steps.
 *
 * A loop iterates once over a shape and evaluates, per element, a run of consecutive elementwise
 * equations (expr.ts templates), broadcasts and reductions. Within a loop every value is a local
 * of the current iteration; a value is stored to a buffer ("materialised") only when something
 * outside the loop reads it. Reshape-like equations (reshape, squeeze, stop_gradient) keep the
 * row-major order, so they are aliases: they emit nothing, and reads go to the aliased value at
 * the same flat index.
 *
 * What may join the open loop (anything else closes it):
 * - an elementwise equation of the loop's size whose operands are scalars, loop values read at
 *   the same flat index, or materialised buffers — a buffer broadcast along size-1 axes only if
 *   the equation's shape is the loop's shape, so the loop's index is the equation's index;
 * - broadcast_in_dim, likewise (its operand must be a buffer unless no axis is replicated);
 * - a reduction of a loop value or buffer over the loop's shape (all axes: any shape of the
 *   loop's size). Its result exists only when the loop has finished, so no later member of the
 *   same loop may read it.
 * Everything else (dot_general, gather, control flow, …) is a kernel step on buffers.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import { type Atom, type Jaxpr, type JaxprEqn, Literal, type Var } from "../../../core/jaxpr.ts";
import { exprTemplates } from "../expr.ts";
import { REDUCTION_NAMES } from "../../../lax/prims/reductions.ts";

/** Reductions a loop can fuse, with their combine semantics in emit.ts. */
export const FUSED_REDUCTIONS: ReadonlySet<string> = new Set(REDUCTION_NAMES);

/** Kernel steps whose outputs are always newly allocated (never an input's buffer). */
const FRESH_STEPS = new Set(["dot_general"]);

/** Equations whose output is their operand in the same row-major order. */
export const ALIASES = new Set(["reshape", "squeeze", "stop_gradient"]);

export interface LoopPlan {
  kind: "loop";
  shape: readonly number[];
  size: number;
  eqns: JaxprEqn[];
  /** Values computed in this loop (roots), reductions included. */
  produced: Set<Var>;
  /** Reduction outputs of this loop (available only after it). */
  reduced: Set<Var>;
}

export interface StepPlan {
  kind: "step";
  eqn: JaxprEqn;
}

export type Plan = LoopPlan | StepPlan;

export interface ProgramPlan {
  plans: Plan[];
  /** The index in `plans` of each value's last reader (Infinity for returned values). */
  lastUse: Map<Var, number>;
  /**
   * Values whose buffer the program allocated itself (loop outputs, dot_general results), so a
   * loop that reads one for the last time may write its own output into it.
   */
  fresh: Set<Var>;
  /** Alias → the value it aliases (a Var computed elsewhere, an input, or a Literal). */
  root: (a: Atom) => Atom;
  /** Values that need a buffer: read by steps, by other loops, or returned. */
  materialized: Set<Var>;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export function planJaxpr(jaxpr: Jaxpr): ProgramPlan {
  const alias = new Map<Var, Atom>();
  const root = (a: Atom): Atom => {
    let r = a;
    while (!(r instanceof Literal) && alias.has(r)) r = alias.get(r)!;
    return r;
  };
  const plans: Plan[] = [];
  let cur: LoopPlan | null = null;
  const close = () => {
    if (cur) plans.push(cur);
    cur = null;
  };

  for (const eqn of jaxpr.eqns) {
    const name = eqn.primitive.name;
    if (ALIASES.has(name) && eqn.inputs.length === 1 && eqn.outBinders.length === 1) {
      alias.set(eqn.outBinders[0], root(eqn.inputs[0]));
      continue;
    }
    const kind = fusibleKind(eqn);
    if (kind === null) {
      close();
      plans.push({ kind: "step", eqn });
      continue;
    }
    if (!cur || !canJoin(cur, eqn, kind, root)) {
      close();
      cur = startLoop(eqn, kind);
      if (!canJoin(cur, eqn, kind, root)) {
        // Cannot even start a loop (should not happen): run it as a kernel step.
        cur = null;
        plans.push({ kind: "step", eqn });
        continue;
      }
    }
    cur.eqns.push(eqn);
    const out = eqn.outBinders[0];
    cur.produced.add(out);
    if (kind === "reduce") cur.reduced.add(out);
  }
  close();

  // A value needs a buffer when anything outside its loop reads it.
  const owner = new Map<Var, LoopPlan>();
  for (const p of plans) if (p.kind === "loop") { for (const v of p.produced) owner.set(v, p); }
  const materialized = new Set<Var>();
  const use = (a: Atom, by: Plan | null) => {
    const r = root(a);
    if (r instanceof Literal) return;
    const o = owner.get(r);
    if (!o || o !== by || o.reduced.has(r)) materialized.add(r);
  };
  const lastUse = new Map<Var, number>();
  const fresh = new Set<Var>();
  const read = (a: Atom, by: Plan | null, k: number) => {
    use(a, by);
    const r = root(a);
    if (!(r instanceof Literal)) lastUse.set(r, k);
  };
  plans.forEach((p, k) => {
    if (p.kind === "step") {
      for (const a of p.eqn.inputs) read(a, p, k);
      if (FRESH_STEPS.has(p.eqn.primitive.name)) { for (const v of p.eqn.outBinders) fresh.add(v); }
    } else {
      for (const e of p.eqns) for (const a of e.inputs) read(a, p, k);
      for (const v of p.produced) fresh.add(v);
    }
  });
  for (const a of jaxpr.outvars) read(a, null, Infinity);
  return { plans, root, materialized, lastUse, fresh };
}

type FusedKind = "elementwise" | "broadcast" | "reduce";

function fusibleKind(eqn: JaxprEqn): FusedKind | null {
  const name = eqn.primitive.name;
  if (eqn.outBinders.length !== 1) return null;
  if (name === "broadcast_in_dim") return eqn.inputs.length === 1 ? "broadcast" : null;
  if (FUSED_REDUCTIONS.has(name)) return "reduce";
  if (name === "bitcast_convert_type" || !exprTemplates[name]) return null;
  return "elementwise";
}

function startLoop(eqn: JaxprEqn, kind: FusedKind): LoopPlan {
  const shape = kind === "reduce" ? eqn.inputs[0].aval.shape : eqn.outBinders[0].aval.shape;
  let size = 1;
  for (const d of shape) size *= d;
  return { kind: "loop", shape, size, eqns: [], produced: new Set(), reduced: new Set() };
}

function canJoin(
  loop: LoopPlan,
  eqn: JaxprEqn,
  kind: FusedKind,
  root: (a: Atom) => Atom,
): boolean {
  const out = eqn.outBinders[0].aval;
  // Reads of this loop's values happen at the flat index; reduction results are not there yet.
  const readable = (a: Atom, flat: boolean): boolean => {
    const r = root(a);
    if (r instanceof Literal || !loop.produced.has(r)) return true;
    return flat && !loop.reduced.has(r);
  };
  if (kind === "reduce") {
    const x = eqn.inputs[0].aval;
    const axes = eqn.params.axes as number[];
    const full = axes.length === x.shape.length;
    if (x.size !== loop.size || (!full && !sameShape(x.shape, loop.shape))) return false;
    return readable(eqn.inputs[0], true);
  }
  if (out.size !== loop.size) return false;
  const exactShape = sameShape(out.shape, loop.shape);
  if (kind === "broadcast") {
    const x = eqn.inputs[0].aval;
    const flat = x.size === out.size;
    if (!flat && !exactShape) return false;
    return readable(eqn.inputs[0], flat);
  }
  for (const a of eqn.inputs) {
    const av: ShapedArray = a.aval;
    const flat = av.size === out.size;
    const scalar = av.size === 1;
    if (!flat && !scalar && !exactShape) return false;
    if (!readable(a, flat)) return false;
  }
  return true;
}
