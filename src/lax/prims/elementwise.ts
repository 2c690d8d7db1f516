/**
 * Elementwise primitives: unary and binary math, comparisons, bitwise ops, select_n, clamp and
 * dtype conversions. Binary and n-ary ones broadcast as lax does: rank-0 operands broadcast
 * against anything, others must share a rank and agree on each axis or be 1.
 *
 * Semantics on every backend (XLA's): integer arithmetic wraps modulo 2^32; integer division
 * truncates toward zero, x / 0 is -1 for int32 (all ones for uint32) and INT_MIN / -1 is INT_MIN;
 * x rem 0 is x; float→int conversion truncates, saturates and maps NaN to 0.
 */

import type { ShapedArray } from "../../core/aval.ts";
import { definePrimitive, type Params, type Primitive } from "../../core/primitive.ts";
import { canonicalizeDType, type DType } from "../../dtype.ts";
import {
  allWeak,
  ANY,
  aval,
  BOOL_OR_INT,
  broadcastingShape,
  checkDType,
  checkSameDTypes,
  type DTypeClass,
  FLOAT,
  INT,
  NUM,
  ORDERED,
  SIGNED_OR_FLOAT,
} from "./util.ts";

/** Defines a unary primitive whose output has the operand's shape. */
function unop(name: string, classes: DTypeClass[], resultDType?: DType): Primitive {
  const p = definePrimitive(name);
  p.abstractEval = ([x]) => {
    checkDType(name, classes, x.dtype);
    if (resultDType) return [aval(x.shape, resultDType, false)];
    return [x];
  };
  return p;
}

/** Defines a binary (or n-ary) primitive whose operands share a dtype. */
function naryop(name: string, classes: DTypeClass[], resultDType?: DType): Primitive {
  const p = definePrimitive(name);
  p.abstractEval = (avals) => {
    for (let i = 0; i < avals.length; i++) checkDType(name, classes, avals[i].dtype, i);
    checkSameDTypes(name, avals);
    const shape = broadcastingShape(name, avals);
    if (resultDType) return [aval(shape, resultDType, false)];
    return [aval(shape, avals[0].dtype, allWeak(avals))];
  };
  return p;
}

const FLOAT_ONLY = FLOAT;

// Unary -------------------------------------------------------------------------------------
export const neg_p = unop("neg", NUM);
export const sign_p = unop("sign", NUM);
export const floor_p = unop("floor", FLOAT_ONLY);
export const ceil_p = unop("ceil", FLOAT_ONLY);
/** round: params.rounding_method 0 = half away from zero (lax default), 1 = half to even. */
export const round_p = unop("round", FLOAT_ONLY);
export const is_finite_p = unop("is_finite", FLOAT_ONLY, "bool");
export const exp_p = unop("exp", FLOAT_ONLY);
export const exp2_p = unop("exp2", FLOAT_ONLY);
export const log_p = unop("log", FLOAT_ONLY);
export const log1p_p = unop("log1p", FLOAT_ONLY);
export const expm1_p = unop("expm1", FLOAT_ONLY);
export const tanh_p = unop("tanh", FLOAT_ONLY);
export const logistic_p = unop("logistic", FLOAT_ONLY);
export const sin_p = unop("sin", FLOAT_ONLY);
export const cos_p = unop("cos", FLOAT_ONLY);
export const tan_p = unop("tan", FLOAT_ONLY);
export const asin_p = unop("asin", FLOAT_ONLY);
export const acos_p = unop("acos", FLOAT_ONLY);
export const atan_p = unop("atan", FLOAT_ONLY);
export const sinh_p = unop("sinh", FLOAT_ONLY);
export const cosh_p = unop("cosh", FLOAT_ONLY);
export const asinh_p = unop("asinh", FLOAT_ONLY);
export const acosh_p = unop("acosh", FLOAT_ONLY);
export const atanh_p = unop("atanh", FLOAT_ONLY);
export const sqrt_p = unop("sqrt", FLOAT_ONLY);
export const rsqrt_p = unop("rsqrt", FLOAT_ONLY);
export const cbrt_p = unop("cbrt", FLOAT_ONLY);
export const abs_p = unop("abs", SIGNED_OR_FLOAT);
/** Logical not for bool, bitwise not for integers. */
export const not_p = unop("not", BOOL_OR_INT);
export const erf_p = unop("erf", FLOAT_ONLY);
export const erfc_p = unop("erfc", FLOAT_ONLY);
/** Inverse error function; float32 uses XLA's Giles polynomial (see jax_semantics.md §A.4). */
export const erf_inv_p = unop("erf_inv", FLOAT_ONLY);
export const lgamma_p = unop("lgamma", FLOAT_ONLY);
export const digamma_p = unop("digamma", FLOAT_ONLY);
export const square_p = unop("square", NUM);
/** x ** y for a static integer y (params.y), by repeated squaring as XLA does. */
export const integer_pow_p = unop("integer_pow", NUM);
export const population_count_p = unop("population_count", INT);
export const clz_p = unop("clz", INT);
/** Identity; marks a copy in jaxprs (jnp.array(x, copy=True), transposes of identities). */
export const copy_p = unop("copy", ANY);

// Binary ------------------------------------------------------------------------------------
export const add_p = naryop("add", NUM);
export const sub_p = naryop("sub", NUM);
export const mul_p = naryop("mul", NUM);
export const div_p = naryop("div", NUM);
/** Remainder with the sign of the dividend (C's fmod), as XLA's rem. */
export const rem_p = naryop("rem", NUM);
export const pow_p = naryop("pow", FLOAT_ONLY);
export const max_p = naryop("max", ANY);
export const min_p = naryop("min", ANY);
export const atan2_p = naryop("atan2", FLOAT_ONLY);
export const nextafter_p = naryop("nextafter", FLOAT_ONLY);
export const and_p = naryop("and", BOOL_OR_INT);
export const or_p = naryop("or", BOOL_OR_INT);
export const xor_p = naryop("xor", BOOL_OR_INT);
export const eq_p = naryop("eq", ANY, "bool");
export const ne_p = naryop("ne", ANY, "bool");
export const lt_p = naryop("lt", ORDERED, "bool");
export const le_p = naryop("le", ORDERED, "bool");
export const gt_p = naryop("gt", ORDERED, "bool");
export const ge_p = naryop("ge", ORDERED, "bool");
export const shift_left_p = naryop("shift_left", INT);
export const shift_right_logical_p = naryop("shift_right_logical", INT);
export const shift_right_arithmetic_p = naryop("shift_right_arithmetic", INT);

// select_n and clamp ------------------------------------------------------------------------

/**
 * select_n(which, ...cases): picks cases[which] elementwise. `which` is bool (false → cases[0])
 * or int32; it is either rank 0 or the shape of the cases, which all share shape and dtype.
 */
export const select_n_p = definePrimitive("select_n");
select_n_p.abstractEval = ([which, ...cases]) => {
  if (cases.length === 0) throw new TypeError("select_n must have at least one case");
  if (which.dtype !== "bool" && which.dtype !== "int32") {
    throw new TypeError(`select_n which must be boolean or int32, got ${which.dtype}`);
  }
  if (which.dtype === "bool" && cases.length > 2) {
    throw new TypeError("select_n with boolean which cannot have more than two cases");
  }
  const c0 = cases[0];
  for (const c of cases) {
    if (c.shape.join() !== c0.shape.join()) {
      throw new TypeError(
        `select_n cases must have the same shapes, got [${cases.map((c) => `(${c.shape})`)}].`,
      );
    }
  }
  checkSameDTypes("select_n", cases);
  if (which.ndim !== 0 && which.shape.join() !== c0.shape.join()) {
    throw new TypeError(
      `select_n which must be scalar or have the same shape as cases, got which shape ` +
        `(${which.shape}) but case shape (${c0.shape}).`,
    );
  }
  return [aval(c0.shape, c0.dtype, allWeak(cases))];
};

/** clamp(lo, x, hi) = min(max(x, lo), hi); lo and hi are rank 0 or x's shape. */
export const clamp_p = definePrimitive("clamp");
clamp_p.abstractEval = ([lo, x, hi]) => {
  checkDType("clamp", ORDERED, x.dtype);
  checkSameDTypes("clamp", [lo, x, hi]);
  for (const [b, what] of [[lo, "min"], [hi, "max"]] as [ShapedArray, string][]) {
    if (b.ndim !== 0 && b.shape.join() !== x.shape.join()) {
      throw new TypeError(
        `clamp requires ${what}.shape == operand.shape or ${what}.shape == (), got ` +
          `(${b.shape}).`,
      );
    }
  }
  return [x];
};

// Conversions -------------------------------------------------------------------------------

/** convert_element_type: params.new_dtype, params.weak_type. */
export const convert_element_type_p = definePrimitive("convert_element_type");
convert_element_type_p.abstractEval = ([x], params) => [
  aval(x.shape, params.new_dtype as DType, params.weak_type as boolean),
];
convert_element_type_p.ppParams = (params: Params) => [
  ["new_dtype", String(params.new_dtype)],
  ["sharding", "None"],
  ["weak_type", params.weak_type ? "True" : "False"],
];

/** bitcast_convert_type: reinterprets the bits (all our dtypes but bool are 32-bit). */
export const bitcast_convert_type_p = definePrimitive("bitcast_convert_type");
bitcast_convert_type_p.abstractEval = ([x], params) => {
  const to = canonicalizeDType(params.new_dtype);
  if (x.dtype === "bool" || to === "bool") {
    throw new TypeError("bitcast_convert_type does not support bool operands or results.");
  }
  return [aval(x.shape, to, false)];
};
