/**
 * Conversion of JS values to arrays (`jnp.array`, `jnp.asarray`) and the promotion helpers the
 * rest of jax.numpy uses: dtype promotion with weak types, and numpy's rank promotion.
 */

import { type ArrayLike, DeviceArray } from "../core/array.ts";
import { fromHostData, scalarArray } from "../core/array_impl.ts";
import {
  allocTyped,
  canonicalizeDType,
  castScalar,
  type DType,
  isFloat,
  promoteKinds,
  type TypedArray,
  type TypedKind,
} from "../dtype.ts";
import { OverflowError, ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, checkOptions, isOptionsObject } from "../options.ts";
import { broadcastShapes, describeValue, pyShape } from "../shape.ts";

/** The dtype a nested JS value would get, with JAX's rules for Python scalars. */
function inferKind(x: unknown): TypedKind {
  if (x instanceof DeviceArray) return { dtype: x.dtype, weak: x.weakType };
  if (typeof x === "boolean") return { dtype: "bool", weak: false };
  if (typeof x === "number") {
    // JS has one number type: integer values act as Python ints (so 2**31 overflows int32, as
    // in JAX), except beyond 2**53, where no JS number is an exact integer: 3e30 is a float.
    return { dtype: Number.isSafeInteger(x) ? "int32" : "float32", weak: true };
  }
  if (ArrayBuffer.isView(x)) return { dtype: typedDType(x), weak: false };
  throw new TypeError(`${describeValue(x)} is not a valid array element`);
}

function typedDType(x: ArrayBufferView): DType {
  if (x instanceof Float32Array || x instanceof Float64Array) return "float32";
  if (x instanceof Uint32Array || x instanceof Uint16Array || x instanceof Uint8ClampedArray) {
    return "uint32";
  }
  if (x instanceof Uint8Array) return "bool";
  return "int32";
}

/** Shape and flattened leaves of a nested list, with numpy's error for ragged input. */
function nestedShape(x: unknown): { shape: number[]; leaves: unknown[] } {
  const shape: number[] = [];
  let level: unknown[] = [x];
  while (level.length > 0 && Array.isArray(level[0])) {
    const n = (level[0] as unknown[]).length;
    const next: unknown[] = [];
    for (const item of level) {
      if (!Array.isArray(item) || item.length !== n) {
        throw new ValueError(
          `setting an array element with a sequence. The requested array has an inhomogeneous ` +
            `shape after ${shape.length} dimensions. The detected shape was ` +
            `${pyShape(shape)} + inhomogeneous part.`,
        );
      }
      for (const c of item) next.push(c);
    }
    shape.push(n);
    level = next;
  }
  for (const leaf of level) {
    if (Array.isArray(leaf)) {
      throw new ValueError(
        `setting an array element with a sequence. The requested array has an inhomogeneous ` +
          `shape after ${shape.length} dimensions. The detected shape was ${pyShape(shape)} + ` +
          `inhomogeneous part.`,
      );
    }
  }
  return { shape, leaves: level };
}

function checkIntRange(v: number, dtype: DType): void {
  if (dtype === "int32" && (v > 2147483647 || v < -2147483648)) {
    throw new OverflowError(`Python int ${v} too large to convert to int32`);
  }
  if (dtype === "uint32" && (v > 4294967295 || v < 0)) {
    throw new OverflowError(`Python int ${v} too large to convert to uint32`);
  }
}

/**
 * A dtype argument as JAX users pass it: positionally (`jnp.zeros([2], "int32")`, `jnp.int32`) or
 * as the options object (`{ dtype: "int32" }`); `null`/omitted means the default.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const a: jnp.DTypeArg = "int32";
 * const b: jnp.DTypeArg = { dtype: jnp.float32 };
 * jnp.zeros([2], a).dtype; // "int32"
 * jnp.ones([2], b).dtype; // "float32"
 * ```
 */
export type DTypeArg = DType | string | { dtype?: DType | string | null } | null;

const DTYPE_ONLY = ["dtype"] as const;
const COPY_KEYS = ["dtype", "copy"] as const;

/**
 * Options of `jnp.array` and `jnp.asarray`: the dtype, and JAX's `copy` (accepted; arrays are
 * immutable, so a copy and the original cannot be told apart).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.CopyOptions = { dtype: "float32", copy: false };
 * jnp.asarray([1, 2], opts); // DeviceArray([1., 2.], dtype=float32)
 * ```
 */
export interface CopyOptions {
  /** The dtype of the result. */
  dtype?: DType | string | null;
  /** Whether to copy (JAX's keyword; no observable difference here). */
  copy?: boolean | null;
}

/**
 * The dtype a {@link DTypeArg} names (undefined for the default); a clear error otherwise,
 * including for option keys other than `dtype` (and the `accepted` ones the caller reads).
 */
export function dtypeFromArg(
  arg: unknown,
  where: string,
  accepted: readonly string[] = DTYPE_ONLY,
): DType | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg === "string") return canonicalizeDType(arg, where);
  if (isOptionsObject(arg)) {
    checkOptions(`jnp.${where}`, arg, accepted);
    const d = arg.dtype;
    if (d === undefined || d === null) return undefined;
    if (typeof d === "string") return canonicalizeDType(d, where);
    throw new TypeError(
      `${where}: dtype must be a dtype name such as "int32", got ${describeValue(d)}`,
    );
  }
  throw new TypeError(
    `${where}: expected a dtype ("int32", jnp.float32) or options such as { dtype: "int32" }, ` +
      `got ${describeValue(arg)}`,
  );
}

/**
 * Converts any array-like to an array, JAX's `jnp.asarray`: arrays pass through (converted if
 * `dtype` differs), JS numbers become weakly-typed scalars, nested lists and typed arrays become
 * arrays (int32 for integers, float32 if any element is fractional, bool for booleans). A
 * Float32Array, Int32Array or Uint32Array of the array's dtype is used without a copy, as JAX's
 * CPU backend aliases numpy arrays: do not modify it afterwards (`jnp.array` copies).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.asarray(3); // DeviceArray(3, dtype=int32, weak_type=True)
 * jnp.asarray([1, 2], "float32"); // DeviceArray([1., 2.], dtype=float32)
 * jnp.asarray(new Float32Array([0.5, 1.5])); // DeviceArray([0.5, 1.5], dtype=float32)
 * ```
 */
export function asarray(
  x: ArrayLike | ArrayBufferView,
  dtype?: DTypeArg | CopyOptions,
): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.asarray", 1, 2, arguments.length, null, null);
  const want = dtypeFromArg(dtype, "asarray", COPY_KEYS);
  if (x instanceof DeviceArray) {
    return want && want !== x.dtype ? lax.convertElementType(x, want) : x;
  }
  if (typeof x === "number" || typeof x === "boolean") {
    const k = inferKind(x);
    if (k.dtype !== "float32" && typeof x === "number") checkIntRange(x, want ?? k.dtype);
    if (want) {
      // A requested dtype makes the scalar strongly typed, as np.asarray(3, dtype) does; the
      // value converts on the host straight into that dtype (no detour through int32).
      const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
      return scalarArray(castScalar(v, want), want, false);
    }
    return lax.scalar(x);
  }
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const src = x as unknown as { readonly [i: number]: number; length: number };
    const d = want ?? typedDType(x);
    // A typed array already in the dtype's storage is used as is, without a copy (JAX's CPU
    // backend likewise aliases numpy arrays in asarray): a 1e8-element Float32Array then costs
    // its bytes once, not twice. It must not be modified afterwards; jnp.array copies.
    if (sameStorage(x, d)) return fromHostData(x as TypedArray, [src.length], d);
    const data = allocTyped(d, src.length);
    const from = typedDType(x);
    for (let i = 0; i < src.length; i++) data[i] = convertHost(src[i], from, d);
    return fromHostData(data, [src.length], d);
  }
  if (Array.isArray(x)) return fromNested(x, want);
  throw new TypeError(`asarray: expected ArrayLike, got ${describeValue(x)}.`);
}

/** Whether `x` is the typed array class that holds `dtype` (bool's Uint8Array may hold 2..255). */
function sameStorage(x: ArrayBufferView, dtype: DType): boolean {
  const c = x.constructor;
  return (c === Float32Array && dtype === "float32") || (c === Int32Array && dtype === "int32") ||
    (c === Uint32Array && dtype === "uint32");
}

function convertHost(v: number, from: DType, to: DType): number {
  if (to === "float32") return Math.fround(v);
  if (from === "float32") return castScalar(v, to);
  if (to === "int32") return v | 0;
  if (to === "uint32") return v >>> 0;
  return v ? 1 : 0;
}

function fromNested(x: readonly unknown[], want?: DType): DeviceArray {
  const { shape, leaves } = nestedShape(x);
  if (leaves.some((l) => l instanceof DeviceArray)) {
    // Lists holding arrays are stacked (and promoted), as jnp.array does.
    const arrays = leaves.map((l) => asarray(l as ArrayLike));
    const kind = arrays.map((a) => ({ dtype: a.dtype, weak: a.weakType })).reduce(promoteKinds);
    const d = want ?? kind.dtype;
    const inner = arrays[0].shape;
    for (const a of arrays) {
      if (a.shape.join() !== inner.join()) {
        throw new ValueError(
          `setting an array element with a sequence. The requested array has an inhomogeneous ` +
            `shape after ${shape.length} dimensions.`,
        );
      }
    }
    const parts = arrays.map((a) => lax.reshape(lax.convertElementType(a, d), [1, ...inner]));
    const stacked = parts.length
      ? lax.concatenate(parts, 0)
      : lax.broadcastInDim(lax.convertElementType(0, d), [0, ...inner], []);
    return lax.reshape(stacked, [...shape, ...inner]);
  }
  let d: DType;
  if (want) d = want;
  else if (leaves.length === 0) d = "float32";
  else {
    let kind: TypedKind = inferKind(leaves[0]);
    for (let i = 1; i < leaves.length; i++) kind = promoteKinds(kind, inferKind(leaves[i]));
    // A list of JS numbers is strongly typed (np.array([1, 2]) is int, not weak).
    d = kind.dtype;
  }
  const data = allocTyped(d, leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    const v = leaves[i];
    const num = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
    if (typeof v !== "number" && typeof v !== "boolean") {
      throw new TypeError(`${describeValue(v)} is not a valid array element`);
    }
    if (!isFloat(d) && typeof v === "number" && Number.isInteger(v)) checkIntRange(v, d);
    data[i] = d === "float32" ? Math.fround(num) : castScalar(num, d);
  }
  return fromHostData(data, shape, d);
}

/**
 * `jnp.array`: like asarray but always a new array (a copy for arrays), strongly typed for
 * lists.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.array([[1, 2], [3, 4]]);
 * // DeviceArray([[1, 2],
 * //              [3, 4]], dtype=int32)
 * jnp.array([1.5, 2]); // DeviceArray([1.5, 2. ], dtype=float32)
 * jnp.array([1, 2], { dtype: "float32" }); // DeviceArray([1., 2.], dtype=float32)
 * jnp.array([true, false]); // DeviceArray([ True, False], dtype=bool)
 * jnp.array([1, 2], "float32"); // DeviceArray([1., 2.], dtype=float32)
 * ```
 */
export function array(
  x: ArrayLike | ArrayBufferView,
  opts: DTypeArg | CopyOptions = {},
): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.array", 1, 2, arguments.length, null, null);
  const dtype = dtypeFromArg(opts, "array", COPY_KEYS);
  if (x instanceof DeviceArray) {
    const want = dtype ?? x.dtype;
    return want !== x.dtype ? lax.convertElementType(x, want) : lax.copy(x);
  }
  // Typed arrays are copied (asarray would use the caller's storage).
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    return asarray((x as TypedArray).slice(), dtype);
  }
  return asarray(x, dtype);
}

/** The promoted dtype and weak type of several array-likes (JAX's `result_type`). */
export function resultKind(xs: readonly (ArrayLike | ArrayBufferView)[]): TypedKind {
  let k: TypedKind | null = null;
  for (const x of xs) {
    const ki = Array.isArray(x)
      ? { dtype: asarray(x as ArrayLike).dtype, weak: false }
      : inferKind(x);
    k = k ? promoteKinds(k, ki) : ki;
  }
  return k ?? { dtype: "float32", weak: false };
}

/** Converts and promotes arguments to one dtype (weak types honoured), no shape changes. */
export function promoteDTypes(xs: readonly ArrayLike[]): DeviceArray[] {
  const k = resultKind(xs);
  return xs.map((x) => {
    // JS scalars are converted on the host (they become literals in jaxprs, as in JAX).
    if (typeof x === "number" || typeof x === "boolean") {
      const v = typeof x === "boolean" ? (x ? 1 : 0) : x;
      if (k.dtype !== "float32" && typeof x === "number" && Number.isInteger(x)) {
        checkIntRange(x, k.dtype);
      }
      return scalarArray(castScalar(v, k.dtype), k.dtype, k.weak);
    }
    const a = asarray(x);
    return a.dtype === k.dtype && a.weakType === k.weak
      ? a
      : lax.convertElementType(a, k.dtype, k.weak);
  });
}

/** numpy rank promotion: leading size-1 axes, after checking the shapes broadcast. */
export function promoteShapes(xs: DeviceArray[]): DeviceArray[] {
  if (xs.length < 2) return xs;
  const ranks = new Set<number>();
  for (const x of xs) if (x.ndim > 0) ranks.add(x.ndim);
  if (ranks.size < 2) return xs;
  const rank = broadcastShapes(...xs.map((x) => x.shape)).length;
  return xs.map((
    x,
  ) => (x.ndim === 0 || x.ndim === rank
    ? x
    : lax.reshape(x, [...new Array(rank - x.ndim).fill(1), ...x.shape]))
  );
}

/** Dtype and rank promotion, as jax.numpy's binary functions do before calling lax. */
export function promoteArgs(xs: readonly ArrayLike[]): DeviceArray[] {
  return promoteShapes(promoteDTypes(xs));
}

/** Promotion to an inexact (float) dtype: ints and bools become float32 (weak stays weak). */
export function promoteArgsInexact(xs: readonly ArrayLike[]): DeviceArray[] {
  return promoteShapes(promoteDTypes(xs).map(toInexact));
}

/** Converts an int/bool array to float32 (keeping weak type), as promote_args_inexact does. */
export function toInexact(x: DeviceArray): DeviceArray {
  return isFloat(x.dtype) ? x : lax.convertElementType(x, "float32", x.weakType);
}

/**
 * Broadcasts an array to a shape (numpy rules), JAX's `jnp.broadcast_to`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.broadcastTo(jnp.array([1, 2, 3]), [2, 3]);
 * // DeviceArray([[1, 2, 3],
 * //              [1, 2, 3]], dtype=int32)
 * ```
 */
export function broadcastTo(x: ArrayLike, shape: readonly number[]): DeviceArray {
  if (arguments.length > 2) {
    checkExtraArguments("jnp.broadcastTo", 2, 2, arguments.length, arguments[2], arguments[3]);
  }
  const a = asarray(x);
  if (a.shape.join() === shape.join()) return a;
  const nlead = shape.length - a.ndim;
  if (nlead < 0 || !a.shape.every((d, i) => d === 1 || d === shape[nlead + i])) {
    throw new ValueError(
      `Incompatible shapes for broadcasting: ${pyShape(a.shape)} and requested shape ` +
        `${pyShape(shape)}`,
    );
  }
  const off = shape.length - a.ndim;
  const keep = a.shape.map((_, i) => i).filter((i) => a.shape[i] === shape[off + i]);
  const squeezed = keep.length === a.ndim ? a : lax.reshape(a, keep.map((i) => a.shape[i]));
  return lax.broadcastInDim(squeezed, shape, keep.map((i) => i + off));
}

export type { TypedArray };
