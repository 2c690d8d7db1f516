/**
 * WGSL expression templates for elementwise primitives, the counterparts of the CPU backend's
 * `expr.ts`: given WGSL expressions for the operands, each returns a WGSL expression computing
 * one element with XLA's semantics. Values are f32, i32 or u32; bool is u32 0/1.
 *
 * WGSL gives few guarantees about NaN and signed zeros (shader compilers may assume there are no
 * NaNs, WGSL's `max` does not propagate NaN, and `f32 % f32` is `x - y * trunc(x / y)`), so:
 * NaN tests are bit tests on `bitcast<u32>`, comparisons and max/min check NaN explicitly, fmod
 * is computed exactly on the bits, float→int conversions clamp explicitly, and functions outside
 * their domain return NaN by explicit checks. Integer ops match the CPU exactly (WGSL integer
 * arithmetic wraps). Transcendentals use WGSL built-ins where their accuracy suffices and
 * hand-written versions elsewhere (log1p, expm1, cbrt, erf, lgamma, …); the tests document the
 * tolerance of each against the CPU backend.
 */

import type { DType } from "../../dtype.ts";
import type { Params } from "../../core/primitive.ts";
import { HELPERS } from "./wgsl_helpers.ts";

export { HELPERS };

/** The WGSL scalar type of a dtype (bool is stored and computed as u32 0/1). */
export function wgslType(dtype: DType): "f32" | "i32" | "u32" {
  return dtype === "float32" ? "f32" : dtype === "int32" ? "i32" : "u32";
}

/** A WGSL literal of `dtype` for the JS number `v` (already a valid value of the dtype). */
export function wgslLiteral(v: number, dtype: DType): string {
  if (dtype === "float32") {
    if (Number.isNaN(v)) return "bitcast<f32>(0x7fc00000u)";
    if (v === Infinity) return "bitcast<f32>(0x7f800000u)";
    if (v === -Infinity) return "bitcast<f32>(0xff800000u)";
    if (Object.is(v, -0)) return "bitcast<f32>(0x80000000u)";
    const f = Math.fround(v);
    // Subnormals and extreme values as bits: WGSL literals must round-trip exactly.
    const b = new Uint32Array(new Float32Array([f]).buffer)[0];
    return `bitcast<f32>(0x${b.toString(16)}u)`;
  }
  if (dtype === "int32") {
    // -2147483648 is not a valid i32 literal in WGSL (the negation applies to 2147483648).
    return v === -2147483648 ? "i32(-2147483647 - 1)" : `${v | 0}i`;
  }
  return `${v >>> 0}u`;
}

/** Template context: the helper functions an expression needs are recorded in `need`. */
export interface ExprCtx {
  need(helper: string): void;
  /** Adds a generated helper function (its name must encode everything its code depends on). */
  define(name: string, code: string): void;
}

export type WgslTemplate = (
  args: string[],
  inDTypes: DType[],
  outDType: DType,
  params: Params,
  ctx: ExprCtx,
) => string;

const b2u = (cond: string) => `select(0u, 1u, ${cond})`;

/** A float-only unary op implemented by a helper function of the same name. */
const fhelper = (fn: string): WgslTemplate => ([x], _t, _o, _p, c) => {
  c.need(fn);
  return `${fn}(${x})`;
};

/** Comparisons: floats go through NaN-aware helpers, integers and bool compare directly. */
const compare = (op: string, helper: string): WgslTemplate => ([x, y], [t], _o, _p, c) => {
  if (t === "float32") {
    c.need(helper);
    return b2u(`${helper}(${x}, ${y})`);
  }
  return b2u(`(${x} ${op} ${y})`);
};

/** A shift whose amount (the second operand) is read as unsigned and must be < 32. */
const shiftAmount = (y: string, t: DType) => (t === "int32" ? `bitcast<u32>(${y})` : y);

export const wgslTemplates: Record<string, WgslTemplate> = {
  // Unary -----------------------------------------------------------------------------------
  neg: ([x], [t]) => (t === "uint32" ? `(0u - ${x})` : `(-${x})`),
  sign: ([x], [t], _o, _p, c) => {
    if (t === "float32") {
      c.need("f_sign");
      return `f_sign(${x})`;
    }
    return t === "int32" ? `sign(${x})` : b2u(`${x} > 0u`);
  },
  floor: ([x]) => `floor(${x})`,
  ceil: ([x]) => `ceil(${x})`,
  round: ([x], _t, _o, p, c) => {
    if (p.rounding_method === 1) return `round(${x})`;
    c.need("f_round_away");
    return `f_round_away(${x})`;
  },
  is_finite: ([x]) => b2u(`(bitcast<u32>(${x}) & 0x7f800000u) != 0x7f800000u`),
  exp: fhelper("f_exp"),
  exp2: fhelper("f_exp2"),
  log: fhelper("f_log"),
  log1p: fhelper("f_log1p"),
  expm1: fhelper("f_expm1"),
  tanh: fhelper("f_tanh"),
  logistic: fhelper("f_logistic"),
  sin: fhelper("f_sin"),
  cos: fhelper("f_cos"),
  tan: fhelper("f_tan"),
  asin: fhelper("f_asin"),
  acos: fhelper("f_acos"),
  atan: fhelper("f_atan"),
  sinh: fhelper("f_sinh"),
  cosh: fhelper("f_cosh"),
  asinh: fhelper("f_asinh"),
  acosh: fhelper("f_acosh"),
  atanh: fhelper("f_atanh"),
  sqrt: fhelper("f_sqrt"),
  rsqrt: fhelper("f_rsqrt"),
  cbrt: fhelper("f_cbrt"),
  abs: (
    [x],
    [t],
  ) => (t === "float32" ? `bitcast<f32>(bitcast<u32>(${x}) & 0x7fffffffu)` : `abs(${x})`),
  not: ([x], [t]) => (t === "bool" ? `(${x} ^ 1u)` : `(~${x})`),
  erf: fhelper("f_erf"),
  erfc: fhelper("f_erfc"),
  erf_inv: fhelper("f_erf_inv"),
  lgamma: fhelper("f_lgamma"),
  digamma: fhelper("f_digamma"),
  square: ([x]) => `(${x} * ${x})`,
  integer_pow: ([x], [t], _o, p, c) => integerPow(x, t, p.y as number, c),
  population_count: ([x], [t]) =>
    t === "int32" ? `i32(countOneBits(bitcast<u32>(${x})))` : `countOneBits(${x})`,
  clz: ([x], [t]) =>
    t === "int32" ? `i32(countLeadingZeros(bitcast<u32>(${x})))` : `countLeadingZeros(${x})`,
  copy: ([x]) => x,

  // Binary ----------------------------------------------------------------------------------
  add: ([x, y], [t], _o, _p, c) => {
    if (t === "float32" && (isZeroLiteral(x) || isZeroLiteral(y))) {
      // Compilers fold `x + 0.0` to `x`, which is wrong for x = -0 (IEEE gives +0).
      c.need("f_plus_zero");
      return `f_plus_zero(${isZeroLiteral(x) ? y : x})`;
    }
    return `(${x} + ${y})`;
  },
  sub: ([x, y]) => `(${x} - ${y})`,
  mul: ([x, y]) => `(${x} * ${y})`,
  div: ([x, y], [t], _o, _p, c) => {
    if (t === "float32") {
      c.need("f_div");
      return `f_div(${x}, ${y})`;
    }
    c.need(t === "int32" ? "i_div" : "u_div");
    return `${t === "int32" ? "i_div" : "u_div"}(${x}, ${y})`;
  },
  rem: ([x, y], [t], _o, _p, c) => {
    const fn = t === "float32" ? "f_fmod" : t === "int32" ? "i_rem" : "u_rem";
    c.need(fn);
    return `${fn}(${x}, ${y})`;
  },
  pow: ([x, y], _t, _o, _p, c) => {
    c.need("f_pow");
    return `f_pow(${x}, ${y})`;
  },
  max: ([x, y], [t], _o, _p, c) => {
    if (t !== "float32") return `max(${x}, ${y})`;
    c.need("f_max");
    return `f_max(${x}, ${y})`;
  },
  min: ([x, y], [t], _o, _p, c) => {
    if (t !== "float32") return `min(${x}, ${y})`;
    c.need("f_min");
    return `f_min(${x}, ${y})`;
  },
  atan2: ([x, y], _t, _o, _p, c) => {
    c.need("f_atan2");
    return `f_atan2(${x}, ${y})`;
  },
  nextafter: ([x, y], _t, _o, _p, c) => {
    c.need("f_nextafter");
    return `f_nextafter(${x}, ${y})`;
  },
  and: ([x, y]) => `(${x} & ${y})`,
  or: ([x, y]) => `(${x} | ${y})`,
  xor: ([x, y]) => `(${x} ^ ${y})`,
  eq: compare("==", "f_eq"),
  ne: ([x, y], [t], _o, _p, c) => {
    if (t === "float32") {
      c.need("f_eq");
      return b2u(`!f_eq(${x}, ${y})`);
    }
    return b2u(`(${x} != ${y})`);
  },
  lt: compare("<", "f_lt"),
  le: compare("<=", "f_le"),
  gt: ([x, y], [t], o, p, c) =>
    compare(">", "f_lt")(t === "float32" ? [y, x] : [x, y], [t], o, p, c),
  ge: ([x, y], [t], o, p, c) =>
    compare(">=", "f_le")(t === "float32" ? [y, x] : [x, y], [t], o, p, c),
  shift_left: ([x, y], [t]) => {
    const s = shiftAmount(y, t);
    return `select(${x} << (${s} & 31u), ${t === "int32" ? "0i" : "0u"}, ${s} >= 32u)`;
  },
  shift_right_logical: ([x, y], [t]) => {
    const s = shiftAmount(y, t);
    if (t === "int32") {
      return `select(bitcast<i32>(bitcast<u32>(${x}) >> (${s} & 31u)), 0i, ${s} >= 32u)`;
    }
    return `select(${x} >> (${s} & 31u), 0u, ${s} >= 32u)`;
  },
  shift_right_arithmetic: ([x, y], [t]) => {
    const s = shiftAmount(y, t);
    const xi = t === "int32" ? x : `bitcast<i32>(${x})`;
    const e = `(${xi} >> min(${s}, 31u))`;
    return t === "int32" ? e : `bitcast<u32>${e}`;
  },

  // N-ary -----------------------------------------------------------------------------------
  select_n: ([w, ...cases], [tw]) => {
    if (cases.length === 1) return cases[0];
    if (tw === "bool" || cases.length === 2) {
      const cond = tw === "bool" ? `${w} != 0u` : `${w} != 0i`;
      return `select(${cases[0]}, ${cases[1]}, ${cond})`;
    }
    let acc = cases[cases.length - 1];
    for (let i = cases.length - 2; i >= 0; i--) acc = `select(${acc}, ${cases[i]}, ${w} == ${i}i)`;
    return acc;
  },
  clamp: ([lo, x, hi], [t], _o, _p, c) => {
    if (t !== "float32") return `min(max(${x}, ${lo}), ${hi})`;
    c.need("f_max");
    c.need("f_min");
    return `f_min(f_max(${x}, ${lo}), ${hi})`;
  },
  convert_element_type: ([x], [from], to, _p, c) => convertWgsl(x, from, to, c),
  bitcast_convert_type: ([x], [from], to) =>
    wgslType(from) === wgslType(to) ? x : `bitcast<${wgslType(to)}>(${x})`,
};

function isZeroLiteral(s: string): boolean {
  return s === "bitcast<f32>(0x0u)";
}

/**
 * x ** y for a static integer y by repeated squaring, in the order of the CPU's integerPowF32 so
 * float32 results agree exactly; generated as a helper function per (dtype, y).
 */
function integerPow(x: string, t: DType, y: number, c: ExprCtx): string {
  const T = wgslType(t);
  const one = t === "float32" ? "1.0" : t === "int32" ? "1i" : "1u";
  if (y === 0) return one;
  if (y === 1) return x;
  const name = `ipow_${T}_${y < 0 ? "m" : ""}${Math.abs(y)}`;
  const lines = [`fn ${name}(x: ${T}) -> ${T} {`, `  var base = x;`];
  let n = Math.abs(y), first = true;
  while (n > 0) {
    if (n & 1) lines.push(first ? `  var acc = base;` : `  acc = acc * base;`);
    if (n & 1) first = false;
    n >>>= 1;
    if (n > 0) lines.push(`  base = base * base;`);
  }
  if (y > 0) lines.push(`  return acc;`);
  else if (t === "float32") {
    c.need("f_div");
    lines.push(`  return f_div(1.0, acc);`);
  } // Integer negative powers: 1 / x^|y| in integer division (XLA); x^|y| = 0 gives -1; for
  // uint32 the power is unsigned, so only 1 and 0 give nonzero results.
  else if (t === "int32") {
    lines.push(`  return select(select(0i, acc, abs(acc) == 1i), -1i, acc == 0i);`);
  } else {
    lines.push(
      `  return select(select(0u, acc, acc == 1u), 0xffffffffu, acc == 0u);`,
    );
  }
  lines.push("}");
  c.define(name, lines.join("\n"));
  return `${name}(${x})`;
}

/** The expression converting one element between dtypes (XLA semantics, as the CPU backend). */
export function convertWgsl(x: string, from: DType, to: DType, c: ExprCtx): string {
  if (from === to) return x;
  if (to === "bool") {
    if (from === "float32") return b2u(`(bitcast<u32>(${x}) & 0x7fffffffu) != 0u`);
    return b2u(`${x} != ${from === "int32" ? "0i" : "0u"}`);
  }
  if (to === "float32") return `f32(${x})`;
  if (from === "float32") {
    const fn = to === "int32" ? "f_to_i32" : "f_to_u32";
    c.need(fn);
    return `${fn}(${x})`;
  }
  if (from === "bool") return to === "int32" ? `i32(${x})` : x;
  return `bitcast<${wgslType(to)}>(${x})`;
}
