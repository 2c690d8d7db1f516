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

/**
 * The platforms jaxscript runs on (JAX's `jax.devices()[0].platform`).
 *
 * @example
 * ```ts
 * import { defaultDevice, type Platform } from "@jaxscript/jaxscript";
 * const p: Platform = defaultDevice().platform; // "cpu" or "webgpu"
 * ```
 */
export type Platform = "cpu" | "webgpu";

/**
 * A compiled jaxpr (`backend.compile(closedJaxpr)`): runs on buffers of its backend, the
 * closed jaxpr's consts first, then its arguments.
 *
 * @example
 * ```ts
 * import { devices, type Executable, jnp, makeJaxpr } from "@jaxscript/jaxscript";
 * const cpu = devices("cpu")[0].backend;
 * const closed = makeJaxpr(jnp.cos)(jnp.zeros([2]));
 * const exe: Executable = cpu.compile(closed);
 * const [out] = exe.run([cpu.fromHost(new Float32Array([0, 0]), closed.inAvals[0])]);
 * await cpu.read(out, closed.outAvals[0]); // Float32Array(2) [ 1, 1 ]
 * ```
 */
export interface Executable<B = unknown> {
  /** Runs the program: inputs are the jaxpr's invars' buffers, outputs its outvars'. */
  run(inputs: B[]): B[];
}

/**
 * Bytes held by a backend, as JAX's `device.memory_stats()`. The CPU backend reports zeros: its
 * memory is the JS garbage collector's; WebGPU counts its buffers.
 *
 * @example
 * ```ts
 * import { devices, type MemoryStats } from "@jaxscript/jaxscript";
 * const stats: MemoryStats = devices("cpu")[0].memoryStats();
 * stats; // { bytesInUse: 0, peakBytesInUse: 0, numAllocs: 0 }
 * ```
 */
export interface MemoryStats {
  /** Bytes in live buffers now. */
  bytesInUse: number;
  /** The most bytes in use at any time so far. */
  peakBytesInUse: number;
  /** How many buffers have been allocated so far. */
  numAllocs: number;
  /** The largest single buffer the device accepts, in bytes. */
  bytesLimit?: number;
}

/**
 * The interface every backend implements (the CPU and WebGPU backends; `device.backend`).
 * Backends see buffers (`B`), avals and primitives, or whole jaxprs to compile, never tracers or
 * user-facing arrays. Execution may be asynchronous: `execute` and compiled programs return
 * buffer handles at once; `ready` and `read` wait for their contents.
 *
 * @example
 * ```ts
 * import { type Backend, devices } from "@jaxscript/jaxscript";
 * const cpu: Backend = devices("cpu")[0].backend;
 * cpu.platform; // "cpu"
 * ```
 */
export interface Backend<B = unknown> {
  /** The platform this backend runs on. */
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
  /** Bytes in use, as JAX's `device.memory_stats()`. */
  memoryStats(): MemoryStats;
  /** A description of the device (the adapter's name for WebGPU). */
  describe(): string;
}

/**
 * One device of a backend, as JAX's `Device`: `devices()` lists them, `defaultDevice()` is where
 * new arrays go, and `devicePut(x, device)` moves arrays between them.
 *
 * @example
 * ```ts
 * import { devices } from "@jaxscript/jaxscript";
 * const cpu = devices("cpu")[0];
 * console.log(cpu, cpu.platform, cpu.id); // CpuDevice(id=0) cpu 0
 * ```
 */
export class Device {
  /** A device; backends create and register theirs (users get them from `devices()`). */
  constructor(
    /** The platform, "cpu" or "webgpu" (JAX's `device.platform`). */
    readonly platform: Platform,
    /** The device's index within its platform (JAX's `device.id`). */
    readonly id: number,
    /** The backend that allocates and computes on this device. */
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

  /** JAX's repr of a device: `CpuDevice(id=0)` or `WebGpuDevice(id=0)`. */
  toString(): string {
    return this.platform === "cpu" ? `CpuDevice(id=${this.id})` : `WebGpuDevice(id=${this.id})`;
  }

  /** Prints as `toString()` does in `console.log` (Deno, Node and Bun). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export type { DType };
