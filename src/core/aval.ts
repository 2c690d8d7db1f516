/** Abstract values: what tracing knows about an array (its shape, dtype and weak type). */

import { type DType, shortName } from "../dtype.ts";
import { prod, type Shape } from "../shape.ts";

/**
 * JAX's `ShapedArray`: the abstract value of an array (`x.aval`), all that tracing knows about
 * it: shape, dtype and weak type.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const aval = jnp.ones([3, 4]).aval;
 * console.log(String(aval), aval.strShort()); // ShapedArray(float32[3,4]) f32[3,4]
 * ```
 */
export class ShapedArray {
  /** Number of elements. */
  readonly size: number;
  /** An abstract value (`weakType`: whether it came from a JS number, JAX's `weak_type`). */
  constructor(
    /** The shape, one entry per axis. */
    readonly shape: Shape,
    /** The element type. */
    readonly dtype: DType,
    /** Whether the dtype is weak (JAX's `weak_type`). */
    readonly weakType = false,
  ) {
    this.size = prod(shape);
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** `f32[3,4]`, as jaxprs print avals. */
  strShort(): string {
    return `${shortName(this.dtype)}[${this.shape.join(",")}]`;
  }

  /** `float32[3,4]`, as JAX's error messages print types. */
  strLong(): string {
    return `${this.dtype}[${this.shape.join(",")}]`;
  }

  /** JAX's repr: `ShapedArray(float32[3,4])`, with `, weak_type=True` when weak. */
  toString(): string {
    return `ShapedArray(${this.strLong()}${this.weakType ? ", weak_type=True" : ""})`;
  }

  /** Whether shape, dtype and weak type are all equal. */
  equals(other: ShapedArray): boolean {
    if (this.dtype !== other.dtype || this.weakType !== other.weakType) return false;
    const a = this.shape, b = other.shape;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** A string that identifies this aval in caches (jit signatures). */
  key(): string {
    return `${this.dtype}${this.weakType ? "~" : ""}[${this.shape.join(",")}]`;
  }

  /** The same aval with the weak type dropped (or set). */
  withWeak(weak: boolean): ShapedArray {
    return weak === this.weakType ? this : new ShapedArray(this.shape, this.dtype, weak);
  }
}
