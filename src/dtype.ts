/**
 * Data types and JAX's type-promotion lattice, restricted to the dtypes jaxscript supports
 * (float32, int32, uint32, bool) with JAX's 64-bit mode disabled.
 *
 * JS numbers act like Python scalars in JAX: they are *weakly typed* and adopt the dtype of the
 * other operand within the same kind (see `../shared/spec/dtype_table.md`).
 */

/**
 * The dtypes an array can have (JAX with 64-bit mode disabled, minus the 8/16-bit types).
 *
 * @example
 * ```ts
 * import { type DType, jnp } from "@jaxscript/jaxscript";
 * const d: DType = jnp.array([1.5]).dtype; // "float32"
 * jnp.zeros([2], { dtype: d }); // DeviceArray([0., 0.], dtype=float32)
 * ```
 */
export type DType = "float32" | "int32" | "uint32" | "bool";

/** Every supported dtype, in a stable order. */
export const DTYPES: readonly DType[] = ["bool", "int32", "uint32", "float32"];

/**
 * Typed arrays that back each dtype on the host (Uint8Array for bool): what `x.data()` returns
 * and what `jnp.asarray` accepts.
 *
 * @example
 * ```ts
 * import { jnp, type TypedArray } from "@jaxscript/jaxscript";
 * const host: TypedArray = await jnp.array([true, false]).data(); // Uint8Array(2) [ 1, 0 ]
 * jnp.asarray(new Int32Array([4, 5])); // DeviceArray([4, 5], dtype=int32)
 * ```
 */
export type TypedArray = Float32Array | Int32Array | Uint32Array | Uint8Array;

/** The host typed array for a dtype: Float32Array, Int32Array, Uint32Array, Uint8Array (bool). */
export type TypedArrayFor<D extends DType> = D extends "float32" ? Float32Array
  : D extends "int32" ? Int32Array
  : D extends "uint32" ? Uint32Array
  : Uint8Array;

/** Bytes per element of each dtype on the host. */
export function itemsize(dtype: DType): number {
  return dtype === "bool" ? 1 : 4;
}

/** Allocates a zero-filled host typed array of `size` elements of `dtype`. */
export function allocTyped(dtype: DType, size: number): TypedArray {
  try {
    switch (dtype) {
      case "float32":
        return new Float32Array(size);
      case "int32":
        return new Int32Array(size);
      case "uint32":
        return new Uint32Array(size);
      case "bool":
        return new Uint8Array(size);
    }
  } catch (e) {
    // The engine's "Array buffer allocation failed" / "Invalid typed array length" / "Out of
    // memory": say what was asked for, as XLA's RESOURCE_EXHAUSTED does.
    if (e instanceof RangeError && (Number.isInteger(size) || size === Infinity) && size >= 0) {
      throw new RangeError(
        `RESOURCE_EXHAUSTED: Out of memory while trying to allocate ${size * itemsize(dtype)} ` +
          `bytes (${size} elements of ${dtype}) on the CPU backend (${e.message}).`,
      );
    }
    throw e;
  }
}

/** The dtype a typed array holds (Uint8Array is read as bool). */
export function dtypeOfTyped(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint32Array) return "uint32";
  return "bool";
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32";
}

export function isInteger(dtype: DType): boolean {
  return dtype === "int32" || dtype === "uint32";
}

export function isSignedInteger(dtype: DType): boolean {
  return dtype === "int32";
}

export function isUnsigned(dtype: DType): boolean {
  return dtype === "uint32";
}

/** The short names jaxprs print: f32, i32, u32, bool. */
export function shortName(dtype: DType): string {
  switch (dtype) {
    case "float32":
      return "f32";
    case "int32":
      return "i32";
    case "uint32":
      return "u32";
    case "bool":
      return "bool";
  }
}

const CANONICAL: Record<string, DType> = {
  float32: "float32",
  int32: "int32",
  uint32: "uint32",
  bool: "bool",
  bool_: "bool",
  f32: "float32",
  i32: "int32",
  u32: "uint32",
};

/** 64-bit names JAX truncates to 32 bits (with a warning) while x64 is disabled. */
const TRUNCATED: Record<string, DType> = {
  float64: "float32",
  int64: "int32",
  uint64: "uint32",
  float: "float32",
  int: "int32",
};

const warnedTruncations = new Set<string>();

/**
 * Checks a dtype name given by a user and returns the dtype. 64-bit names are truncated to 32 bits
 * with JAX's warning; anything else unknown is a TypeError naming the supported dtypes.
 */
export function canonicalizeDType(name: unknown, where = "dtype"): DType {
  if (typeof name === "string") {
    const found = CANONICAL[name];
    if (found) return found;
    const truncated = TRUNCATED[name];
    if (truncated) {
      if (!warnedTruncations.has(name)) {
        warnedTruncations.add(name);
        console.warn(
          `UserWarning: Explicitly requested dtype ${name} requested in ${where} is not available, ` +
            `and will be truncated to dtype ${truncated}. jaxscript has no 64-bit types.`,
        );
      }
      return truncated;
    }
  }
  const shown = typeof name === "string" ? `'${name}'` : String(name);
  throw new TypeError(
    `Unsupported dtype ${shown}: jaxscript supports "float32", "int32", "uint32" and "bool".`,
  );
}

/** A dtype together with JAX's weak-type flag. */
export interface TypedKind {
  dtype: DType;
  weak: boolean;
}

/**
 * The result of promoting two operands, as JAX's `jnp.promote_types` with weak types
 * (`dtypes.result_type`), x64 disabled.
 */
export function promoteKinds(a: TypedKind, b: TypedKind): TypedKind {
  if (a.weak && b.weak) {
    const float = a.dtype === "float32" || b.dtype === "float32";
    return { dtype: float ? "float32" : "int32", weak: true };
  }
  if (a.weak || b.weak) {
    const w = a.weak ? a : b;
    const s = a.weak ? b : a;
    if (w.dtype === "float32") {
      // A weak float lifts integers and bools to a weak float32; a strong float32 wins.
      return s.dtype === "float32" ? s : { dtype: "float32", weak: true };
    }
    // A weak int adopts any strong int or float type; with bool it becomes a weak int32.
    return s.dtype === "bool" ? { dtype: "int32", weak: true } : s;
  }
  return { dtype: promoteStrong(a.dtype, b.dtype), weak: false };
}

function promoteStrong(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === "float32" || b === "float32") return "float32";
  if (a === "bool") return b;
  if (b === "bool") return a;
  // int32 with uint32: the least upper bound is int64, canonicalized to int32.
  return "int32";
}

/** Promotes any number of kinds (left fold, which is associative on JAX's lattice). */
export function resultKind(kinds: readonly TypedKind[]): TypedKind {
  let acc = kinds[0];
  for (let i = 1; i < kinds.length; i++) acc = promoteKinds(acc, kinds[i]);
  return acc;
}

/** `jnp.promote_types` for two strong dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  return promoteStrong(a, b);
}

/** Largest and smallest finite values of each dtype (`jnp.finfo` / `jnp.iinfo`). */
export function dtypeMax(dtype: DType): number {
  switch (dtype) {
    case "float32":
      return 3.4028234663852886e38;
    case "int32":
      return 2147483647;
    case "uint32":
      return 4294967295;
    case "bool":
      return 1;
  }
}

export function dtypeMin(dtype: DType): number {
  switch (dtype) {
    case "float32":
      return -3.4028234663852886e38;
    case "int32":
      return -2147483648;
    case "uint32":
      return 0;
    case "bool":
      return 0;
  }
}

/**
 * Converts one element from dtype `from` to dtype `to` with XLA's `convert_element_type`
 * semantics: integer→integer wraps modulo 2^32, float→integer truncates toward zero and saturates
 * (NaN → 0), anything→bool is `x != 0`, and values reaching float32 round to nearest.
 */
export function convertValue(x: number, from: DType, to: DType): number {
  if (to === "int32" && from !== "float32") return x | 0;
  if (to === "uint32" && from !== "float32") return x >>> 0;
  return castScalar(x, to);
}

/**
 * Casts a JS number to the value a dtype holds as a float source would: floats round to
 * float32; float→int truncates toward zero, saturates at the type's range and sends NaN to 0;
 * bool is `x != 0`.
 */
export function castScalar(x: number, dtype: DType): number {
  switch (dtype) {
    case "float32":
      return Math.fround(x);
    case "bool":
      return x !== 0 ? 1 : 0; // NaN !== 0, so NaN → true as in numpy
    case "int32":
      if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) return x;
      if (Number.isNaN(x)) return 0;
      if (x >= 2147483647) return 2147483647;
      if (x <= -2147483648) return -2147483648;
      return Math.trunc(x);
    case "uint32":
      if (Number.isInteger(x) && x >= 0 && x <= 4294967295) return x;
      if (Number.isNaN(x) || x <= 0) return 0;
      if (x >= 4294967295) return 4294967295;
      return Math.trunc(x);
  }
}
