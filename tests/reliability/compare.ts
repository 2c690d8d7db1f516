/**
 * Comparing a backend's result with the reference: exact for ints and bools, within the
 * reference's error bound for float32, NaN / ±inf / the sign of zero exact.
 */

import type { DeviceArray } from "../../mod.ts";
import { PLATFORM } from "./config.ts";
import { type DType, type Ref, unravel } from "./reference.ts";
import { tolerance } from "./tolerances.ts";

const F32_OVERFLOW = 3.4028235677973366e38; // halfway between FLT_MAX and 2^128: rounds to inf

export interface CompareOptions {
  /** Primitive whose zero-sign rule applies (default: signs of zeros must match). */
  op?: string;
  /** Inputs were exact (no propagated error): zeros must match in sign. */
  exactZeros?: boolean;
}

/** Returns a description of the mismatches (at most 5), or null when `actual` agrees. */
export function mismatches(
  actual: ArrayLike<number>,
  actualShape: readonly number[],
  actualDType: DType,
  ref: Ref,
  opts: CompareOptions = {},
): string | null {
  if (actualShape.join() !== ref.shape.join()) {
    return `shape [${actualShape}] != reference [${ref.shape}]`;
  }
  if (actualDType !== ref.dtype) return `dtype ${actualDType} != reference ${ref.dtype}`;
  if (actual.length !== ref.data.length) {
    return `length ${actual.length} != reference ${ref.data.length}`;
  }
  const zeroSign = opts.exactZeros !== false && (opts.op ? tolerance(opts.op).zeroSign : true);
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], r = ref.data[i];
    const e = ref.err ? ref.err[i] : 0;
    let ok: boolean;
    if (ref.dtype !== "float32") ok = !(e < 0.5) || a === r;
    else ok = floatOk(a, r, e, zeroSign);
    if (!ok) {
      count++;
      if (bad.length < 5) {
        const where = ref.shape.length ? `[${unravel(i, ref.shape)}]` : "[]";
        bad.push(
          `at ${where}: got ${show(a)}, expected ${show(r)}` +
            (ref.dtype === "float32" ? ` (±${e.toPrecision(3)}, f32 ${show(Math.fround(r))})` : ""),
        );
      }
    }
  }
  if (count === 0) return null;
  return `${count} of ${actual.length} elements differ:\n    ${bad.join("\n    ")}`;
}

function floatOk(a: number, r: number, e: number, zeroSign: boolean): boolean {
  if (!(e < Infinity)) return true; // not comparable (ill-conditioned or a branch may flip)
  if (Number.isNaN(r)) return Number.isNaN(a);
  if (!Number.isFinite(r)) return a === r;
  if (Number.isNaN(a)) return false;
  if (!Number.isFinite(a)) {
    // Overflow: legitimate only if the exact value is within error of float32's overflow.
    return Math.sign(a) === Math.sign(r) && Math.abs(r) + e >= F32_OVERFLOW;
  }
  if (r === 0 && a === 0) return !zeroSign || Object.is(a, r);
  if (Math.abs(a - r) <= e) return true;
  // Flush-to-zero of subnormals is allowed on WebGPU (WGSL permits it).
  if (PLATFORM === "webgpu" && Math.abs(r) < 2 ** -126 + e && Math.abs(a) < 2 ** -126) return true;
  return false;
}

function show(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

/** Reads an array (any backend) and compares it with the reference; throws on mismatch. */
export async function expectMatches(
  x: DeviceArray,
  ref: Ref,
  what: string,
  opts: CompareOptions = {},
): Promise<void> {
  const data = await x.data();
  const m = mismatches(data, x.shape, x.dtype as DType, ref, opts);
  if (m) throw new Error(`${what}: ${m}`);
}
