/**
 * The WebGPU backend: arrays live in GPU buffers (bool as u32), primitives encode kernels and
 * return at once (their results are computed when the command stream is submitted), and reads
 * copy back with one map. Eager primitives replay a plan built once per (primitive, params,
 * avals); `compile` fuses whole jaxprs.
 */

import type { ShapedArray } from "../../core/aval.ts";
import type { ClosedJaxpr } from "../../core/jaxpr.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import type { DType, TypedArray } from "../../dtype.ts";
import type { Backend, MemoryStats } from "../backend.ts";
import { type GpuBuffer, type GpuContext, WebGpuError } from "./device.ts";
import { type Env, runSteps, type Step } from "./exec.ts";
import { planPrimitive } from "./plan.ts";
import { compileForWebGpu, type WebGpuProgram } from "./compile.ts";

/** Memory statistics of the WebGPU device (JAX's `memory_stats()` plus pool details). */
export interface WebGpuMemoryStats extends MemoryStats {
  /** Bytes of freed buffers kept for reuse. */
  poolBytes: number;
  /** Buffers currently held by arrays. */
  liveBuffers: number;
}

/** Converts host data to the 32-bit words the GPU holds (bool → u32). */
function toWords(data: TypedArray, dtype: DType): Uint32Array | Int32Array | Float32Array {
  if (dtype === "bool") return Uint32Array.from(data as Uint8Array);
  return data as Uint32Array | Int32Array | Float32Array;
}

/** Views 32-bit words as the host array of `dtype` (bool converts to Uint8Array). */
function fromWords(bytes: ArrayBuffer, dtype: DType): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(bytes);
    case "int32":
      return new Int32Array(bytes);
    case "uint32":
      return new Uint32Array(bytes);
    case "bool":
      return Uint8Array.from(new Uint32Array(bytes));
  }
}

/** The host copy of a buffer as `dtype` (bitcast arrays share a buffer across 32-bit dtypes). */
function hostAs(host: TypedArray, dtype: DType): TypedArray {
  const have = host instanceof Float32Array
    ? "float32"
    : host instanceof Int32Array
    ? "int32"
    : host instanceof Uint32Array
    ? "uint32"
    : "bool";
  if (have === dtype) return host;
  if (have === "bool" || dtype === "bool") {
    return fromWords(toWords(host, have).slice().buffer, dtype);
  }
  const copy = new Uint8Array(host.byteLength);
  copy.set(new Uint8Array(host.buffer, host.byteOffset, host.byteLength));
  return fromWords(copy.buffer, dtype);
}

/**
 * Eager plans kept (least recently used evicted): one per (primitive, params, input avals), so
 * eager code over ever-new shapes must not grow the map without bound.
 */
export const PLAN_CACHE = 1024;

/** Primitives whose result shares the operand's buffer (arrays are immutable). */
const SHARING = new Set(["reshape", "squeeze", "copy"]);

export class WebGpuBackend implements Backend<GpuBuffer> {
  readonly platform = "webgpu" as const;
  private plans = new Map<string, Step[]>();
  private programs = new WeakMap<ClosedJaxpr, WebGpuProgram>();

  constructor(readonly ctx: GpuContext, readonly isSoftware: boolean) {}

  fromHost(data: TypedArray, aval: ShapedArray): GpuBuffer {
    this.ctx.checkSize(aval.size * 4);
    const buf = this.ctx.upload(toWords(data, aval.dtype), aval.size * 4);
    buf.host = data;
    return buf;
  }

  execute(
    prim: Primitive,
    params: Params,
    inputs: GpuBuffer[],
    inAvals: ShapedArray[],
    outAvals: ShapedArray[],
  ): GpuBuffer[] {
    this.ctx.check();
    const name = prim.name;
    if (
      SHARING.has(name) ||
      (name === "convert_element_type" && inAvals[0].dtype === outAvals[0].dtype) ||
      (name === "bitcast_convert_type" && inAvals[0].dtype !== "bool" &&
        outAvals[0].dtype !== "bool")
    ) {
      this.ctx.retain(inputs[0]);
      return [inputs[0]];
    }
    const sub = subJaxpr(params);
    if (sub) return this.compile(sub).run(inputs);
    const key = planKey(name, params, inAvals);
    let steps = this.plans.get(key);
    if (steps) {
      this.plans.delete(key);
      this.plans.set(key, steps);
    } else {
      for (const a of outAvals) this.ctx.checkSize(a.size * 4);
      steps = planPrimitive(this.ctx, name, params, inAvals, outAvals);
      this.plans.set(key, steps);
      if (this.plans.size > PLAN_CACHE) this.plans.delete(this.plans.keys().next().value!);
    }
    const env: Env = inputs.slice();
    runSteps(this.ctx, steps, env);
    const n = inputs.length;
    return outAvals.map((_, j) => env[n + j]!);
  }

  compile(jaxpr: ClosedJaxpr): WebGpuProgram {
    let p = this.programs.get(jaxpr);
    if (!p) {
      p = compileForWebGpu(jaxpr, this);
      this.programs.set(jaxpr, p);
    }
    return p;
  }

  async read(buf: GpuBuffer, aval: ShapedArray): Promise<TypedArray> {
    if (buf.host) return hostAs(buf.host, aval.dtype).slice();
    const bytes = await this.ctx.readBytes(buf, aval.size * 4);
    const arr = fromWords(bytes, aval.dtype);
    if (buf.refs > 0 && !buf.host) buf.host = arr.slice();
    return arr;
  }

  readSync(buf: GpuBuffer, aval: ShapedArray): TypedArray | null {
    if (!buf.host) return null;
    const h = hostAs(buf.host, aval.dtype);
    if (h !== buf.host && aval.dtype !== "bool") return h;
    return h;
  }

  ready(buf: GpuBuffer): Promise<void> {
    try {
      // An error of earlier work (an async loop that failed) surfaces here if nothing saw it.
      this.ctx.check();
      this.ctx.checkDep(buf.dep);
    } catch (e) {
      return Promise.reject(e);
    }
    if (buf.host || this.ctx.isReady(buf)) return Promise.resolve();
    return this.ctx.waitFor(buf.epoch, buf.dep);
  }

  release(buf: GpuBuffer): void {
    this.ctx.release(buf);
  }

  retain(buf: GpuBuffer): void {
    this.ctx.retain(buf);
  }

  memoryStats(): WebGpuMemoryStats {
    const c = this.ctx;
    return {
      bytesInUse: c.bytesInUse,
      peakBytesInUse: c.peakBytesInUse,
      numAllocs: c.numAllocs,
      bytesLimit: c.limits.maxBufferSize,
      poolBytes: c.poolBytes,
      liveBuffers: c.liveBuffers,
    };
  }

  describe(): string {
    return this.ctx.description;
  }

  /** Submits pending work without waiting (reads and `ready` do this themselves). */
  flush(): void {
    this.ctx.flush();
  }
}

/** The sub-jaxpr of a higher-order primitive called eagerly (pjit, custom_jvp_call, …). */
function subJaxpr(params: Params): ClosedJaxpr | null {
  const j = (params.jaxpr ?? params.call_jaxpr) as ClosedJaxpr | undefined;
  return j && typeof j === "object" && "jaxpr" in j ? j : null;
}

function planKey(name: string, params: Params, inAvals: ShapedArray[]): string {
  let k = name + "|";
  for (const a of inAvals) k += a.dtype + "[" + a.shape.join(",") + "]";
  k += "|";
  try {
    // Non-finite numbers (a gather fill value) must not collapse to null.
    k += JSON.stringify(
      params,
      (_k, v) =>
        typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${String(v)}` : v,
    );
  } catch {
    throw new WebGpuError(`WebGPU: cannot key the params of ${name}`);
  }
  return k;
}
