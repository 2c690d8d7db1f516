/**
 * The interface every backend implements. Backends see buffers, avals and primitives (or whole
 * jaxprs to compile), never tracers or user-facing arrays.
 *
 * Execution may be asynchronous: `execute` and compiled programs return buffer handles at once,
 * and the contents may still be being computed (WebGPU). `ready` and `read` wait for them. On the
 * CPU backend everything is computed by the time `execute` returns.
 */

import type { DType, TypedArray } from "../dtype.ts";
import type { ShapedArray } from "../core/aval.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";

/** The platforms jaxscript runs on (JAX's `jax.devices()[0].platform`). */
export type Platform = "cpu" | "webgpu";

/** A compiled jaxpr: runs on buffers of its backend. */
export interface Executable<B = unknown> {
  /** Runs the program: inputs are the jaxpr's invars' buffers, outputs its outvars'. */
  run(inputs: B[]): B[];
}

/** Bytes held by a backend, as JAX's `device.memory_stats()`. */
export interface MemoryStats {
  bytesInUse: number;
  peakBytesInUse: number;
  numAllocs: number;
  /** The largest single buffer the device accepts, in bytes. */
  bytesLimit?: number;
}

export interface Backend<B = unknown> {
  readonly platform: Platform;
  /** Makes a buffer holding `data`. The backend may keep `data` itself; callers must not mutate it. */
  fromHost(data: TypedArray, aval: ShapedArray): B;
  /** Runs one first-order primitive. `outAvals` come from the primitive's abstract evaluation. */
  execute(
    prim: Primitive,
    params: Params,
    inputs: B[],
    inAvals: ShapedArray[],
    outAvals: ShapedArray[],
  ): B[];
  /** Compiles a closed jaxpr (its consts are passed to `run` before the arguments). */
  compile(jaxpr: ClosedJaxpr): Executable<B>;
  /** Reads a buffer back to the host (a fresh copy). */
  read(buf: B, aval: ShapedArray): Promise<TypedArray>;
  /** Reads synchronously where the values are on the host already; null otherwise. */
  readSync(buf: B, aval: ShapedArray): TypedArray | null;
  /** Resolves when the buffer's contents have been computed. */
  ready(buf: B): Promise<void>;
  /** Called when an array holding `buf` is deleted or collected (backends that pool memory). */
  release?(buf: B): void;
  /** Called when another array starts sharing `buf` (backends that reference-count). */
  retain?(buf: B): void;
  memoryStats(): MemoryStats;
  /** A description of the device (the adapter's name for WebGPU). */
  describe(): string;
}

/** One device of a backend, as JAX's `Device`. */
export class Device {
  constructor(
    readonly platform: Platform,
    readonly id: number,
    readonly backend: Backend,
  ) {}

  /** The device kind, e.g. "cpu" or the WebGPU adapter's description. */
  get deviceKind(): string {
    return this.backend.describe();
  }

  /** Bytes in use on this device, as JAX's `device.memory_stats()`. */
  memoryStats(): MemoryStats {
    return this.backend.memoryStats();
  }

  toString(): string {
    return this.platform === "cpu" ? `CpuDevice(id=${this.id})` : `WebGpuDevice(id=${this.id})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export type { DType };
