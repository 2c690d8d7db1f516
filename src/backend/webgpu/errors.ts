/** Errors of the WebGPU backend. */

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
