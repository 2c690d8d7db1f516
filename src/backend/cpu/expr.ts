/**
 * Scalar expression templates for elementwise primitives: given JS expressions for the operands,
 * each returns a JS expression computing one element with XLA's semantics for the dtype. Eager
 * kernels and jit's fused loops are both generated from these, so the two agree exactly.
 *
 * Float32 results are exact-in-double expressions that the caller rounds (storing into a
 * Float32Array, or Math.fround in fused code); integer results are already wrapped to 32 bits.
 * Helpers (helpers.ts: scalar_math.ts's and exp.ts's) are referenced as `h.name`.
 */

import type { DType } from "../../dtype.ts";
import type { Params } from "../../core/primitive.ts";

export type ExprTemplate = (
  args: string[],
  inDTypes: DType[],
  outDType: DType,
  params: Params,
) => string;

const wrap = (dtype: DType, e: string): string =>
  dtype === "int32" ? `((${e}) | 0)` : dtype === "uint32" ? `((${e}) >>> 0)` : `(${e})`;

const floatOnly = (fn: string): ExprTemplate => ([x]) => `${fn}(${x})`;

export const exprTemplates: Record<string, ExprTemplate> = {
  // Unary
  neg: ([x], [t]) => (t === "float32" ? `(-${x})` : wrap(t, `-${x}`)),
  sign: ([x], [t]) =>
    t === "uint32" ? `(${x} > 0 ? 1 : 0)` : `(${x} > 0 ? 1 : ${x} < 0 ? -1 : ${x})`,
  floor: floatOnly("Math.floor"),
  ceil: floatOnly("Math.ceil"),
  round: ([x], _t, _o, p) =>
    p.rounding_method === 1 ? `h.roundHalfEven(${x})` : `h.roundHalfAway(${x})`,
  is_finite: ([x]) => `(Number.isFinite(${x}) ? 1 : 0)`,
  // exp.ts's float64 algorithm, which the WebAssembly loops run too (not the engine's Math.exp).
  exp: ([x]) => `h.expF64(${x})`,
  exp2: ([x]) => `Math.pow(2, ${x})`,
  log: floatOnly("Math.log"),
  log1p: floatOnly("Math.log1p"),
  expm1: floatOnly("Math.expm1"),
  tanh: floatOnly("Math.tanh"),
  logistic: ([x]) => `(1 / (1 + Math.exp(-${x})))`,
  sin: floatOnly("Math.sin"),
  cos: floatOnly("Math.cos"),
  tan: floatOnly("Math.tan"),
  asin: floatOnly("Math.asin"),
  acos: floatOnly("Math.acos"),
  atan: floatOnly("Math.atan"),
  sinh: floatOnly("Math.sinh"),
  cosh: floatOnly("Math.cosh"),
  asinh: floatOnly("Math.asinh"),
  acosh: floatOnly("Math.acosh"),
  atanh: floatOnly("Math.atanh"),
  sqrt: floatOnly("Math.sqrt"),
  rsqrt: ([x]) => `(1 / Math.sqrt(${x}))`,
  cbrt: floatOnly("Math.cbrt"),
  abs: ([x], [t]) => (t === "int32" ? `(Math.abs(${x}) | 0)` : `Math.abs(${x})`),
  not: ([x], [t]) => (t === "bool" ? `(${x} ^ 1)` : wrap(t, `~${x}`)),
  erf: ([x]) => `h.erf(${x})`,
  erfc: ([x]) => `h.erfc(${x})`,
  erf_inv: ([x]) => `h.erfInv32(${x})`,
  lgamma: ([x]) => `h.lgamma(${x})`,
  digamma: ([x]) => `h.digamma(${x})`,
  square: ([x], [t]) => (t === "float32" ? `(${x} * ${x})` : wrap(t, `Math.imul(${x}, ${x})`)),
  integer_pow: ([x], [t], _o, p) => {
    const y = p.y as number;
    if (t === "float32") return `h.integerPowF32(${x}, ${y})`;
    // Negative powers of integers never get here: integer_pow's dtype rule rejects them, as JAX.
    return wrap(t, `h.integerPowInt(${x}, ${y})`);
  },
  population_count: ([x]) => `h.popcount32(${x})`,
  clz: ([x]) => `Math.clz32(${x})`,
  copy: ([x]) => x,

  // Binary
  add: ([x, y], [t]) => (t === "float32" ? `(${x} + ${y})` : wrap(t, `${x} + ${y}`)),
  sub: ([x, y], [t]) => (t === "float32" ? `(${x} - ${y})` : wrap(t, `${x} - ${y}`)),
  mul: ([x, y], [t]) => (t === "float32" ? `(${x} * ${y})` : wrap(t, `Math.imul(${x}, ${y})`)),
  div: ([x, y], [t]) =>
    t === "float32"
      ? `(${x} / ${y})`
      : t === "int32"
      ? `(${y} === 0 ? -1 : (${x} / ${y}) | 0)`
      : `(${y} === 0 ? 4294967295 : (${x} / ${y}) >>> 0)`,
  rem: ([x, y], [t]) =>
    t === "float32" ? `(${x} % ${y})` : `(${y} === 0 ? ${x} : ${wrap(t, `${x} % ${y}`)})`,
  pow: ([x, y]) => `h.powC(${x}, ${y})`,
  max: ([x, y]) => `Math.max(${x}, ${y})`,
  min: ([x, y]) => `Math.min(${x}, ${y})`,
  atan2: ([x, y]) => `Math.atan2(${x}, ${y})`,
  nextafter: ([x, y]) => `h.nextafter32(${x}, ${y})`,
  and: ([x, y], [t]) => wrap(t === "bool" ? "int32" : t, `${x} & ${y}`),
  or: ([x, y], [t]) => wrap(t === "bool" ? "int32" : t, `${x} | ${y}`),
  xor: ([x, y], [t]) => wrap(t === "bool" ? "int32" : t, `${x} ^ ${y}`),
  eq: ([x, y]) => `(${x} === ${y} ? 1 : 0)`,
  ne: ([x, y]) => `(${x} !== ${y} ? 1 : 0)`,
  lt: ([x, y]) => `(${x} < ${y} ? 1 : 0)`,
  le: ([x, y]) => `(${x} <= ${y} ? 1 : 0)`,
  gt: ([x, y]) => `(${x} > ${y} ? 1 : 0)`,
  ge: ([x, y]) => `(${x} >= ${y} ? 1 : 0)`,
  // Shift amounts outside [0, 32) give 0 (or the sign fill for arithmetic shifts), as in XLA.
  shift_left: ([x, y], [t]) => `((${y} >>> 0) >= 32 ? 0 : ${wrap(t, `${x} << ${y}`)})`,
  shift_right_logical: ([x, y], [t]) => `((${y} >>> 0) >= 32 ? 0 : ${wrap(t, `${x} >>> ${y}`)})`,
  shift_right_arithmetic: ([x, y], [t]) =>
    `((${y} >>> 0) >= 32 ? ${wrap(t, `(${x} | 0) >> 31`)} : ${wrap(t, `(${x} | 0) >> ${y}`)})`,

  // N-ary
  select_n: ([w, ...cases], [tw]) =>
    tw === "bool" || cases.length === 2
      ? `(${w} ? ${cases[1] ?? cases[0]} : ${cases[0]})`
      : cases.reduceRight(
        (acc, c, i) => `(${w} === ${i} ? ${c} : ${acc})`,
        cases[cases.length - 1],
      ),
  clamp: ([lo, x, hi]) => `Math.min(Math.max(${x}, ${lo}), ${hi})`,
  convert_element_type: ([x], [from], to) => convertExpr(x, from, to),
  bitcast_convert_type: () => {
    throw new Error("bitcast_convert_type has its own kernel");
  },
};

/** The expression converting one element from one dtype to another (XLA semantics). */
export function convertExpr(x: string, from: DType, to: DType): string {
  if (from === to) return x;
  if (to === "bool") return `(${x} !== 0 ? 1 : 0)`;
  if (to === "float32") return x;
  if (from === "float32") return to === "int32" ? `h.f32ToI32(${x})` : `h.f32ToU32(${x})`;
  return wrap(to, x);
}
