/**
 * The device registry: which devices exist, which one is the default, and `JAX_PLATFORMS`.
 * Backends register their devices when they initialise; the CPU device always exists.
 */

import process from "node:process";
import type { Device, Platform } from "./backend.ts";

const registered: Device[] = [];
let chosen: Device | null = null;
/** Platforms that failed to initialise, with the reason (reported if a user asks for one). */
const failures = new Map<Platform, string>();

/** Adds a device (called by backends). */
export function registerDevice(device: Device): void {
  registered.push(device);
}

/** Records why a platform is unavailable, for the error a user gets when asking for it. */
export function registerFailure(platform: Platform, reason: string): void {
  failures.set(platform, reason);
}

/** Reads an environment variable where the runtime allows it (undefined otherwise). */
export function readEnv(name: string): string | undefined {
  try {
    return process.env[name];
  } catch {
    return undefined; // Deno without --allow-env
  }
}

/** The platforms `JAX_PLATFORMS` asks for, in order of preference (empty when unset). */
export function requestedPlatforms(): Platform[] {
  const env = readEnv("JAX_PLATFORMS");
  if (!env) return [];
  return env.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s) as Platform[];
}

/**
 * The available devices, JAX's `jax.devices()`; pass a platform to list only its devices.
 *
 * @example
 * ```ts
 * import { devices } from "@jaxscript/jaxscript";
 * devices(); // [ CpuDevice(id=0) ], and WebGpuDevice(id=0) where Deno finds a WebGPU adapter
 * devices("cpu"); // [ CpuDevice(id=0) ]
 * ```
 */
export function devices(platform?: Platform): Device[] {
  if (platform === undefined) return [...registered];
  const list = registered.filter((d) => d.platform === platform);
  if (list.length === 0) throw unavailable(platform);
  return list;
}

function unavailable(platform: string): Error {
  const why = failures.get(platform as Platform);
  const known = ["cpu", "webgpu"];
  if (!known.includes(platform)) {
    return new Error(
      `Unknown backend: '${platform}' requested, but no platforms that are ` +
        `instances of ${platform} are present. Platforms present are: ${
          registered.map((d) => d.platform).filter((p, i, a) => a.indexOf(p) === i).join(",")
        }`,
    );
  }
  return new Error(
    `Unable to initialize backend '${platform}': ${why ?? "no such device on this runtime"}` +
      ` (you may need to set JAX_PLATFORMS=cpu to use the CPU backend)`,
  );
}

/**
 * The device new arrays go to: the one set with `setDefaultDevice`, else the first platform in
 * `JAX_PLATFORMS` (an error if it is unavailable), else a hardware WebGPU device, else the CPU.
 * JAX's `jax.devices()[0]`, or the `jax_default_device` setting.
 *
 * @example
 * ```ts
 * import { defaultDevice, jnp } from "@jaxscript/jaxscript";
 * const dev = defaultDevice(); // CpuDevice(id=0), or WebGpuDevice(id=0) on a hardware GPU
 * ["cpu", "webgpu"].includes(dev.platform); // true
 * ```
 */
export function defaultDevice(): Device {
  if (chosen) return chosen;
  const wanted = requestedPlatforms();
  if (wanted.length) {
    for (const p of wanted) {
      const d = registered.find((x) => x.platform === p);
      if (d) return (chosen = d);
    }
    throw unavailable(wanted[0]);
  }
  const gpu = registered.find((d) => d.platform === "webgpu" && !isSoftware(d));
  chosen = gpu ?? registered.find((d) => d.platform === "cpu")!;
  return chosen;
}

function isSoftware(d: Device): boolean {
  return (d.backend as { isSoftware?: boolean }).isSoftware === true;
}

/**
 * Sets the default device (a Device or a platform name), JAX's
 * `jax.config.update("jax_default_device", …)`.
 *
 * @example
 * ```ts
 * import { defaultDevice, devices, setDefaultDevice } from "@jaxscript/jaxscript";
 * setDefaultDevice("cpu"); // new arrays go to the CPU from now on
 * defaultDevice(); // CpuDevice(id=0)
 * setDefaultDevice(devices()[0]); // a Device works too
 * ```
 */
export function setDefaultDevice(device: Device | Platform): void {
  if (typeof device === "string") {
    const d = registered.find((x) => x.platform === device);
    if (!d) throw unavailable(device);
    chosen = d;
  } else {
    chosen = device;
  }
}
