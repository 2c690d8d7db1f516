/**
 * Fuzzing budget and seed. `npm test` runs a bounded, reproducible number of cases with a fixed
 * default seed; `deno task fuzz` sets JAX_FUZZ_LONG=1 for many more cases and a random seed.
 *
 *   JAX_FUZZ_SEED=<int>   the seed (printed by every fuzz test, so a failure reproduces)
 *   JAX_FUZZ_RUNS=<int>   cases per property (overrides the defaults below)
 *   JAX_FUZZ_LONG=1       long run: 40× the base cases (10× the CPU `npm test` count), random
 *                         seed unless JAX_FUZZ_SEED is set
 */

import process from "node:process";
import { devices } from "../../mod.ts";
import { platformUnderTest } from "../harness.ts";

function env(name: string): string | undefined {
  try {
    return process.env[name];
  } catch {
    return undefined;
  }
}

/** The default seed of `npm test` runs (fixed so CI is reproducible). */
export const DEFAULT_SEED = 20240917;

export const LONG = env("JAX_FUZZ_LONG") === "1";

function pickSeed(): number {
  const s = env("JAX_FUZZ_SEED");
  if (s !== undefined && s !== "") {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new Error(`JAX_FUZZ_SEED must be an integer, got ${s}`);
    return n | 0;
  }
  return LONG ? (Math.random() * 2 ** 31) | 0 : DEFAULT_SEED;
}

/** The seed every property of this process uses. */
export const SEED = pickSeed();

const runsOverride = env("JAX_FUZZ_RUNS") ? Number(env("JAX_FUZZ_RUNS")) : undefined;

/** The number of cases for a property whose base budget is `base` (the WebGPU `npm test` count). */
export function runs(base: number): number {
  if (runsOverride !== undefined && Number.isInteger(runsOverride)) return runsOverride;
  if (LONG) return base * 40;
  // The CPU backend runs a case in well under a millisecond; WebGPU pays dispatch and readback.
  return PLATFORM === "webgpu" ? base : base * 4;
}

/** The platform the arrays of this run live on. */
export const PLATFORM: string = (() => {
  const p = platformUnderTest();
  return p === "webgpu" ? "webgpu" : "cpu";
})();

/** Whether a WebGPU device is registered in this process. */
export function hasWebGpu(): boolean {
  return devices().some((d) => d.platform === "webgpu");
}

/** fast-check parameters for a property: the run's seed, its case budget, no shrink log spam. */
export function fcParams(base: number, extra: Record<string, unknown> = {}) {
  return { seed: SEED, numRuns: runs(base), endOnFailure: false, ...extra };
}

/** The line a fuzz test prints so that a failure can be reproduced. */
export function seedLine(name: string, base: number): string {
  return `[fuzz] ${name}: seed=${SEED} runs=${runs(base)} platform=${PLATFORM} ` +
    `(reproduce: JAX_FUZZ_SEED=${SEED} JAX_FUZZ_RUNS=${runs(base)})`;
}
