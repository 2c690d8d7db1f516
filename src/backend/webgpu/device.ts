/**
 * The WebGPU device context: buffers (pooled by size class, reference counted), dispatches into
 * the command stream (stream.ts: batched submits, error scopes, device loss, async tasks), the
 * pipeline and bind group caches, and reads.
 */

import type { TypedArray } from "../../dtype.ts";
import { GpuAllocationError, WebGpuError } from "./errors.ts";
import { CommandStream, type TaskStream } from "./stream.ts";
import { PipelineCache } from "./pipelines.ts";

export { GpuAllocationError, WebGpuError };

// WebGPU enum values, spelled out so this module does not touch the GPU* globals at load time
// (they do not exist on Node or Bun).
const USAGE_MAP_READ = 0x1;
const USAGE_COPY_SRC = 0x4;
const USAGE_COPY_DST = 0x8;
const USAGE_STORAGE = 0x80;
const MAP_READ = 0x1;

/** The device limits the kernels are generated against. */
export interface GpuLimits {
  /** Largest buffer binding (bytes); bigger buffers are bound as several pages. */
  maxStorageBinding: number;
  maxBufferSize: number;
  maxWorkgroupsPerDim: number;
  maxStorageBuffers: number;
  maxWorkgroupStorage: number;
  maxInvocations: number;
  /** minStorageBufferOffsetAlignment: page offsets are multiples of this. */
  offsetAlign: number;
  /**
   * Whether matmuls stage tiles in workgroup memory (hardware GPUs). On a software adapter
   * (llvmpipe) a register-blocked kernel without workgroup memory runs faster (10 vs 8 GFLOP/s
   * at 1024², 2 cores) and compiles in ~50 ms instead of seconds: llvmpipe turns workgroup
   * barriers into coroutines, which LLVM optimizes slowly.
   */
  workgroupMatmul: boolean;
}

/**
 * Storage owned by the pool: a whole GPUBuffer, or a slot of a slab shared by small buffers, with
 * the epoch (submission) that last used it.
 */
export interface RawBuffer {
  gpu: GPUBuffer;
  /** Byte offset of the storage in `gpu` (0 unless a slab slot). */
  offset: number;
  capacity: number;
  lastEpoch: number;
  id: number;
  slab: boolean;
}

/**
 * Buffers up to this size are slots of shared slabs: eager code makes many small arrays, and a
 * GPUBuffer each costs native memory the JavaScript garbage collector does not see (on llvmpipe
 * ~2 KiB per buffer, so 100,000 short-lived arrays grew the process by 200 MiB before the
 * finalizers ran).
 */
const SLAB_MAX = 4096;
const SLAB_SIZE = 4 * 1024 * 1024;

/**
 * A logical buffer: what arrays on the WebGPU device hold. Reference counted, because reshape,
 * squeeze and bitcast share their operand's buffer.
 */
export class GpuBuffer {
  refs = 1;
  /** Host copy of the values (kept from uploads, filled by reads); arrays are immutable. */
  host: TypedArray | null = null;
  /** The latest async task (epoch) the values derive from; 0 if none (see stream.ts). */
  dep = 0;
  constructor(
    public raw: RawBuffer | null,
    /** Logical size in bytes (4 per element, bool included). */
    readonly bytes: number,
    /** The epoch whose commands write this buffer (its values are ready once that completes). */
    public epoch: number,
  ) {}

  /** The underlying GPUBuffer; an error if the buffer was released. */
  get gpu(): GPUBuffer {
    if (this.raw === null) throw new WebGpuError("use of a released WebGPU buffer");
    return this.raw.gpu;
  }

  /** Byte offset of the storage in `gpu`. */
  get offset(): number {
    return this.raw ? this.raw.offset : 0;
  }
}

/** Storage binding access of a kernel parameter. */
export type Access = "read" | "read_write" | "uniform";

/** One binding of a dispatch: a buffer range. */
export interface Binding {
  buffer: GPUBuffer;
  offset: number;
  size: number;
  /**
   * For a slab slot: the slot's capacity, so the binding can use a dynamic offset (the bind group
   * then binds `size` bytes at offset 0 and the dispatch passes `offset`).
   */
  slabCap?: number;
}

/** Size classes: 256 B minimum, then eighths of each power of two (≤ 25 % waste). */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const p = 2 ** Math.ceil(Math.log2(bytes));
  const q = p / 8;
  return Math.ceil(bytes / q) * q;
}

let rawIds = 0;

export class GpuContext extends CommandStream {
  readonly limits: GpuLimits;
  /** Bytes of freed buffers kept for reuse before the pool starts destroying them. */
  poolLimit = 512 * 2 ** 20;

  private pool = new Map<number, RawBuffer[]>();
  /** Pooled whole buffers in release order (oldest first), for eviction. */
  private poolOrder = new Set<RawBuffer>();
  private slab: GPUBuffer | null = null;
  private slabNext = SLAB_SIZE;
  private pooledBytes = 0;
  private staging = new Map<number, GPUBuffer[]>();
  /** Buffers to destroy once the commands that use them are submitted (by epoch). */
  private toDestroy: { gpu: GPUBuffer; epoch: number }[] = [];
  /** maxDynamicStorageBuffersPerPipelineLayout. */
  private readonly maxDynamic: number;
  /** Compiled pipelines, layouts and bind groups. */
  readonly caches: PipelineCache;

  /** Statistics for `memoryStats()`. */
  bytesInUse = 0;
  peakBytesInUse = 0;
  numAllocs = 0;
  liveBuffers = 0;
  dispatchCount = 0;

  constructor(
    device: GPUDevice,
    readonly description: string,
    limits?: Partial<GpuLimits>,
    software = false,
  ) {
    super(device);
    const l = device.limits;
    this.limits = {
      maxStorageBinding: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxWorkgroupsPerDim: l.maxComputeWorkgroupsPerDimension,
      maxStorageBuffers: l.maxStorageBuffersPerShaderStage,
      maxWorkgroupStorage: l.maxComputeWorkgroupStorageSize,
      maxInvocations: l.maxComputeInvocationsPerWorkgroup,
      offsetAlign: l.minStorageBufferOffsetAlignment,
      workgroupMatmul: !software,
      ...limits,
    };
    // At most 4 (the spec's minimum): wgpu's GL path on llvmpipe reports 16 but silently
    // computes nothing with 5 or more dynamic storage bindings (observed, Deno 2.9.6).
    this.maxDynamic = Math.min(4, l.maxDynamicStorageBuffersPerPipelineLayout ?? 4);
    // Shader and pipeline errors must land in the open error scope: open the encoder first.
    this.caches = new PipelineCache(device, () => this.ensureEncoder());
  }

  // ---------------------------------------------------------------------------------------
  // Buffers

  /** Throws the allocation error for a buffer the device cannot hold. */
  checkSize(bytes: number): void {
    const need = Math.max(4, Math.ceil(bytes / 4) * 4);
    if (need > this.limits.maxBufferSize) {
      throw new GpuAllocationError(
        `RESOURCE_EXHAUSTED: Out of memory while trying to allocate ${need} bytes on WebGPU: ` +
          `the device's maxBufferSize is ${this.limits.maxBufferSize} bytes`,
      );
    }
  }

  /**
   * Allocates a logical buffer of `bytes` bytes (contents undefined). `forUpload`: written by
   * `queue.writeBuffer` (or by a task), which runs ahead of every command not yet submitted.
   */
  alloc(bytes: number, forUpload = false): GpuBuffer {
    const need = Math.max(4, Math.ceil(bytes / 4) * 4);
    this.checkSize(need);
    let cap = sizeClass(need);
    if (cap > this.limits.maxBufferSize) cap = need;
    // Storage last used by commands not yet submitted may be reused only by commands that run
    // after them: the open main encoder's (always last in the queue) or, for a task encoding,
    // storage of its own epoch or earlier (held work, later epochs, runs after the task).
    const limit = forUpload ? this.submitted : this.direct !== null ? this.epoch : Infinity;
    const raw = this.takeRaw(cap, limit) ?? this.createRaw(cap);
    this.bytesInUse += cap;
    this.liveBuffers++;
    if (this.bytesInUse > this.peakBytesInUse) this.peakBytesInUse = this.bytesInUse;
    return new GpuBuffer(raw, bytes, this.epoch);
  }

  /**
   * An output buffer a task writes (epoch `task`): its storage must not be in use by commands
   * not yet submitted, which run after the task.
   */
  allocForTask(bytes: number, task: number): GpuBuffer {
    const buf = this.alloc(bytes, true);
    buf.epoch = task;
    buf.dep = task;
    return buf;
  }

  /** A pooled raw buffer of capacity `cap` last used in an epoch ≤ `limit`, if any. */
  private takeRaw(cap: number, limit: number): RawBuffer | null {
    const list = this.pool.get(cap);
    if (!list || list.length === 0) return null;
    let idx = list.length - 1;
    while (idx >= 0 && list[idx].lastEpoch > limit) idx--;
    if (idx < 0) return null;
    const raw = list[idx];
    if (idx === list.length - 1) list.pop();
    else list.splice(idx, 1);
    if (!raw.slab) {
      this.pooledBytes -= cap;
      this.poolOrder.delete(raw);
    }
    return raw;
  }

  private createRaw(cap: number): RawBuffer {
    this.ensureEncoder(); // inside an error scope, so an out-of-memory error is caught
    if (cap <= SLAB_MAX) {
      // Size classes this small are multiples of 256 bytes, which satisfies any device's
      // minStorageBufferOffsetAlignment (at most 256).
      if (this.slab === null || this.slabNext + Math.ceil(cap / 256) * 256 > SLAB_SIZE) {
        // Mapped at creation so wgpu counts the whole slab as initialized: its lazy zero-fill
        // tracks bindings by their bind-group range, not the dynamic offset, and would otherwise
        // clear slots that kernels wrote (observed: outputs read back as zeros).
        this.slab = this.device.createBuffer({
          size: SLAB_SIZE,
          usage: USAGE_STORAGE | USAGE_COPY_SRC | USAGE_COPY_DST,
          mappedAtCreation: true,
        });
        this.slab.unmap();
        this.slabNext = 0;
        this.numAllocs++;
      }
      const offset = this.slabNext;
      this.slabNext += Math.ceil(cap / 256) * 256;
      return { gpu: this.slab, offset, capacity: cap, lastEpoch: 0, id: rawIds++, slab: true };
    }
    const gpu = this.device.createBuffer({
      size: cap,
      usage: USAGE_STORAGE | USAGE_COPY_SRC | USAGE_COPY_DST,
    });
    this.numAllocs++;
    return { gpu, offset: 0, capacity: cap, lastEpoch: 0, id: rawIds++, slab: false };
  }

  /** Makes a buffer holding `data` (32-bit words; the caller converts bool). */
  upload(words: Uint32Array | Int32Array | Float32Array, bytes: number): GpuBuffer {
    this.check();
    const buf = this.alloc(bytes, true);
    if (words.byteLength > 0) {
      this.device.queue.writeBuffer(
        buf.gpu,
        buf.offset,
        words.buffer as ArrayBuffer,
        words.byteOffset,
        words.byteLength,
      );
    }
    buf.epoch = 0; // ready as soon as the queue runs the write: nothing to wait for
    return buf;
  }

  /** Adds a reference (another array shares the buffer). */
  retain(buf: GpuBuffer): void {
    if (buf.refs <= 0) throw new WebGpuError("retain of a released WebGPU buffer");
    buf.refs++;
  }

  /** Drops a reference; the storage goes back to the pool when none are left. */
  release(buf: GpuBuffer): void {
    if (buf.refs <= 0) return;
    if (--buf.refs > 0) return;
    const raw = buf.raw;
    buf.raw = null;
    buf.host = null;
    if (!raw) return;
    this.bytesInUse -= raw.capacity;
    this.liveBuffers--;
    let list = this.pool.get(raw.capacity);
    if (!list) this.pool.set(raw.capacity, list = []);
    list.push(raw);
    if (raw.slab) return; // slab slots stay pooled (their memory is the slab's)
    this.poolOrder.add(raw);
    this.pooledBytes += raw.capacity;
    while (this.pooledBytes > this.poolLimit && this.poolOrder.size > 0) {
      const old: RawBuffer = this.poolOrder.values().next().value!;
      this.poolOrder.delete(old);
      const l = this.pool.get(old.capacity)!;
      l.splice(l.indexOf(old), 1);
      this.pooledBytes -= old.capacity;
      this.destroyRaw(old);
    }
  }

  /**
   * Destroys a raw buffer's GPUBuffer, once the commands using it are submitted (destroying a
   * buffer that unsubmitted commands use would invalidate their submit).
   */
  private destroyRaw(raw: RawBuffer): void {
    if (this.unsubmitted(raw.lastEpoch)) {
      this.toDestroy.push({ gpu: raw.gpu, epoch: raw.lastEpoch });
    } else raw.gpu.destroy();
    this.caches.forget(raw.gpu);
  }

  protected afterSubmit(): void {
    if (this.toDestroy.length === 0) return;
    const later: { gpu: GPUBuffer; epoch: number }[] = [];
    for (const d of this.toDestroy) {
      if (this.unsubmitted(d.epoch)) later.push(d);
      else d.gpu.destroy();
    }
    this.toDestroy = later;
  }

  /** Bytes held by freed buffers waiting for reuse. */
  get poolBytes(): number {
    return this.pooledBytes;
  }

  /** Destroys every pooled buffer (tests and `clearCaches`). */
  trimPool(): void {
    for (const raw of this.poolOrder) {
      this.destroyRaw(raw);
      const l = this.pool.get(raw.capacity)!;
      l.splice(l.indexOf(raw), 1);
    }
    this.poolOrder.clear();
    this.pooledBytes = 0;
  }

  // ---------------------------------------------------------------------------------------
  // Command stream

  /**
   * Marks raw buffers as used by the open epoch (so uploads and destroys avoid them). Epochs are
   * monotone in submission order, so the latest user is the largest.
   */
  touch(buf: GpuBuffer): void {
    const raw = buf.raw;
    if (raw && raw.lastEpoch < this.epoch) raw.lastEpoch = this.epoch;
  }

  /** Encodes one dispatch. `groups` must respect maxComputeWorkgroupsPerDimension. */
  dispatch(
    code: string,
    access: readonly Access[],
    bindings: readonly Binding[],
    groups: readonly [number, number, number],
  ): void {
    this.check();
    if (groups[0] === 0 || groups[1] === 0 || groups[2] === 0) return;
    // All bindings in slabs: one bind group per (slabs, capacities) with dynamic offsets, so
    // eager loops over fresh small arrays reuse bind groups instead of making one per dispatch.
    let dynamic = bindings.length <= this.maxDynamic;
    for (let i = 0; dynamic && i < bindings.length; i++) {
      dynamic = bindings[i].slabCap !== undefined;
    }
    const { pipeline, layout } = this.caches.pipeline(code, access, dynamic);
    const enc = this.ensureEncoder();
    const bindGroup = dynamic
      ? this.caches.bindGroup(
        layout,
        access,
        bindings.map((b) => ({ buffer: b.buffer, offset: 0, size: b.size })),
        "dyn",
      )
      : this.caches.bindGroup(layout, access, bindings);
    if (this.pass === null) this.pass = enc.beginComputePass();
    this.pass.setPipeline(pipeline);
    if (dynamic) this.pass.setBindGroup(0, bindGroup, bindings.map((b) => b.offset));
    else this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    this.dispatchCount++;
    if (++this.dispatches >= this.maxBatch) this.flush();
  }

  /** Encodes a buffer-to-buffer copy. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.check();
    const enc = this.ensureEncoder();
    if (this.pass !== null) {
      this.pass.end();
      this.pass = null;
    }
    if (bytes > 0) enc.copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /** Whether the buffer's values have certainly been computed. */
  isReady(buf: GpuBuffer): boolean {
    return this.isDone(buf.epoch);
  }

  /** A mappable staging buffer of at least `size` bytes (pooled by size class). */
  private takeStaging(size: number): { staging: GPUBuffer; cls: number } {
    const cls = sizeClass(size) > this.limits.maxBufferSize ? size : sizeClass(size);
    const staging = this.staging.get(cls)?.pop() ??
      this.device.createBuffer({ size: cls, usage: USAGE_MAP_READ | USAGE_COPY_DST });
    return { staging, cls };
  }

  /** Copies a mapped staging buffer out and returns it to the pool. */
  private drainStaging(staging: GPUBuffer, cls: number, size: number, bytes: number): ArrayBuffer {
    const out = staging.getMappedRange(0, size).slice(0, bytes);
    staging.unmap();
    let l = this.staging.get(cls);
    if (!l) this.staging.set(cls, l = []);
    if (l.length < 4) l.push(staging);
    else staging.destroy();
    return out;
  }

  /** Reads `bytes` bytes of a buffer back (one copy, one map; behind any held work). */
  async readBytes(buf: GpuBuffer, bytes: number): Promise<ArrayBuffer> {
    this.check();
    this.checkDep(buf.dep);
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const { staging, cls } = this.takeStaging(size);
    this.touch(buf);
    this.copy(buf.gpu, buf.offset, staging, 0, size);
    const epoch = this.epoch;
    this.flush();
    // Mapping before the copy is submitted would map stale contents (and invalidate the submit).
    await this.whenSubmitted(epoch);
    try {
      await staging.mapAsync(MAP_READ, 0, size);
    } catch (e) {
      this.check();
      await this.settle(epoch);
      this.throwIfFailed(epoch, buf.epoch, buf.dep);
      throw new WebGpuError(`WebGPU read failed: ${(e as Error).message}`);
    }
    const out = this.drainStaging(staging, cls, size, bytes);
    this.markCompleted(epoch);
    await this.settle(epoch);
    this.throwIfFailed(epoch, buf.epoch, buf.dep);
    return out;
  }

  /** A task's read: its copy is submitted at once, ahead of the held work (see stream.ts). */
  async readForTask(st: TaskStream, b: { epoch: number }, bytes: number): Promise<ArrayBuffer> {
    const buf = b as GpuBuffer;
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const { staging, cls } = this.takeStaging(size);
    st.run(() => {
      this.touch(buf);
      this.copy(buf.gpu, buf.offset, staging, 0, size);
    });
    try {
      await staging.mapAsync(MAP_READ, 0, size);
    } catch (e) {
      this.checkLost();
      st.throwIfFailed();
      throw new WebGpuError(`WebGPU read failed: ${(e as Error).message}`);
    }
    return this.drainStaging(staging, cls, size, bytes);
  }
}
