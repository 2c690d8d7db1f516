/** `devicePut`: moving arrays between devices, JAX's `jax.device_put`. */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { ArrayImpl } from "../core/array_impl.ts";
import { asarray } from "../numpy/convert.ts";
import type { Device, Platform } from "./backend.ts";
import { defaultDevice, devices } from "./devices.ts";

/**
 * Places an array on a device. With a device given, the result is *committed* to it: operations
 * mixing committed arrays of two devices are an error, as in JAX; without one, the array goes to
 * the default device uncommitted. Moving values off WebGPU needs them on the host first
 * (`await x.data()` caches them).
 *
 * @example
 * ```ts
 * import { devicePut, devices, jnp } from "@jaxscript/jaxscript";
 * const x = devicePut(jnp.arange(3), devices("cpu")[0]); // committed to the CPU
 * const y = devicePut([1, 1, 1], "cpu"); // a platform name picks its first device
 * jnp.add(x, y); // DeviceArray([1, 2, 3], dtype=int32)
 * ```
 */
export function devicePut(x: ArrayLike, device?: Device | Platform): DeviceArray {
  const target = typeof device === "string" ? devices(device)[0] : device ?? defaultDevice();
  const a = asarray(x);
  if (!(a instanceof ArrayImpl)) return a; // tracers: placement is decided when they are run
  const committed = device !== undefined;
  if (a.device === target && a.committed === committed) return a;
  if (a.device === target) {
    target.backend.retain?.(a.buffer);
    return new ArrayImpl(a.aval, target, a.buffer, committed);
  }
  const host = a.peek();
  if (host === null) {
    throw new Error(
      `The values of this ${a.aval.strLong()} array are not on the host yet, so it cannot be ` +
        `moved from ${a.device} to ${target}: await x.data() first.`,
    );
  }
  return new ArrayImpl(a.aval, target, target.backend.fromHost(host.slice(), a.aval), committed);
}
