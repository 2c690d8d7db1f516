/**
 * The CPU jit's program generator: one JavaScript function per jaxpr. Fused loops are inlined
 * (emit.ts); every other equation is a direct call of its kernel (or of its compiled control-flow
 * program) with avals and params bound at compile time, so a call does no shape rules, no
 * lookups and no allocation beyond the buffers it produces.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import { type Atom, type Jaxpr, Literal } from "../../../core/jaxpr.ts";
import type { Params } from "../../../core/primitive.ts";
import type { TypedArray } from "../../../dtype.ts";
import { helpers } from "../scalar_math.ts";
import { cpuKernels } from "../kernels/index.ts";
import { emitLoop, Emitter } from "./emit.ts";
import { planJaxpr } from "./plan.ts";
import { inlineCalls } from "./inline.ts";

export type ProgramRunner = (inputs: TypedArray[]) => TypedArray[];
type ControlFlowCompiler = (
  params: Params,
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
) => ProgramRunner;

/** Compilers for higher-order primitives (control_flow.ts registers them). */
export const controlFlowSteps: Record<string, ControlFlowCompiler> = {};

/** Set JAXSCRIPT_DEBUG_CODEGEN to print generated programs (see compile.ts). */
export let lastSource = "";

/** Compiles `jaxpr` (constvars bound to `consts`) into a runner over typed arrays. */
export function generateProgram(input: Jaxpr, inputConsts: TypedArray[]): ProgramRunner {
  const { jaxpr, consts } = inlineCalls(input, inputConsts);
  const plan = planJaxpr(jaxpr);
  const em = new Emitter();
  const lines: string[] = [];
  jaxpr.constvars.forEach((v, k) => em.bindName(v, em.value(consts[k])));
  jaxpr.invars.forEach((v, k) => {
    em.bindName(v, `in${k}`);
    lines.push(`const in${k} = ins[${k}];`);
  });
  const bufferOf = (a: Atom): string => {
    const r = plan.root(a);
    return r instanceof Literal ? em.literalBuffer(r) : em.buf(r);
  };
  for (const p of plan.plans) {
    if (p.kind === "loop") {
      lines.push(emitLoop(p, plan, em));
      continue;
    }
    const { eqn } = p;
    const name = eqn.primitive.name;
    const inAvals = eqn.inputs.map((a) => a.aval);
    const outAvals = eqn.outBinders.map((v) => v.aval);
    const args = `[${eqn.inputs.map(bufferOf).join(", ")}]`;
    let call: string;
    const cf = controlFlowSteps[name];
    if (cf) call = `${em.value(cf(eqn.params, inAvals, outAvals))}(${args})`;
    else {
      const kernel = cpuKernels[name];
      if (!kernel) throw new Error(`The CPU backend has no kernel for primitive '${name}'`);
      call = `${em.value(kernel)}(${args}, ${em.value(inAvals)}, ${em.value(outAvals)}, ${
        em.value(eqn.params)
      })`;
    }
    if (eqn.outBinders.length === 1) lines.push(`const ${em.buf(eqn.outBinders[0])} = ${call}[0];`);
    else {
      const r = em.fresh("r");
      lines.push(`const ${r} = ${call};`);
      eqn.outBinders.forEach((v, k) => lines.push(`const ${em.buf(v)} = ${r}[${k}];`));
    }
  }
  lines.push(`return [${jaxpr.outvars.map(bufferOf).join(", ")}];`);
  const src = `"use strict";\n${em.prelude()}return function run(ins) {\n${lines.join("\n")}\n};`;
  lastSource = src;
  return new Function("env", "h", src)(em.env, helpers) as ProgramRunner;
}
