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
import { cpuHelpers } from "../helpers.ts";
import { cpuKernels, cpuSpecialized } from "../kernels/index.ts";
import { emitLoop, Emitter } from "./emit.ts";
import { planJaxpr } from "./plan.ts";
import { inlineCalls } from "./inline.ts";
import { compileWasmLoop } from "../wasm/loops.ts";
import { cpuEnv } from "../env.ts";

export type ProgramRunner = (inputs: TypedArray[]) => TypedArray[];
type ControlFlowCompiler = (
  params: Params,
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
) => ProgramRunner;

/** Compilers for higher-order primitives (control_flow.ts registers them). */
export const controlFlowSteps: Record<string, ControlFlowCompiler> = {};

/** The source of the last generated program (for debugging; JAXSCRIPT_DEBUG_CODEGEN=1 prints each). */
export let lastSource = "";
const debugCodegen = cpuEnv("JAXSCRIPT_DEBUG_CODEGEN") === "1";

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
  for (const [index, p] of plan.plans.entries()) {
    if (p.kind === "loop") {
      const wasm = compileWasmLoop(p, plan);
      if (!wasm) {
        lines.push(emitLoop(p, plan, em, index));
        continue;
      }
      // The WebAssembly loop, with the JavaScript loop as the fallback when memory is short.
      const outs = wasm.outputs.map((v) => em.buf(v));
      const js = em.fresh("L"), r = em.fresh("r");
      lines.push(`function ${js}() {\n${emitLoop(p, plan, em, index)}\nreturn [${outs}];\n}`);
      lines.push(
        `const ${r} = ${em.value(wasm.run)}(${wasm.inputs.map((v) => em.buf(v))}) ?? ${js}();`,
      );
      outs.forEach((b, k) => lines.push(`const ${b} = ${r}[${k}];`));
      continue;
    }
    const { eqn } = p;
    const name = eqn.primitive.name;
    const inAvals = eqn.inputs.map((a) => a.aval);
    const outAvals = eqn.outBinders.map((v) => v.aval);
    const args = `[${eqn.inputs.map(bufferOf).join(", ")}]`;
    const spec = cpuSpecialized[name];
    if (spec && eqn.outBinders.length === 1) {
      const fn = em.value(spec(inAvals, outAvals, eqn.params));
      lines.push(`const ${em.buf(eqn.outBinders[0])} = ${fn}(${eqn.inputs.map(bufferOf)});`);
      continue;
    }
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
  if (debugCodegen) console.error(src);
  return new Function("env", "h", src)(em.env, cpuHelpers) as ProgramRunner;
}
