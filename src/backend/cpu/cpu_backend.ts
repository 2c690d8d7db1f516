/**
 * The CPU backend: buffers are host typed arrays, primitives run synchronously through the
 * kernel table, and `compile` turns a jaxpr into a program over those kernels.
 */

import type { ShapedArray } from "../../core/aval.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import type { ClosedJaxpr } from "../../core/jaxpr.ts";
import type { TypedArray } from "../../dtype.ts";
import { type Backend, Device, type Executable, type MemoryStats } from "../backend.ts";
import { registerDevice } from "../devices.ts";
import { cpuKernels } from "./kernels/index.ts";
import { compileJaxprForCpu } from "./compile.ts";
import "./control_flow.ts";

export class CpuBackend implements Backend<TypedArray> {
  readonly platform = "cpu" as const;

  fromHost(data: TypedArray): TypedArray {
    return data;
  }

  execute(
    prim: Primitive,
    params: Params,
    inputs: TypedArray[],
    inAvals: ShapedArray[],
    outAvals: ShapedArray[],
  ): TypedArray[] {
    const kernel = cpuKernels[prim.name];
    if (!kernel) throw new Error(`The CPU backend has no kernel for primitive '${prim.name}'`);
    return kernel(inputs, inAvals, outAvals, params);
  }

  compile(jaxpr: ClosedJaxpr): Executable<TypedArray> {
    return compileJaxprForCpu(jaxpr, this);
  }

  read(buf: TypedArray): Promise<TypedArray> {
    return Promise.resolve(buf.slice());
  }

  readSync(buf: TypedArray): TypedArray {
    return buf;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  memoryStats(): MemoryStats {
    // Host memory is managed by the JS garbage collector; there is no separate pool to report.
    return { bytesInUse: 0, peakBytesInUse: 0, numAllocs: 0 };
  }

  describe(): string {
    return "cpu";
  }
}

export const cpuBackend = new CpuBackend();
export const cpuDevice = new Device("cpu", 0, cpuBackend);
registerDevice(cpuDevice);
