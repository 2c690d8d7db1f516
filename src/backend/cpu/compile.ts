/**
 * Compiles a jaxpr for the CPU backend into a flat program: every variable gets a slot, every
 * equation a step that calls its kernel with avals and params resolved at compile time (no
 * shape rules, no array objects at run time). Control flow (pjit, cond, while, scan, custom
 * derivative calls) compiles its sub-jaxprs recursively.
 */

import type { ShapedArray } from "../../core/aval.ts";
import { ArrayImpl } from "../../core/array_impl.ts";
import { type ClosedJaxpr, type Jaxpr, Literal, type Var } from "../../core/jaxpr.ts";
import type { Params } from "../../core/primitive.ts";
import { allocTyped, type TypedArray } from "../../dtype.ts";
import type { Executable } from "../backend.ts";
import type { CpuBackend } from "./cpu_backend.ts";
import { cpuKernels } from "./kernels/index.ts";

type Env = TypedArray[];
type Step = (env: Env) => void;

/** A compiled jaxpr: reads inputs into slots, runs the steps, collects outputs. */
class CpuProgram implements Executable<TypedArray> {
  constructor(
    readonly nslots: number,
    readonly constSlots: number[],
    readonly constVals: TypedArray[],
    readonly inSlots: number[],
    readonly steps: Step[],
    readonly outSlots: number[],
  ) {}

  run(inputs: TypedArray[]): TypedArray[] {
    const env: Env = new Array(this.nslots);
    for (let i = 0; i < this.constSlots.length; i++) env[this.constSlots[i]] = this.constVals[i];
    for (let i = 0; i < this.inSlots.length; i++) env[this.inSlots[i]] = inputs[i];
    const steps = this.steps;
    for (let i = 0; i < steps.length; i++) steps[i](env);
    const outs = new Array<TypedArray>(this.outSlots.length);
    for (let i = 0; i < outs.length; i++) outs[i] = env[this.outSlots[i]];
    return outs;
  }
}

/** Host data of a constant captured by a jaxpr (its values must be on the host). */
export function hostValue(x: unknown): TypedArray {
  if (x instanceof ArrayImpl) return x.dataSync();
  throw new Error("jaxpr constants must be concrete arrays");
}

/** Compiles a closed jaxpr whose consts are baked in; run() takes only the invars. */
export function compileJaxprForCpu(closed: ClosedJaxpr, backend?: CpuBackend): Executable<TypedArray> {
  void backend;
  return compileJaxpr(closed.jaxpr, closed.consts.map(hostValue));
}

export function compileJaxpr(jaxpr: Jaxpr, consts: TypedArray[]): CpuProgram {
  const slots = new Map<Var, number>();
  let next = 0;
  const slot = (v: Var) => {
    let s = slots.get(v);
    if (s === undefined) {
      s = next++;
      slots.set(v, s);
    }
    return s;
  };
  const constSlots = jaxpr.constvars.map(slot);
  const constVals = [...consts];
  const inSlots = jaxpr.invars.map(slot);
  // Literals become constant slots.
  const atomSlot = (a: Var | Literal): number => {
    if (a instanceof Literal) {
      const s = next++;
      const data = allocTyped(a.aval.dtype, 1);
      data[0] = a.val;
      constSlots.push(s);
      constVals.push(data);
      return s;
    }
    return slot(a);
  };
  const steps: Step[] = [];
  for (const eqn of jaxpr.eqns) {
    const ins = eqn.inputs.map(atomSlot);
    const outs = eqn.outBinders.map(slot);
    const inAvals = eqn.inputs.map((a) => a.aval);
    const outAvals = eqn.outBinders.map((v) => v.aval);
    steps.push(makeStep(eqn.primitive.name, eqn.params, ins, outs, inAvals, outAvals));
  }
  const outSlots = jaxpr.outvars.map(atomSlot);
  return new CpuProgram(next, constSlots, constVals, inSlots, steps, outSlots);
}

function makeStep(
  name: string,
  params: Params,
  ins: number[],
  outs: number[],
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
): Step {
  const special = controlFlowSteps[name];
  if (special) {
    const run = special(params, inAvals, outAvals);
    return (env) => {
      const res = run(ins.map((i) => env[i]));
      for (let i = 0; i < outs.length; i++) env[outs[i]] = res[i];
    };
  }
  const kernel = cpuKernels[name];
  if (!kernel) throw new Error(`The CPU backend has no kernel for primitive '${name}'`);
  if (ins.length === 1 && outs.length === 1) {
    const i0 = ins[0], o0 = outs[0];
    return (env) => {
      env[o0] = kernel([env[i0]], inAvals, outAvals, params)[0];
    };
  }
  if (ins.length === 2 && outs.length === 1) {
    const i0 = ins[0], i1 = ins[1], o0 = outs[0];
    return (env) => {
      env[o0] = kernel([env[i0], env[i1]], inAvals, outAvals, params)[0];
    };
  }
  return (env) => {
    const args = new Array<TypedArray>(ins.length);
    for (let i = 0; i < ins.length; i++) args[i] = env[ins[i]];
    const res = kernel(args, inAvals, outAvals, params);
    for (let i = 0; i < outs.length; i++) env[outs[i]] = res[i];
  };
}

type ProgramRunner = (inputs: TypedArray[]) => TypedArray[];
type ControlFlowCompiler = (
  params: Params,
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
) => ProgramRunner;

/** Compilers for higher-order primitives, registered by the modules that define them. */
export const controlFlowSteps: Record<string, ControlFlowCompiler> = {};

/** Compiles a closed sub-jaxpr (its consts baked in) into a runner. */
export function compileClosed(closed: ClosedJaxpr): ProgramRunner {
  const prog = compileJaxpr(closed.jaxpr, closed.consts.map(hostValue));
  return (inputs) => prog.run(inputs);
}
