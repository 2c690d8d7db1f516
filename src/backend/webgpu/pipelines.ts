/**
 * Caches of compiled pipelines (LRU by WGSL source), bind group layouts and bind groups (LRU by
 * buffers and ranges). All are native objects that only the garbage collector frees, so every
 * cache is bounded.
 */

import type { Access, Binding } from "./device.ts";

/** GPUShaderStage.COMPUTE, spelled out: the GPU* globals do not exist on Node or Bun. */
const STAGE_COMPUTE = 0x4;

/** Bind groups kept for reuse. */
const BIND_GROUP_CACHE = 4096;
/**
 * Compiled pipelines kept (least recently used evicted). Each costs native memory the garbage
 * collector cannot see (~250 KiB of generated code on llvmpipe, far less on hardware drivers), so
 * kernels specialised per shape must not accumulate without bound (a jitted function called on
 * thousands of shapes). Elementwise kernels are shape-generic and share one pipeline anyway.
 */
export const PIPELINE_CACHE = 256;

export interface PipelineEntry {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

export class PipelineCache {
  /** Pipelines by WGSL source (LRU order), then by binding layout. */
  private pipelines = new Map<string, Map<string, PipelineEntry>>();
  private pipelineTotal = 0;
  private bindGroups = new Map<string, GPUBindGroup>();
  private layouts = new Map<string, GPUBindGroupLayout>();
  private bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 0;
  /** Pipelines compiled since creation, and dropped from the cache (for tests and benches). */
  compiled = 0;
  evicted = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Called before a pipeline is created (opens the error scope that catches shader errors). */
    private readonly beforeCreate: () => void,
  ) {}

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
        this.evicted += old.size;
      }
    }
    const key = (dynamic ? "dyn:" : "") + access.join(",");
    let entry = byLayout.get(key);
    if (!entry) {
      this.beforeCreate();
      const layout = this.layoutFor(access, dynamic);
      const module = this.device.createShaderModule({ code });
      const pipeline = this.device.createComputePipeline({
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: "main" },
      });
      entry = { pipeline, layout };
      byLayout.set(key, entry);
      this.pipelineTotal++;
      this.compiled++;
    }
    return entry;
  }

  /** Number of pipelines in the cache. */
  get count(): number {
    return this.pipelineTotal;
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
  bindGroup(
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

  /** Drops cached bind groups of a destroyed buffer. */
  forget(gpu: GPUBuffer): void {
    const id = this.bufferIds.get(gpu);
    if (id === undefined) return;
    const tag = `|${id}:`;
    for (const k of [...this.bindGroups.keys()]) if (k.includes(tag)) this.bindGroups.delete(k);
  }
}
