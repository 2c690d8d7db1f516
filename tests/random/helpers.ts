/** Shared pieces of the random suites: the fixture file, mode switching, decoding, ulp stats. */

import { config, type DeviceArray } from "../../mod.ts";
import { readJson, ulpDistance } from "../harness.ts";

export type Mode = "original" | "partitionable";
export const MODES: readonly Mode[] = ["original", "partitionable"];

/** A known-answer vector as random_vectors.json records it. */
export interface Vector {
  name: string;
  source: string;
  prng_mode: "original" | "partitionable" | "both";
  x64?: boolean;
  call: string;
  expected: unknown;
  reference_impl_output?: unknown;
  note?: string;
  /** x64 vectors: the expected integers as decimal strings (they exceed 2**53). */
  expected_digits?: string[];
}

/** A reference array, base64 little-endian. */
export interface Encoded {
  shape: number[];
  dtype: "float32" | "uint32" | "int32" | "bool";
  b64: string;
}

export interface ReferenceCase {
  ref: Encoded;
  exact?: Encoded;
  float?: boolean;
}

export interface Fixtures {
  vectors: Vector[];
  other_distributions: Vector[];
  partitionable_reference: Record<string, unknown>;
  reference: Record<Mode, Record<string, ReferenceCase>>;
}

/** A JSON file beside this one. */
export async function readFixture<T>(name: string): Promise<T> {
  return await readJson(new URL(`./${name}`, import.meta.url)) as T;
}

/** tests/random/fixtures.json (written by gen_fixtures.py from ../shared/spec). */
export const fixtures: Fixtures = await readFixture<Fixtures>("fixtures.json");

/** Runs `f` with `jax_threefry_partitionable` set for `mode`, restoring the flag afterwards. */
export function inMode<T>(mode: Mode, f: () => T): T {
  const prev = config.read("jax_threefry_partitionable");
  config.update("jax_threefry_partitionable", mode === "partitionable");
  try {
    return f();
  } finally {
    config.update("jax_threefry_partitionable", prev);
  }
}

/** The modes a vector applies to. */
export function modesOf(v: { prng_mode: string }): Mode[] {
  return v.prng_mode === "both" ? [...MODES] : [v.prng_mode as Mode];
}

/** Decodes a fixture array into a flat number list (bools as 0/1). */
export function decode(e: Encoded): number[] {
  const bin = atob(e.b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const buf = bytes.buffer;
  switch (e.dtype) {
    case "float32":
      return Array.from(new Float32Array(buf));
    case "uint32":
      return Array.from(new Uint32Array(buf));
    case "int32":
      return Array.from(new Int32Array(buf));
    case "bool":
      return Array.from(bytes);
  }
}

/** Flattens nested JSON numbers (bools as 0/1). */
export function flat(x: unknown): number[] {
  if (Array.isArray(x)) return x.flatMap(flat);
  if (typeof x === "boolean") return [x ? 1 : 0];
  return [Number(x)];
}

/** The values of an array as plain numbers (bools as 0/1). */
export async function values(x: DeviceArray): Promise<number[]> {
  return Array.from(await x.data());
}

/** Histogram of float32 ulp distances, e.g. { max: 1, counts: { 0: 99, 1: 1 } }. */
export function ulpStats(
  actual: readonly number[],
  expected: readonly number[],
): { max: number; counts: Record<number, number> } {
  const counts: Record<number, number> = {};
  let max = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = ulpDistance(actual[i], expected[i]);
    counts[d] = (counts[d] ?? 0) + 1;
    if (d > max) max = d;
  }
  return { max, counts };
}

/** The PRNGKey seed in a vector's call string, e.g. "normal(PRNGKey(1193674498), ...)". */
export function seedOf(call: string): number {
  const m = /PRNGKey\((-?\d+)\)/.exec(call);
  if (!m) throw new Error(`no PRNGKey seed in ${call}`);
  return Number(m[1]);
}
