/** Decoding of the JSON array fixtures shared by the print tests. */

import type { DType, TypedArray } from "../../src/dtype.ts";
import { readJson } from "../harness.ts";

/** One array case: dense `values` or `fill` + `sparse`, float32 given as uint32 bit patterns. */
export interface ArrayCase {
  name: string;
  dtype: string;
  shape: number[];
  weak_type: boolean;
  values?: number[] | null;
  float32_bits?: number[] | null;
  fill?: number;
  sparse?: [number, number][];
  options?: Record<string, unknown>;
  numpy2?: boolean;
  jax_expr?: string;
  values_note?: string;
  DeviceArray_repr: string;
  Array_repr: string;
  str: string;
}

export const SUPPORTED: readonly string[] = ["float32", "int32", "uint32", "bool"];

/** Rebuilds the host typed array of a case. */
export function decodeCase(c: ArrayCase): TypedArray {
  const size = c.shape.reduce((a, b) => a * b, 1);
  const raw = c.float32_bits ?? c.values;
  const words = new Array<number>(size).fill(c.fill ?? 0);
  if (raw) raw.forEach((v, i) => (words[i] = v));
  else if (c.values_note?.includes("rebuild")) {
    // repr_cases.json leaves out large jnp.arange(...) values.
    if (!c.jax_expr?.startsWith("jnp.arange(")) throw new Error(`cannot rebuild ${c.jax_expr}`);
    for (let i = 0; i < size; i++) words[i] = c.dtype === "float32" ? f32Bits(i) : i;
  }
  for (const [i, v] of c.sparse ?? []) words[i] = v;
  switch (c.dtype as DType) {
    case "float32":
      return new Float32Array(Uint32Array.from(words).buffer);
    case "int32":
      return Int32Array.from(words);
    case "uint32":
      return Uint32Array.from(words);
    case "bool":
      return Uint8Array.from(words);
  }
  throw new Error(`unsupported dtype ${c.dtype}`);
}

/** Maps numpy's option names onto PrintOptions (they are the same apart from `numpy2`). */
export function printOptionsOf(c: ArrayCase): Record<string, unknown> {
  return { ...(c.options ?? {}), numpy2: c.numpy2 ?? false };
}

export interface PrintFixture {
  scalars: (number | string)[][];
  format_options: [number, "pos" | "sci", Record<string, number | boolean | string>, string][];
  arrays: ArrayCase[];
  pyrepr: [string, string][];
}

export const printFixture = (await readJson(
  new URL("../fixtures/print_cases.json", import.meta.url),
)) as PrintFixture;

export interface ReprCases {
  cases: ArrayCase[];
  numpy2_differences: {
    cases: { name: string; field: string; numpy_1_24: string; numpy_2_4: string }[];
  };
}

export const reprCases = (await readJson(
  new URL("../../../shared/spec/repr_cases.json", import.meta.url),
)) as ReprCases;

function f32Bits(x: number): number {
  return new Uint32Array(Float32Array.of(x).buffer)[0];
}

/** The float32 whose bits are `bits`. */
export function f32FromBits(bits: number): number {
  return new Float32Array(Uint32Array.of(bits).buffer)[0];
}
