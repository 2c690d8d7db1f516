/**
 * Arbitraries (shapes, dtypes, values with edge cases) and runners shared by the fuzz tests:
 * build the same inputs as DeviceArrays and as reference arrays, run a function eagerly and
 * under `jit`, and compare both with the reference.
 */

import { type DeviceArray, jit, jnp } from "../../mod.ts";
import { test } from "../harness.ts";
import fc from "./fc.ts";
import type { Arbitrary } from "./fc.ts";
import { fcParams, seedLine } from "./config.ts";
import { type CompareOptions, mismatches } from "./compare.ts";
import { type DType, make, type Ref, size } from "./reference.ts";

export { fc };
export type { Arbitrary };

export const FLOAT_EDGES = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  2,
  NaN,
  Infinity,
  -Infinity,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  1.401298464324817e-45,
  1.1754943508222875e-38,
  -1.1754943508222875e-38,
];
export const INT_EDGES = [0, 1, -1, 2, -2, 31, 32, 33, -2147483648, 2147483647];
export const UINT_EDGES = [0, 1, 2, 31, 32, 33, 2147483647, 2147483648, 4294967295];

export interface FloatDomain {
  min?: number;
  max?: number;
  /** Include NaN, ±inf, extreme and subnormal values (default true). */
  edges?: boolean;
}

/** float32 values: typical values, integers and halves (rounding ties), and edge values. */
export function floatValue(d: FloatDomain = {}): Arbitrary<number> {
  const lo = Math.fround(d.min ?? -10), hi = Math.fround(d.max ?? 10);
  const parts: { arbitrary: Arbitrary<number>; weight: number }[] = [
    { arbitrary: fc.float({ min: lo, max: hi, noNaN: true }), weight: 6 },
    {
      arbitrary: fc.integer({ min: Math.ceil(lo * 2), max: Math.floor(hi * 2) }).map((v) => v / 2),
      weight: 2,
    },
  ];
  if (d.edges !== false) {
    parts.push({ arbitrary: fc.constantFrom(...FLOAT_EDGES), weight: 2 });
    parts.push({ arbitrary: fc.float(), weight: 1 });
  }
  return fc.oneof(...parts);
}

export function intValue(dtype: DType): Arbitrary<number> {
  if (dtype === "bool") return fc.constantFrom(0, 1);
  if (dtype === "uint32") {
    return fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 4294967295 }), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 12 }), weight: 3 },
      { arbitrary: fc.constantFrom(...UINT_EDGES), weight: 2 },
    );
  }
  return fc.oneof(
    { arbitrary: fc.integer({ min: -2147483648, max: 2147483647 }), weight: 2 },
    { arbitrary: fc.integer({ min: -12, max: 12 }), weight: 3 },
    { arbitrary: fc.constantFrom(...INT_EDGES), weight: 2 },
  );
}

export function valueOf(dtype: DType, d?: FloatDomain): Arbitrary<number> {
  return dtype === "float32" ? floatValue(d) : intValue(dtype);
}

/** A shape of rank ≤ maxRank with axes in [minDim, maxDim] and at most maxSize elements. */
export function shapeArb(maxRank = 3, maxDim = 4, minDim = 0, maxSize = 48): Arbitrary<number[]> {
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { maxLength: maxRank }).filter((s) =>
    size(s) <= maxSize
  );
}

/** A reference array of the given shape and dtype with arbitrary values. */
export function refArb(shape: number[], dtype: DType, d?: FloatDomain): Arbitrary<Ref> {
  const n = size(shape);
  return fc.array(valueOf(dtype, d), { minLength: n, maxLength: n }).map((vs) =>
    make(shape, dtype, vs.map((v) => (dtype === "float32" ? Math.fround(v) : v)))
  );
}

export const DTYPES: DType[] = ["float32", "int32", "uint32", "bool"];

/** The DeviceArray holding a reference array's values (exactly). */
export function toDevice(r: Ref): DeviceArray {
  const n = r.data.length;
  let typed: Float32Array | Int32Array | Uint32Array | Uint8Array;
  switch (r.dtype) {
    case "float32":
      typed = new Float32Array(n);
      break;
    case "int32":
      typed = new Int32Array(n);
      break;
    case "uint32":
      typed = new Uint32Array(n);
      break;
    case "bool":
      typed = new Uint8Array(n);
      break;
  }
  for (let i = 0; i < n; i++) typed[i] = r.data[i];
  const flat = jnp.asarray(typed);
  return jnp.reshape(flat, r.shape);
}

/** A short description of inputs for failure messages. */
export function describe(xs: Ref[]): string {
  return xs.map((x) =>
    `${x.dtype}[${x.shape}] = [${
      Array.from(x.data.slice(0, 12), (v) => (Object.is(v, -0) ? "-0" : String(v))).join(", ")
    }${x.data.length > 12 ? ", …" : ""}]`
  ).join("; ");
}

type Outs = DeviceArray | DeviceArray[];

/**
 * Runs `f` on the inputs eagerly and under jit and compares every output with `expected`;
 * throws a descriptive error on the first mismatch.
 */
export async function checkEagerAndJit(
  what: string,
  f: (...xs: DeviceArray[]) => Outs,
  inputs: Ref[],
  expected: Ref | Ref[],
  opts: CompareOptions = {},
  modes: ("eager" | "jit")[] = ["eager", "jit"],
): Promise<void> {
  const arrays = inputs.map(toDevice);
  const exp = Array.isArray(expected) ? expected : [expected];
  for (const mode of modes) {
    const out = mode === "eager" ? f(...arrays) : jit(f)(...arrays);
    const outs = Array.isArray(out) ? out : [out];
    if (outs.length !== exp.length) throw new Error(`${what}: ${outs.length} outputs`);
    for (let i = 0; i < outs.length; i++) {
      const data = await outs[i].data();
      const m = mismatches(data, outs[i].shape, outs[i].dtype as DType, exp[i], opts);
      if (m) {
        throw new Error(
          `${what} (${mode}${outs.length > 1 ? `, output ${i}` : ""}): ${m}\n  inputs: ${
            describe(inputs)
          }`,
        );
      }
    }
  }
}

/** Registers a property test with the run's seed and budget; prints the seed line. */
export function fuzzTest<T>(
  name: string,
  base: number,
  arb: Arbitrary<T>,
  check: (v: T) => Promise<void>,
): void {
  test(`fuzz: ${name}`, async () => {
    console.log(seedLine(name, base));
    await fc.assert(fc.asyncProperty(arb, check), fcParams(base));
  });
}
