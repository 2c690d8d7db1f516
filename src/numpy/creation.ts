/** Array creation: arange, linspace, zeros, ones, full, eye, identity and the *Like variants. */

import { type ArrayLike, DeviceArray } from "../core/array.ts";
import { allocTyped, castScalar, type DType } from "../dtype.ts";
import { fromHostData } from "../core/array_impl.ts";
import { NotImplementedError, ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, isOptionsObject, splitTrailingArguments } from "../options.ts";
import { checkShape, describeValue, normalizeAxis } from "../shape.ts";
import { asarray, broadcastTo, type DTypeArg, dtypeFromArg } from "./convert.ts";

/**
 * Options taking a dtype (`{ dtype: "int32" }`).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.DTypeOption = { dtype: "int32" };
 * jnp.ones([2], opts); // DeviceArray([1, 1], dtype=int32)
 * ```
 */
export interface DTypeOption {
  /** The dtype of the result: "float32", "int32", "uint32" or "bool" (or a JAX alias). */
  dtype?: DType | string;
}

function dt(
  opts: DTypeArg | undefined,
  fallback: DType,
  where: string,
  accepted?: readonly string[],
): DType {
  return dtypeFromArg(opts, where, accepted) ?? fallback;
}

/**
 * An array of `shape` filled with `fillValue` (dtype from the value unless given), JAX's
 * `jnp.full`. An array fill value broadcasts to the shape.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.full([3], 7); // DeviceArray([7, 7, 7], dtype=int32)
 * jnp.full([2], 0.5); // DeviceArray([0.5, 0.5], dtype=float32)
 * jnp.full([2, 2], jnp.array([1, 2]));
 * // DeviceArray([[1, 2],
 * //              [1, 2]], dtype=int32)
 * ```
 */
export function full(
  shape: number | readonly number[],
  fillValue: ArrayLike,
  opts?: DTypeArg,
): DeviceArray {
  if (arguments.length > 3) checkExtraArguments("jnp.full", 2, 3, arguments.length, null, null);
  const s = checkShape(shape);
  const v = asarray(fillValue);
  const d = dt(opts, v.dtype, "full");
  // An explicit or inferred dtype gives a strongly-typed array, as jnp.full does; an array fill
  // value broadcasts to the shape.
  const strong = lax.convertElementType(v, d, false);
  return v.ndim === 0 ? lax.broadcastInDim(strong, s, []) : broadcastTo(strong, s);
}

/**
 * An array of zeros (float32 unless `dtype` is given), JAX's `jnp.zeros`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.zeros([2, 3]).shape; // [ 2, 3 ]
 * jnp.zeros(4, { dtype: "int32" }); // DeviceArray([0, 0, 0, 0], dtype=int32)
 * jnp.zeros([2], "int32"); // DeviceArray([0, 0], dtype=int32) (dtype positional, as in JAX)
 * ```
 */
export function zeros(shape: number | readonly number[], opts?: DTypeArg): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.zeros", 1, 2, arguments.length, null, null);
  return full(shape, 0, { dtype: dt(opts, "float32", "zeros") });
}

/**
 * An array of ones (float32 unless `dtype` is given), JAX's `jnp.ones`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.ones([3]); // DeviceArray([1., 1., 1.], dtype=float32)
 * jnp.ones(2, { dtype: "bool" }); // DeviceArray([ True,  True], dtype=bool)
 * ```
 */
export function ones(shape: number | readonly number[], opts?: DTypeArg): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.ones", 1, 2, arguments.length, null, null);
  return full(shape, 1, { dtype: dt(opts, "float32", "ones") });
}

/**
 * Zeros with x's shape (and dtype unless given), JAX's `jnp.zeros_like`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.zerosLike(jnp.array([1, 2, 3])); // DeviceArray([0, 0, 0], dtype=int32)
 * jnp.zerosLike(jnp.array([1, 2, 3]), "float32", [2]); // JAX's dtype and shape, positionally
 * // DeviceArray([0., 0.], dtype=float32)
 * ```
 */
export function zerosLike(
  x: ArrayLike,
  opts?: DTypeArg | LikeOptions,
  shape?: number | readonly number[],
): DeviceArray {
  if (arguments.length > 3) {
    checkExtraArguments("jnp.zerosLike", 1, 3, arguments.length, null, null);
  }
  return like("zeros_like", x, 0, opts, shape);
}

/**
 * Ones with x's shape (and dtype unless given), JAX's `jnp.ones_like`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.onesLike(jnp.array([1, 2, 3]), { dtype: "float32" });
 * // DeviceArray([1., 1., 1.], dtype=float32)
 * jnp.onesLike(jnp.array([1, 2, 3]), { shape: [2, 2] }).shape; // [ 2, 2 ]
 * ```
 */
export function onesLike(
  x: ArrayLike,
  opts?: DTypeArg | LikeOptions,
  shape?: number | readonly number[],
): DeviceArray {
  if (arguments.length > 3) checkExtraArguments("jnp.onesLike", 1, 3, arguments.length, null, null);
  return like("ones_like", x, 1, opts, shape);
}

/**
 * `fillValue` with x's shape (and dtype unless given), JAX's `jnp.full_like`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.fullLike(jnp.array([1, 2, 3]), 2.5); // DeviceArray([2, 2, 2], dtype=int32)
 * ```
 */
export function fullLike(
  x: ArrayLike,
  fillValue: ArrayLike,
  opts?: DTypeArg | LikeOptions,
  shape?: number | readonly number[],
): DeviceArray {
  if (arguments.length > 4) checkExtraArguments("jnp.fullLike", 2, 4, arguments.length, null, null);
  return like("full_like", x, fillValue, opts, shape);
}

/**
 * Options of `zerosLike`, `onesLike` and `fullLike`: the dtype and the shape of the result
 * (x's unless given).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.LikeOptions = { dtype: "int32", shape: [2] };
 * jnp.fullLike(jnp.zeros([3]), 7, opts); // DeviceArray([7, 7], dtype=int32)
 * ```
 */
export interface LikeOptions {
  /** The dtype of the result (x's by default). */
  dtype?: DType | string | null;
  /** The shape of the result (x's by default). */
  shape?: number | readonly number[] | null;
}

/** JAX's `full_like(x, fill, dtype, shape)`, with the dtype and shape positional or as options. */
function like(
  where: string,
  x: ArrayLike,
  fill: ArrayLike,
  opts: unknown,
  shape: number | readonly number[] | undefined,
): DeviceArray {
  const a = asarray(x);
  const d = dt(opts as DTypeArg, a.dtype, where, ["dtype", "shape"]);
  const optShape = isOptionsObject(opts) ? opts.shape as LikeOptions["shape"] : undefined;
  if (optShape != null && shape != null) {
    throw new TypeError(`jnp.${where}() got multiple values for argument 'shape'`);
  }
  return full(shape ?? optShape ?? a.shape, fill, { dtype: d });
}

/**
 * Evenly spaced values in [start, stop), JAX's `jnp.arange`: `arange(stop)`,
 * `arange(start, stop)`, `arange(start, stop, step)`. Integers give int32, otherwise float32.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.arange(5); // DeviceArray([0, 1, 2, 3, 4], dtype=int32)
 * jnp.arange(2, 8, 2); // DeviceArray([2, 4, 6], dtype=int32)
 * jnp.arange(0, 1, 0.25); // DeviceArray([0.  , 0.25, 0.5 , 0.75], dtype=float32)
 * ```
 */
export function arange(
  start: number,
  stop?: number | null | DTypeArg,
  step?: number | null | DTypeArg,
  opts?: DTypeArg,
): DeviceArray {
  if (arguments.length > 4) checkExtraArguments("jnp.arange", 1, 4, arguments.length, null, null);
  // The options may follow any count of numbers: arange(5, { dtype }), arange(1, 5, "float32").
  const isNum = (v: unknown) => typeof v === "number" || v === undefined || v === null;
  const last = (given: unknown[]) => {
    if (given.some((v) => v !== undefined)) {
      throw new TypeError(
        `jnp.arange: the dtype must come last, after start, stop and step; got ` +
          `${given.map(describeValue).join(", ")} after it`,
      );
    }
  };
  if (!isNum(stop)) {
    last([step, opts]);
    [stop, step, opts] = [undefined, undefined, stop as DTypeArg];
  } else if (!isNum(step)) {
    last([opts]);
    [step, opts] = [undefined, step as DTypeArg];
  }
  stop ??= undefined;
  step ??= undefined;
  for (const v of [start, stop, step]) {
    if (v !== undefined && (typeof v !== "number" || Number.isNaN(v))) {
      throw new TypeError(
        `jnp.arange requires concrete numbers for start, stop and step, got ${String(v)}`,
      );
    }
  }
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  const st = step ?? 1;
  if (st === 0) throw new ValueError("arange: step cannot be zero");
  const allInt = Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(st);
  const d = dt(opts, allInt ? "int32" : "float32", "arange");
  const n = Math.max(0, Math.ceil((stop - start) / st));
  if (start === 0 && st === 1 && d !== "bool") return lax.iota(d, n);
  // JAX's formula, computed on the host: start + step · iota in the result dtype (for float32
  // each operation rounds: fl(fl(start) + fl(fl(step) · i))).
  const data = allocTyped(d, n);
  if (d === "float32") {
    const fr = Math.fround, a = fr(start), s = fr(st);
    for (let i = 0; i < n; i++) data[i] = fr(a + fr(s * i));
  } else {
    const a = castScalar(start, d), s = castScalar(st, d);
    for (let i = 0; i < n; i++) data[i] = castScalar(a + s * i, d);
  }
  return fromHostData(data, [n], d);
}

/**
 * `num` evenly spaced values from start to stop (inclusive unless `endpoint: false`), JAX's
 * `jnp.linspace` (float32 unless `dtype` is given; integer dtypes take the floor).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.linspace(0, 1, 5); // DeviceArray([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
 * jnp.linspace(0, 1, 4, { endpoint: false });
 * // DeviceArray([0.  , 0.25, 0.5 , 0.75], dtype=float32)
 * jnp.linspace(0, 1, 4, false); // endpoint positional, as in JAX
 * // DeviceArray([0.  , 0.25, 0.5 , 0.75], dtype=float32)
 * ```
 */
export function linspace(
  start: number,
  stop: number,
  num = 50,
  endpoint?: boolean | LinspaceOptions,
  ...more: [retstep?: boolean | LinspaceOptions, dtype?: DTypeArg, axis?: number | LinspaceOptions]
): DeviceArray {
  // JAX's positional order: endpoint, retstep, dtype, axis.
  const o = splitTrailingArguments(
    "jnp.linspace",
    3,
    [endpoint, ...more],
    ["endpoint", "retstep", "dtype", "axis"],
    [],
    2,
  ) as LinspaceOptions & { retstep?: unknown };
  for (const [name, v] of [["start", start], ["stop", stop]] as const) {
    // A concrete 0-d array converts to its number (a larger one raises its own error).
    if (typeof v !== "number" && !((v as unknown) instanceof DeviceArray)) {
      throw new TypeError(`jnp.linspace: ${name} must be a number, got ${describeValue(v)}`);
    }
  }
  if (typeof num !== "number" || !Number.isInteger(num) || num < 0) {
    throw new ValueError(`Number of samples, ${num}, must be non-negative.`);
  }
  if (o.endpoint != null && typeof o.endpoint !== "boolean") {
    throw new TypeError(
      `jnp.linspace: endpoint must be a boolean, got ${describeValue(o.endpoint)} (the 4th ` +
        `argument is JAX's endpoint; pass a dtype as { dtype: … })`,
    );
  }
  if (o.retstep) {
    throw new NotImplementedError(
      "jnp.linspace: retstep=True is not supported; the step is (stop - start) / (num - 1)",
    );
  }
  if (o.axis != null) normalizeAxis(o.axis, 1); // scalar start/stop: a 1-d result
  const endpoint_ = o.endpoint ?? true;
  const d = dtypeFromArg(o.dtype, "linspace") ?? "float32";
  // JAX's formula in float32: start·(1 − t) + stop·t with t = i / div, then `stop` appended
  // when endpoint (so the last value is exact).
  const fr = Math.fround;
  const div = endpoint_ ? num - 1 : num;
  const data = new Float32Array(num);
  const a = fr(start), b = fr(stop);
  for (let i = 0; i < div && i < num; i++) {
    const t = fr(fr(i) / fr(div));
    data[i] = fr(fr(a * fr(1 - t)) + fr(b * t));
  }
  if (endpoint_ && num > 1) data[num - 1] = b;
  if (num === 1) data[0] = a;
  // Integer dtypes take the floor (so -1.67 gives -2, as numpy 2 and JAX do).
  if (d === "int32" || d === "uint32") data.set(data.map(Math.floor));
  const out = fromHostData(data, [num], "float32");
  return d === "float32" ? out : lax.convertElementType(out, d);
}

/**
 * Options of `jnp.linspace` (JAX's keyword arguments).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.LinspaceOptions = { endpoint: false, dtype: "float32" };
 * jnp.linspace(0, 1, 2, opts); // DeviceArray([0. , 0.5], dtype=float32)
 * ```
 */
export interface LinspaceOptions {
  /** Include `stop` as the last value (default true). */
  endpoint?: boolean;
  /** The dtype of the result (float32 by default; integer dtypes take the floor). */
  dtype?: DType | string | null;
  /** Where the samples go in the result; with number bounds only 0 (or -1). */
  axis?: number;
}

/**
 * A 2-d array with ones on the k-th diagonal, JAX's `jnp.eye(N, M, k)`. `M` may be left out
 * (or null) with the options second, as `jnp.eye(N, dtype=…)` in JAX.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.eye(2);
 * // DeviceArray([[1., 0.],
 * //              [0., 1.]], dtype=float32)
 * jnp.eye(2, 3, { k: 1, dtype: "int32" });
 * // DeviceArray([[0, 1, 0],
 * //              [0, 0, 1]], dtype=int32)
 * jnp.eye(2, { dtype: "int32" });
 * // DeviceArray([[1, 0],
 * //              [0, 1]], dtype=int32)
 * jnp.eye(2, 3, 1, "int32"); // JAX's positional N, M, k, dtype
 * // DeviceArray([[0, 1, 0],
 * //              [0, 0, 1]], dtype=int32)
 * ```
 */
export function eye(
  n: number,
  m?: number | null | EyeOptions,
  k?: number | EyeOptions,
  dtype?: DTypeArg,
): DeviceArray {
  // JAX's positional order: N, M, k, dtype; the options may follow any of them.
  if (arguments.length > 4) checkExtraArguments("jnp.eye", 1, 4, arguments.length, null, null);
  const o = splitTrailingArguments("jnp.eye", 1, [m, k, dtype], ["M", "k", "dtype"]) as EyeOptions;
  const cols = o.M ?? n;
  checkShape([n, cols], "eye shape");
  if (o.k !== undefined && !Number.isInteger(o.k)) {
    throw new TypeError(`jnp.eye: k must be an integer, got ${describeValue(o.k)}`);
  }
  const diag = o.k ?? 0;
  const rows = lax.broadcastedIota("int32", [n, cols], 0);
  const colsI = lax.broadcastedIota("int32", [n, cols], 1);
  const mask = lax.eq(lax.add(rows, lax.scalar(diag, "int32")), colsI);
  return lax.convertElementType(mask, dtypeFromArg(o.dtype, "eye") ?? "float32");
}

/**
 * Options of `jnp.eye` (JAX's keyword arguments): the diagonal `k` (0: the main one, positive
 * above it) and the dtype.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.EyeOptions = { k: -1 };
 * jnp.eye(2, opts);
 * // DeviceArray([[0., 0.],
 * //              [1., 0.]], dtype=float32)
 * ```
 */
export interface EyeOptions {
  /** The number of columns (N by default). */
  M?: number | null;
  /** The diagonal: 0 the main one, positive above it, negative below. */
  k?: number;
  /** The dtype of the result (float32 by default). */
  dtype?: DType | string | null;
}

/**
 * The n×n identity matrix (float32 unless `dtype` is given), JAX's `jnp.identity`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.identity(2, { dtype: "int32" });
 * // DeviceArray([[1, 0],
 * //              [0, 1]], dtype=int32)
 * ```
 */
export function identity(n: number, opts?: DTypeArg): DeviceArray {
  if (arguments.length > 2) checkExtraArguments("jnp.identity", 1, 2, arguments.length, null, null);
  return eye(n, n, { dtype: dt(opts, "float32", "identity") });
}
