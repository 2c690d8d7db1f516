/**
 * Compiles a jaxpr for the CPU backend. The whole jaxpr becomes one generated JavaScript
 * function (codegen/): chains of elementwise equations, broadcasts, reshapes and reductions run
 * as fused loops, every other equation calls its kernel with avals and params bound at compile
 * time. Control flow (cond, while, scan) compiles its sub-jaxprs recursively; nested jit and
 * custom-derivative calls are inlined first.
 */

import type { ClosedJaxpr, Jaxpr } from "../../core/jaxpr.ts";
import type { TypedArray } from "../../dtype.ts";
import type { Executable } from "../backend.ts";
import type { CpuBackend } from "./cpu_backend.ts";
import { controlFlowSteps, generateProgram, type ProgramRunner } from "./codegen/program.ts";
import { hostValue } from "./codegen/inline.ts";

export { controlFlowSteps, hostValue, type ProgramRunner };

/** A compiled jaxpr: `run` takes the invars' buffers (its consts are baked in). */
class CpuProgram implements Executable<TypedArray> {
  constructor(readonly run: ProgramRunner) {}
}

/** Compiles a closed jaxpr whose consts are baked in; run() takes only the invars. */
export function compileJaxprForCpu(
  closed: ClosedJaxpr,
  backend?: CpuBackend,
): Executable<TypedArray> {
  void backend;
  return new CpuProgram(compileJaxpr(closed.jaxpr, closed.consts.map(hostValue)));
}

/** Compiles a jaxpr with its constvars bound to `consts`. */
export function compileJaxpr(jaxpr: Jaxpr, consts: TypedArray[]): ProgramRunner {
  return generateProgram(jaxpr, consts);
}

/** Compiles a closed sub-jaxpr (its consts baked in) into a runner. */
export function compileClosed(closed: ClosedJaxpr): ProgramRunner {
  return compileJaxpr(closed.jaxpr, closed.consts.map(hostValue));
}
