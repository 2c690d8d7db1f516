/** Shared helpers for defining primitives' abstract evaluation (shape and dtype rules). */

import { ShapedArray } from "../../core/aval.ts";
import type { DType } from "../../dtype.ts";
import { pyShape, type Shape } from "../../shape.ts";

/** Classes of dtypes primitives accept, named as numpy's abstract types in JAX's errors. */
export type DTypeClass = "floating" | "integer" | "signedinteger" | "bool_";

const MEMBERS: Record<DTypeClass, DType[]> = {
  floating: ["float32"],
  integer: ["int32", "uint32"],
  signedinteger: ["int32"],
  bool_: ["bool"],
};

export const FLOAT: DTypeClass[] = ["floating"];
export const NUM: DTypeClass[] = ["integer", "floating"];
export const ANY: DTypeClass[] = ["integer", "floating", "bool_"];
export const ORDERED: DTypeClass[] = ["integer", "floating", "bool_"];
export const INT: DTypeClass[] = ["integer"];
export const BOOL_OR_INT: DTypeClass[] = ["integer", "bool_"];
export const SIGNED_OR_FLOAT: DTypeClass[] = ["signedinteger", "floating"];

export function accepts(classes: DTypeClass[], dtype: DType): boolean {
  for (const c of classes) if (MEMBERS[c].includes(dtype)) return true;
  return false;
}

/** JAX's error for an operand of a dtype a primitive does not accept. */
export function checkDType(name: string, classes: DTypeClass[], dtype: DType, pos?: number): void {
  if (accepts(classes, dtype)) return;
  const names = classes.map((c) => c === "floating" ? "floating, complexfloating" : c).join(", ");
  if (pos === undefined) {
    throw new TypeError(
      `${name} does not accept dtype ${dtype}. Accepted dtypes are subtypes of ${names}.`,
    );
  }
  throw new TypeError(
    `${name} does not accept dtype ${dtype} at position ${pos}. Accepted dtypes at position ` +
      `${pos} are subtypes of ${names}.`,
  );
}

/** The jnp function JAX's "same dtypes" error suggests for each lax primitive. */
const JNP_EQUIVALENT: Record<string, string> = {
  add: "add",
  sub: "subtract",
  mul: "multiply",
  div: "divide",
  rem: "remainder",
  pow: "power",
  max: "maximum",
  min: "minimum",
  atan2: "arctan2",
  nextafter: "nextafter",
  and: "bitwise_and",
  or: "bitwise_or",
  xor: "bitwise_xor",
  eq: "equal",
  ne: "not_equal",
  lt: "less",
  le: "less_equal",
  gt: "greater",
  ge: "greater_equal",
  shift_left: "left_shift",
  shift_right_arithmetic: "right_shift",
  select_n: "where",
  clamp: "clip",
};

/** JAX's error when operands of a primitive have different dtypes. */
export function checkSameDTypes(name: string, avals: readonly ShapedArray[]): void {
  const d = avals[0].dtype;
  for (let i = 1; i < avals.length; i++) {
    if (avals[i].dtype !== d) {
      let msg = `lax.${name} requires arguments to have the same dtypes, got ${
        avals.map((a) => a.dtype).join(", ")
      }.`;
      const equiv = JNP_EQUIVALENT[name];
      if (equiv) {
        msg += ` (Tip: jnp.${equiv} is a similar function that does automatic type promotion on ` +
          `inputs).`;
      }
      throw new TypeError(msg);
    }
  }
}

/**
 * lax's broadcasting shape rule: rank-0 operands broadcast against anything; the others must
 * have one rank, and each axis must agree or be 1.
 */
export function broadcastingShape(name: string, avals: readonly ShapedArray[]): Shape {
  let shapes: Shape[] | null = null;
  let first: Shape | null = null;
  for (const a of avals) {
    if (a.shape.length === 0) continue;
    if (first === null) first = a.shape;
    else (shapes ??= [first]).push(a.shape);
  }
  if (first === null) return [];
  if (shapes === null) return first;
  const ranks = new Set(shapes.map((s) => s.length));
  if (ranks.size !== 1) {
    throw new TypeError(
      `${name}: arrays must have the same number of dimensions, got {${[...ranks].join(", ")}}`,
    );
  }
  const out = [...first];
  for (let i = 0; i < out.length; i++) {
    let size = 1;
    for (const s of shapes) {
      const d = s[i];
      if (d === 1) continue;
      if (size === 1) size = d;
      else if (d !== size) {
        throw new TypeError(
          `${name} got incompatible shapes for broadcasting: ${shapes.map(pyShape).join(", ")}.`,
        );
      }
    }
    out[i] = size;
  }
  return out;
}

/** The weak type of an elementwise result: weak only if every operand is weak. */
export function allWeak(avals: readonly ShapedArray[]): boolean {
  for (const a of avals) if (!a.weakType) return false;
  return true;
}

export function aval(shape: Shape, dtype: DType, weak = false): ShapedArray {
  return new ShapedArray(shape, dtype, weak);
}

/** Checks a static integer list param (axes, shapes) for primitives called through lax. */
export function checkIntList(name: string, what: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isInteger(x))) {
    throw new TypeError(`${name} ${what} must be a list of integers, got ${String(v)}.`);
  }
  return v as number[];
}
