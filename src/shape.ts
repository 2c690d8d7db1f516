/** Shape arithmetic shared by the core, the backends and jax.numpy. */

import { ValueError } from "./errors.ts";

/**
 * An array shape: one non-negative integer per axis.
 *
 * @example
 * ```ts
 * import { jnp, type Shape } from "@jaxscript/jaxscript";
 * const s: Shape = jnp.zeros([2, 3]).shape; // [2, 3]
 * ```
 */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a 0-d shape). */
export function prod(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major (C order) strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Formats a shape as a Python tuple, as JAX's messages do: `()`, `(3,)`, `(3, 4)`. */
export function pyShape(shape: Shape): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * numpy's `AxisError`, a ValueError: "axis 2 is out of bounds for array of dimension 2".
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * try {
 *   jnp.sum(jnp.ones([2]), { axis: 1 });
 * } catch (e) {
 *   console.log(e instanceof jnp.AxisError); // true
 *   console.log(String(e)); // AxisError: axis 1 is out of bounds for array of dimension 1
 * }
 * ```
 */
export class AxisError extends ValueError {
  /** The error's name, as Python's class name. */
  override name = "AxisError";
}

/** Normalizes a possibly negative axis into [0, ndim), raising numpy's AxisError otherwise. */
export function normalizeAxis(axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) {
    throw new TypeError(`axis must be an integer, got ${describeValue(axis)}`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new AxisError(`axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Normalizes an `axis` option (a number, a list of numbers, or null/undefined for all axes) into
 * a sorted list of distinct non-negative axes.
 */
export function normalizeAxes(
  axis: number | readonly number[] | null | undefined,
  ndim: number,
): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(a, ndim));
  const seen = new Set<number>();
  for (const a of out) {
    if (seen.has(a)) throw new ValueError("repeated axis");
    seen.add(a);
  }
  return out.sort((a, b) => a - b);
}

/**
 * numpy broadcasting of several shapes (`jnp.broadcast_shapes`), with JAX's error:
 * `ValueError: Incompatible shapes for broadcasting: shapes=[(3, 1), (4,)]`.
 */
export function broadcastShapes(...shapes: Shape[]): number[] {
  let ndim = 0;
  for (const s of shapes) if (s.length > ndim) ndim = s.length;
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    const off = ndim - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i];
      const o = out[off + i];
      if (d === o || d === 1) continue;
      if (o === 1) out[off + i] = d;
      else {
        throw new ValueError(
          `Incompatible shapes for broadcasting: shapes=[${shapes.map(pyShape).join(", ")}]`,
        );
      }
    }
  }
  return out;
}

/**
 * Validates a user-given shape (`zeros([2, 3])`, `random.normal(key, [64, 100])`): every entry a
 * non-negative integer. A single number is accepted as a 1-d shape, as numpy accepts `zeros(3)`.
 */
export function checkShape(shape: unknown, where = "shape"): number[] {
  const list = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(list)) {
    throw new TypeError(
      `${where} must be a list of non-negative integers, got ${describeValue(shape)}`,
    );
  }
  for (const d of list) {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new TypeError(
        `${where} must contain only integers, got ${describeValue(list)} (entry ${
          describeValue(d)
        })`,
      );
    }
    if (d < 0) {
      throw new ValueError(
        `${where} must contain only non-negative integers, got ${pyShape(list as number[])}`,
      );
    }
  }
  return list as number[];
}

/** A short description of an arbitrary JS value for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "string") return JSON.stringify(x);
  if (Array.isArray(x)) {
    const inner = x.slice(0, 8).map(describeValue).join(", ");
    return `[${inner}${x.length > 8 ? ", ..." : ""}]`;
  }
  if (typeof x === "object") {
    const ctor = (x as { constructor?: { name?: string } }).constructor?.name;
    return ctor && ctor !== "Object" ? `<${ctor}>` : "<object>";
  }
  if (typeof x === "function") return `<function ${(x as { name?: string }).name || "anonymous"}>`;
  return String(x);
}
