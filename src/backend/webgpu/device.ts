/**
 * The WebGPU device context: buffers (pooled by size class, reference counted), the command
 * stream (dispatches are encoded into one open command encoder and submitted in batches), the
 * pipeline cache, error scopes and device loss.
 *
 * Why batching: on Deno every wait for the queue costs ~11.4 ms (its `mapAsync` and
 * `onSubmittedWorkDone` both poll the device and then sleep 10 ms before resolving, measured on
 * Deno 2.9.6 with llvmpipe, even with nothing in flight), while one submit costs ~60 µs. So
 * operations only encode work; the encoder is submitted when a value is read, when a caller waits
 * (`ready`), or after `maxBatch` dispatches, and concurrent waits share one poll.
 */

import type { TypedArray } from "../../dtype.ts";

// WebGPU enum values, spelled out so this module does not touch the GPU* globals at load time
// (they do not exist on Node or Bun).
const USAGE_MAP_READ = 0x1;
const USAGE_COPY_SRC = 0x4;
const USAGE_COPY_DST = 0x8;
const USAGE_STORAGE = 0x80;
const MAP_READ = 0x1;
const STAGE_COMPUTE = 0x4;

/** Raised for WebGPU failures: validation errors, device loss, allocations beyond the limits. */
export class WebGpuError extends Error {
  override name = "WebGpuError";
}

/**
 * An allocation the device cannot hold. A RangeError, as the CPU backend's typed-array
 * allocation failure is, so callers can treat both alike.
 */
export class GpuAllocationError extends RangeError {
  override name = "RangeError";
}

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
/** Bind groups kept for reuse. */
const BIND_GROUP_CACHE = 4096;
/**
 * Compiled pipelines kept (least recently used evicted). Each costs native memory the garbage
 * collector cannot see (~250 KiB of generated code on llvmpipe, far less on hardware drivers), so
 * kernels specialised per shape must not accumulate without bound (a jitted function called on
 * thousands of shapes). Elementwise kernels are shape-generic and share one pipeline anyway.
 */
export const PIPELINE_CACHE = 256;

/**
 * A logical buffer: what arrays on the WebGPU device hold. Reference counted, because reshape,
 * squeeze and bitcast share their operand's buffer.
 */
export class GpuBuffer {
  refs = 1;
  /** Host copy of the values (kept from uploads, filled by reads); arrays are immutable. */
  host: TypedArray | null = null;
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

interface PipelineEntry {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

/** Size classes: 256 B minimum, then eighths of each power of two (≤ 25 % waste). */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const p = 2 ** Math.ceil(Math.log2(bytes));
  const q = p / 8;
  return Math.ceil(bytes / q) * q;
}

let rawIds = 0;

export class GpuContext {
  readonly limits: GpuLimits;
  /** Dispatches per submit before the encoder is flushed without a wait. */
  maxBatch = 256;
  /** Bytes of freed buffers kept for reuse before the pool starts destroying them. */
  poolLimit = 512 * 2 ** 20;

  /** The open epoch: commands encoded now are submitted as submission number `epoch`. */
  epoch = 1;
  private completed = 0;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  private waitPromise: Promise<void> | null = null;
  private waitTarget = 0;
  /** Error-scope results per submitted epoch (resolved to null when clean). */
  private checks = new Map<number, Promise<Error | null>>();
  private failed = new Map<number, Error>();
  /** The first error of an earlier submit nobody has seen yet (thrown by the next operation). */
  private pendingError: Error | null = null;
  private lostReason: string | null = null;

  private pool = new Map<number, RawBuffer[]>();
  /** Pooled whole buffers in release order (oldest first), for eviction. */
  private poolOrder = new Set<RawBuffer>();
  private slab: GPUBuffer | null = null;
  private slabNext = SLAB_SIZE;
  private pooledBytes = 0;
  private staging = new Map<number, GPUBuffer[]>();
  private toDestroy: GPUBuffer[] = [];
  /** Pipelines by WGSL source (LRU order), then by binding layout. */
  private pipelines = new Map<string, Map<string, PipelineEntry>>();
  private pipelineTotal = 0;
  private bindGroups = new Map<string, GPUBindGroup>();
  /** maxDynamicStorageBuffersPerPipelineLayout. */
  private readonly maxDynamic: number;
  private bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 0;
  private layouts = new Map<string, GPUBindGroupLayout>();

  /** Statistics for `memoryStats()`. */
  bytesInUse = 0;
  peakBytesInUse = 0;
  numAllocs = 0;
  liveBuffers = 0;
  submits = 0;
  dispatchCount = 0;
  /** Pipelines compiled since creation, and dropped from the cache (for tests and benches). */
  pipelinesCompiled = 0;
  pipelinesEvicted = 0;

  constructor(
    readonly device: GPUDevice,
    readonly description: string,
    limits?: Partial<GpuLimits>,
    software = false,
  ) {
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
    device.lost.then((info) => {
      this.lostReason = `${info.reason ?? "unknown"}: ${info.message}`;
    });
  }

  /** Throws if the device was lost or an earlier submit failed (once per failure). */
  check(): void {
    if (this.lostReason !== null) {
      throw new WebGpuError(
        `The WebGPU device was lost (${this.lostReason}); arrays on it are gone`,
      );
    }
    if (this.pendingError) {
      const e = this.pendingError;
      this.pendingError = null;
      throw e;
    }
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

  /** Allocates a logical buffer of `bytes` bytes (contents undefined). */
  alloc(bytes: number, forUpload = false): GpuBuffer {
    const need = Math.max(4, Math.ceil(bytes / 4) * 4);
    this.checkSize(need);
    let cap = sizeClass(need);
    if (cap > this.limits.maxBufferSize) cap = need;
    const raw = this.takeRaw(cap, forUpload) ?? this.createRaw(cap);
    this.bytesInUse += cap;
    this.liveBuffers++;
    if (this.bytesInUse > this.peakBytesInUse) this.peakBytesInUse = this.bytesInUse;
    return new GpuBuffer(raw, bytes, this.epoch);
  }

  private takeRaw(cap: number, forUpload: boolean): RawBuffer | null {
    const list = this.pool.get(cap);
    if (!list || list.length === 0) return null;
    // queue.writeBuffer runs before the open encoder's commands, so an upload must not reuse a
    // buffer those commands still read or write.
    let idx = list.length - 1;
    if (forUpload) {
      while (idx >= 0 && list[idx].lastEpoch >= this.epoch) idx--;
      if (idx < 0) return null;
    }
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
      // Destroying a buffer the open encoder uses would invalidate the submit: defer it.
      if (old.lastEpoch >= this.epoch) this.toDestroy.push(old.gpu);
      else old.gpu.destroy();
      this.forget(old.gpu);
    }
  }

  /** Drops cached bind groups of a destroyed buffer. */
  private forget(gpu: GPUBuffer): void {
    const id = this.bufferIds.get(gpu);
    if (id === undefined) return;
    const tag = `|${id}:`;
    for (const k of [...this.bindGroups.keys()]) if (k.includes(tag)) this.bindGroups.delete(k);
  }

  /** Bytes held by freed buffers waiting for reuse. */
  get poolBytes(): number {
    return this.pooledBytes;
  }

  /** Destroys every pooled buffer (tests and `clearCaches`). */
  trimPool(): void {
    for (const raw of this.poolOrder) {
      if (raw.lastEpoch >= this.epoch) this.toDestroy.push(raw.gpu);
      else raw.gpu.destroy();
      this.forget(raw.gpu);
      const l = this.pool.get(raw.capacity)!;
      l.splice(l.indexOf(raw), 1);
    }
    this.poolOrder.clear();
    this.pooledBytes = 0;
  }

  // ---------------------------------------------------------------------------------------
  // Pipelines

  private layoutFor(access: readonly Access[], dynamic: boolean): GPUBindGroupLayout {
    const key = (dynamic ? "dyn:" : "") + access.join(",");
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        entries: access.map((a, i) => ({
          binding: i,
          visibility: STAGE_COMPUTE,
          buffer: {
            type: a === "read" ? "read-only-storage" : a === "uniform" ? "uniform" : "storage",
            hasDynamicOffset: dynamic,
          },
        })),
      });
      this.layouts.set(key, layout);
    }
    return layout;
  }

  /**
   * The pipeline for a WGSL source whose bindings are `access` (cached by source, LRU of
   * PIPELINE_CACHE sources; kernels keep their source string, so the lookup hashes it once).
   */
  pipeline(code: string, access: readonly Access[], dynamic = false): PipelineEntry {
    let byLayout = this.pipelines.get(code);
    if (byLayout) {
      this.pipelines.delete(code);
      this.pipelines.set(code, byLayout);
    } else {
      this.pipelines.set(code, byLayout = new Map());
      if (this.pipelines.size > PIPELINE_CACHE) {
        const [oldCode, old] = this.pipelines.entries().next().value!;
        this.pipelines.delete(oldCode);
        this.pipelineTotal -= old.size;
        this.pipelinesEvicted += old.size;
      }
    }
    const key = (dynamic ? "dyn:" : "") + access.join(",");
    let entry = byLayout.get(key);
    if (!entry) {
      this.ensureEncoder(); // shader errors land in the open error scope
      const layout = this.layoutFor(access, dynamic);
      const module = this.device.createShaderModule({ code });
      const pipeline = this.device.createComputePipeline({
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: "main" },
      });
      entry = { pipeline, layout };
      byLayout.set(key, entry);
      this.pipelineTotal++;
      this.pipelinesCompiled++;
    }
    return entry;
  }

  /** Number of pipelines in the cache. */
  get pipelineCount(): number {
    return this.pipelineTotal;
  }

  // ---------------------------------------------------------------------------------------
  // Command stream

  private ensureEncoder(): GPUCommandEncoder {
    if (this.encoder === null) {
      this.device.pushErrorScope("out-of-memory");
      this.device.pushErrorScope("validation");
      this.encoder = this.device.createCommandEncoder();
      this.dispatches = 0;
    }
    return this.encoder;
  }

  /** Marks raw buffers as used by the open epoch (so uploads and destroys avoid them). */
  touch(buf: GpuBuffer): void {
    if (buf.raw) buf.raw.lastEpoch = this.epoch;
  }

  /** An id per GPUBuffer, for bind group cache keys. */
  private bufferId(b: GPUBuffer): number {
    let id = this.bufferIds.get(b);
    if (id === undefined) this.bufferIds.set(b, id = this.nextBufferId++);
    return id;
  }

  /**
   * The bind group for these bindings, cached (LRU): pooled buffers recur, and every new bind
   * group is a native object only the garbage collector frees, which eager loops would otherwise
   * pile up by the hundred thousand.
   */
  private bindGroup(
    layout: GPUBindGroupLayout,
    access: readonly Access[],
    bindings: readonly Binding[],
    tag = "",
  ): GPUBindGroup {
    let key = tag + access.join(",");
    for (const b of bindings) key += `|${this.bufferId(b.buffer)}:${b.offset}:${b.size}`;
    let bg = this.bindGroups.get(key);
    if (bg) {
      this.bindGroups.delete(key);
      this.bindGroups.set(key, bg);
      return bg;
    }
    bg = this.device.createBindGroup({
      layout,
      entries: bindings.map((b, i) => ({
        binding: i,
        resource: { buffer: b.buffer, offset: b.offset, size: b.size },
      })),
    });
    this.bindGroups.set(key, bg);
    if (this.bindGroups.size > BIND_GROUP_CACHE) {
      this.bindGroups.delete(this.bindGroups.keys().next().value!);
    }
    return bg;
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
    const { pipeline, layout } = this.pipeline(code, access, dynamic);
    const enc = this.ensureEncoder();
    const bindGroup = dynamic
      ? this.bindGroup(
        layout,
        access,
        bindings.map((b) => ({ buffer: b.buffer, offset: 0, size: b.size })),
        "dyn",
      )
      : this.bindGroup(layout, access, bindings);
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

  /** Submits the open encoder (if any) without waiting. */
  flush(): void {
    if (this.encoder === null) return;
    if (this.pass !== null) {
      this.pass.end();
      this.pass = null;
    }
    const enc = this.encoder;
    this.encoder = null;
    this.device.queue.submit([enc.finish()]);
    this.submits++;
    const epoch = this.epoch++;
    const validation = this.device.popErrorScope();
    const oom = this.device.popErrorScope();
    const check = Promise.all([validation, oom]).then(([v, o]) => {
      const err = v ?? o;
      if (!err) return null;
      const e = new WebGpuError(
        `WebGPU ${v ? "validation" : "out-of-memory"} error: ${err.message}`,
      );
      this.failed.set(epoch, e);
      this.pendingError ??= e;
      return e;
    });
    this.checks.set(epoch, check);
    for (const b of this.toDestroy) b.destroy();
    this.toDestroy = [];
  }

  /**
   * Resolves when every command of epochs ≤ `epoch` has run; rejects if the commands of `epoch`
   * itself failed (a validation error invalidates its whole submit).
   */
  async waitFor(epoch: number): Promise<void> {
    if (epoch >= this.epoch) this.flush();
    if (epoch > this.completed) {
      if (this.waitPromise === null || this.waitTarget < epoch) {
        const target = this.epoch - 1;
        this.waitTarget = target;
        this.waitPromise = this.device.queue.onSubmittedWorkDone().then(() => {
          if (this.completed < target) this.completed = target;
        });
      }
      await this.waitPromise;
    }
    await this.settle(epoch);
    this.throwIfFailed(epoch);
    if (this.lostReason !== null) this.check();
  }

  /** Awaits the error checks of epochs ≤ `epoch`. */
  private async settle(epoch: number): Promise<void> {
    for (const [e, check] of this.checks) {
      if (e > epoch) continue;
      await check;
      this.checks.delete(e);
    }
  }

  /** Throws the error of a failed epoch (once reported this way, no longer pending). */
  private throwIfFailed(...epochs: number[]): void {
    for (const e of epochs) {
      const err = this.failed.get(e);
      if (err) {
        if (this.pendingError === err) this.pendingError = null;
        throw err;
      }
    }
  }

  /** Whether the buffer's values have certainly been computed. */
  isReady(buf: GpuBuffer): boolean {
    return buf.epoch <= this.completed;
  }

  /** Reads `bytes` bytes of a buffer back (one copy, one map). */
  async readBytes(buf: GpuBuffer, bytes: number): Promise<ArrayBuffer> {
    this.check();
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const cls = sizeClass(size) > this.limits.maxBufferSize ? size : sizeClass(size);
    const list = this.staging.get(cls);
    const staging = list?.pop() ??
      this.device.createBuffer({ size: cls, usage: USAGE_MAP_READ | USAGE_COPY_DST });
    this.touch(buf);
    this.copy(buf.gpu, buf.offset, staging, 0, size);
    const epoch = this.epoch;
    this.flush();
    try {
      await staging.mapAsync(MAP_READ, 0, size);
    } catch (e) {
      this.check();
      await this.settle(epoch);
      this.throwIfFailed(epoch, buf.epoch);
      throw new WebGpuError(`WebGPU read failed: ${(e as Error).message}`);
    }
    const out = staging.getMappedRange(0, size).slice(0, bytes);
    staging.unmap();
    let l = this.staging.get(cls);
    if (!l) this.staging.set(cls, l = []);
    if (l.length < 4) l.push(staging);
    else staging.destroy();
    if (epoch > this.completed) this.completed = epoch;
    await this.settle(epoch);
    this.throwIfFailed(epoch, buf.epoch);
    return out;
  }
}
