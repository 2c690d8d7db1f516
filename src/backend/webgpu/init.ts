/**
 * WebGPU initialisation: finds an adapter, creates the device and registers the `webgpu` device.
 * Runtimes without `navigator.gpu` (Bun, Node) register nothing; failures are recorded so asking
 * for webgpu explains why it is missing.
 *
 * Cost (Deno 2.9.6, llvmpipe over wgpu's GL path, measured): requestAdapter ~23 ms and
 * requestDevice ~7 ms once the system's driver files are in the page cache (~220 ms for the
 * very first process after boot). The device is requested at import too, because the Backend
 * interface is synchronous (the first `fromHost` needs it) and it costs a quarter of the probe.
 * With `JAX_PLATFORMS` set and not naming webgpu, nothing is probed at all.
 */

import { Device } from "../backend.ts";
import { registerDevice, registerFailure, requestedPlatforms } from "../devices.ts";
import { GpuContext, type GpuLimits } from "./device.ts";
import { WebGpuBackend } from "./backend.ts";

let initPromise: Promise<Device | null> | null = null;
let theBackend: WebGpuBackend | null = null;

/** The limits requested from the adapter (its maxima, so large arrays fit). */
const LIMIT_NAMES = [
  "maxBufferSize",
  "maxStorageBufferBindingSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxComputeWorkgroupSizeZ",
  "maxComputeWorkgroupsPerDimension",
  "maxStorageBuffersPerShaderStage",
  "maxDynamicStorageBuffersPerPipelineLayout",
] as const;

interface GpuLike {
  requestAdapter(): Promise<GPUAdapter | null>;
}

/**
 * Initialises WebGPU once and registers `Device("webgpu", 0)`; resolves to it, or to null where
 * there is no WebGPU (nothing thrown). A software adapter (`isFallbackAdapter`, e.g. llvmpipe)
 * is registered with `backend.isSoftware = true`, so it becomes the default device only when
 * asked for (`JAX_PLATFORMS=webgpu` or `setDefaultDevice("webgpu")`).
 *
 * @example
 * ```ts
 * import { initWebGpu } from "./init.ts";
 * const dev = await initWebGpu();
 * console.log(dev ? dev.deviceKind : "no WebGPU here");
 * ```
 */
export function initWebGpu(): Promise<Device | null> {
  initPromise ??= doInit();
  return initPromise;
}

/** The WebGPU backend once initialised (null before, or where there is none). */
export function webGpuBackend(): WebGpuBackend | null {
  return theBackend;
}

async function doInit(): Promise<Device | null> {
  const wanted = requestedPlatforms();
  if (wanted.length > 0 && !wanted.includes("webgpu")) return null;
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  const gpu = nav?.gpu;
  if (!gpu) {
    registerFailure("webgpu", "this runtime has no navigator.gpu (WebGPU)");
    return null;
  }
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      registerFailure("webgpu", "navigator.gpu.requestAdapter() found no adapter");
      return null;
    }
    const requiredLimits: Record<string, number> = {};
    const al = adapter.limits as unknown as Record<string, number>;
    for (const n of LIMIT_NAMES) if (typeof al[n] === "number") requiredLimits[n] = al[n];
    const device = await adapter.requestDevice({ requiredLimits });
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const software = info.isFallbackAdapter ??
      (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
    const description = info.description || [info.vendor, info.architecture, info.device]
      .filter((s) => s).join(" ") ||
      "WebGPU adapter";
    theBackend = new WebGpuBackend(new GpuContext(device, description, {}, software), software);
    const dev = new Device("webgpu", 0, theBackend);
    registerDevice(dev);
    return dev;
  } catch (e) {
    registerFailure("webgpu", `WebGPU initialisation failed: ${(e as Error).message ?? e}`);
    return null;
  }
}

/**
 * A second backend on the same GPU device with overridden limits (tests use a tiny binding size
 * to exercise paging). Not registered as a device.
 */
export function backendWithLimits(limits: Partial<GpuLimits>): WebGpuBackend | null {
  if (!theBackend) return null;
  const ctx = new GpuContext(
    theBackend.ctx.device,
    theBackend.ctx.description,
    { ...theBackend.ctx.limits, ...limits },
  );
  return new WebGpuBackend(ctx, theBackend.isSoftware);
}
