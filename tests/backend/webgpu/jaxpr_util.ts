/**
 * Building jaxprs by hand for the compiler tests, and running a closed jaxpr on WebGPU and on the
 * CPU backend to compare.
 */

import { ClosedJaxpr, Jaxpr, JaxprEqn, Literal, Var } from "../../../src/core/jaxpr.ts";
import type { Params, Primitive } from "../../../src/core/primitive.ts";
import type { DType, TypedArray } from "../../../src/dtype.ts";
import { cpuBackend } from "../../../src/backend/cpu/cpu_backend.ts";
import type { WebGpuBackend } from "../../../src/backend/webgpu/backend.ts";
import type { WebGpuProgram } from "../../../src/backend/webgpu/compile.ts";
import { ShapedArray } from "./util.ts";

export type Arg = Var | Literal | number;

/** A small jaxpr builder: inputs, equations (avals from the primitives' rules), outputs. */
export class JaxprBuilder {
  readonly invars: Var[] = [];
  readonly eqns: JaxprEqn[] = [];

  input(shape: number[], dtype: DType = "float32"): Var {
    const v = new Var(new ShapedArray(shape, dtype));
    this.invars.push(v);
    return v;
  }

  lit(value: number, dtype: DType = "float32"): Literal {
    return new Literal(value, new ShapedArray([], dtype));
  }

  /** Applies a primitive; numbers become float32 literals. Returns the outputs. */
  apply(prim: Primitive, args: Arg[], params: Params = {}): Var[] {
    const ins = args.map((a) => (typeof a === "number" ? this.lit(a) : a));
    const outAvals = prim.abstractEval(ins.map((a) => a.aval), params);
    const outs = outAvals.map((a) => new Var(a));
    this.eqns.push(new JaxprEqn(prim, ins, params, outs));
    return outs;
  }

  /** Applies a single-output primitive. */
  op(prim: Primitive, args: Arg[], params: Params = {}): Var {
    return this.apply(prim, args, params)[0];
  }

  build(outs: (Var | Literal)[]): ClosedJaxpr {
    return new ClosedJaxpr(new Jaxpr([], this.invars, this.eqns, outs), []);
  }
}

/** Compiles and runs on WebGPU; returns host outputs and the program. */
export async function runJaxprGpu(
  be: WebGpuBackend,
  closed: ClosedJaxpr,
  inputs: TypedArray[],
  useAsync = false,
): Promise<{ outs: TypedArray[]; prog: WebGpuProgram }> {
  const prog = be.compile(closed);
  const bufs = inputs.map((x, i) => be.fromHost(x, closed.inAvals[i]));
  const outBufs = useAsync ? await prog.runAsync(bufs) : prog.run(bufs);
  const outs = await Promise.all(outBufs.map((b, i) => be.read(b, closed.outAvals[i])));
  for (const b of [...bufs, ...outBufs]) be.release(b);
  return { outs, prog };
}

/** Runs on the CPU backend. */
export function runJaxprCpu(closed: ClosedJaxpr, inputs: TypedArray[]): TypedArray[] {
  return cpuBackend.compile(closed).run(inputs.map((x) => x.slice())) as TypedArray[];
}
