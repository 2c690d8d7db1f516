/** Placeholder: replaced by the fusing compiler. */
import type { ClosedJaxpr } from "../../core/jaxpr.ts";
import type { Executable } from "../backend.ts";
import type { GpuBuffer } from "./device.ts";
import type { WebGpuBackend } from "./backend.ts";

export interface WebGpuProgram extends Executable<GpuBuffer> {
  kernelCount: number;
}

export function compileForWebGpu(_j: ClosedJaxpr, _b: WebGpuBackend): WebGpuProgram {
  throw new Error("not yet");
}
