/** Values shared by the autodiff interpreters: symbolic zeros and undefined primals. */

import type { ShapedArray } from "./aval.ts";
import type { DeviceArray } from "./array.ts";

/**
 * A symbolic zero tangent or cotangent. Rules skip work for zeros, so differentiating with
 * respect to one argument costs nothing for the others (and integer inputs get zero tangents).
 */
export class Zero {
  /** Brand: keeps the type distinct from arrays, which also have an aval. */
  readonly symbolicZero = true;
  constructor(readonly aval: ShapedArray) {}
}

/** A tangent or cotangent: an array, or a symbolic zero. */
export type Tangent = DeviceArray | Zero;

/** Marks a linear input whose value transposition computes the cotangent of. */
export class UndefPrimal {
  readonly undefinedPrimal = true;
  constructor(readonly aval: ShapedArray) {}
}

export function isZero(t: unknown): t is Zero {
  return t instanceof Zero;
}
