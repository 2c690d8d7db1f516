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
export const neg_p: Primitive = unop("neg", NUM);
export const sign_p: Primitive = unop("sign", NUM);
export const floor_p: Primitive = unop("floor", FLOAT_ONLY);
export const ceil_p: Primitive = unop("ceil", FLOAT_ONLY);
/** round: params.rounding_method 0 = half away from zero (lax default), 1 = half to even. */
export const round_p: Primitive = unop("round", FLOAT_ONLY);
export const is_finite_p: Primitive = unop("is_finite", FLOAT_ONLY, "bool");
export const exp_p: Primitive = unop("exp", FLOAT_ONLY);
export const exp2_p: Primitive = unop("exp2", FLOAT_ONLY);
export const log_p: Primitive = unop("log", FLOAT_ONLY);
export const log1p_p: Primitive = unop("log1p", FLOAT_ONLY);
export const expm1_p: Primitive = unop("expm1", FLOAT_ONLY);
export const tanh_p: Primitive = unop("tanh", FLOAT_ONLY);
export const logistic_p: Primitive = unop("logistic", FLOAT_ONLY);
export const sin_p: Primitive = unop("sin", FLOAT_ONLY);
export const cos_p: Primitive = unop("cos", FLOAT_ONLY);
export const tan_p: Primitive = unop("tan", FLOAT_ONLY);
export const asin_p: Primitive = unop("asin", FLOAT_ONLY);
export const acos_p: Primitive = unop("acos", FLOAT_ONLY);
export const atan_p: Primitive = unop("atan", FLOAT_ONLY);
export const sinh_p: Primitive = unop("sinh", FLOAT_ONLY);
export const cosh_p: Primitive = unop("cosh", FLOAT_ONLY);
export const asinh_p: Primitive = unop("asinh", FLOAT_ONLY);
export const acosh_p: Primitive = unop("acosh", FLOAT_ONLY);
export const atanh_p: Primitive = unop("atanh", FLOAT_ONLY);
export const sqrt_p: Primitive = unop("sqrt", FLOAT_ONLY);
export const rsqrt_p: Primitive = unop("rsqrt", FLOAT_ONLY);
export const cbrt_p: Primitive = unop("cbrt", FLOAT_ONLY);
export const abs_p: Primitive = unop("abs", SIGNED_OR_FLOAT);
/** Logical not for bool, bitwise not for integers. */
export const not_p: Primitive = unop("not", BOOL_OR_INT);
export const erf_p: Primitive = unop("erf", FLOAT_ONLY);
export const erfc_p: Primitive = unop("erfc", FLOAT_ONLY);
/** Inverse error function; float32 uses XLA's Giles polynomial (see jax_semantics.md §A.4). */
export const erf_inv_p: Primitive = unop("erf_inv", FLOAT_ONLY);
export const lgamma_p: Primitive = unop("lgamma", FLOAT_ONLY);
export const digamma_p: Primitive = unop("digamma", FLOAT_ONLY);
export const square_p: Primitive = unop("square", NUM);
/** x ** y for a static integer y (params.y), by repeated squaring as XLA does. */
export const integer_pow_p: Primitive = unop("integer_pow", NUM);
{
  const shapeRule = integer_pow_p.abstractEval;
  integer_pow_p.abstractEval = (avals, params) => {
    const y = params.y as number;
    if (y < 0 && avals[0].dtype !== "float32") {
      throw new TypeError(
        `Integers cannot be raised to negative powers, got integer_pow(x, ${y})`,
      );
    }
    return shapeRule(avals, params);
  };
}
export const population_count_p: Primitive = unop("population_count", INT);
export const clz_p: Primitive = unop("clz", INT);
/** Identity; marks a copy in jaxprs (jnp.array(x, copy=True), transposes of identities). */
export const copy_p: Primitive = unop("copy", ANY);

// Binary ------------------------------------------------------------------------------------
export const add_p: Primitive = naryop("add", NUM);
export const sub_p: Primitive = naryop("sub", NUM);
export const mul_p: Primitive = naryop("mul", NUM);
export const div_p: Primitive = naryop("div", NUM);
/** Remainder with the sign of the dividend (C's fmod), as XLA's rem. */
export const rem_p: Primitive = naryop("rem", NUM);
export const pow_p: Primitive = naryop("pow", FLOAT_ONLY);
export const max_p: Primitive = naryop("max", ANY);
export const min_p: Primitive = naryop("min", ANY);
export const atan2_p: Primitive = naryop("atan2", FLOAT_ONLY);
export const nextafter_p: Primitive = naryop("nextafter", FLOAT_ONLY);
export const and_p: Primitive = naryop("and", BOOL_OR_INT);
export const or_p: Primitive = naryop("or", BOOL_OR_INT);
export const xor_p: Primitive = naryop("xor", BOOL_OR_INT);
export const eq_p: Primitive = naryop("eq", ANY, "bool");
export const ne_p: Primitive = naryop("ne", ANY, "bool");
export const lt_p: Primitive = naryop("lt", ORDERED, "bool");
export const le_p: Primitive = naryop("le", ORDERED, "bool");
export const gt_p: Primitive = naryop("gt", ORDERED, "bool");
export const ge_p: Primitive = naryop("ge", ORDERED, "bool");
export const shift_left_p: Primitive = naryop("shift_left", INT);
export const shift_right_logical_p: Primitive = naryop("shift_right_logical", INT);
export const shift_right_arithmetic_p: Primitive = naryop("shift_right_arithmetic", INT);

// select_n and clamp ------------------------------------------------------------------------

/**
 * select_n(which, ...cases): picks cases[which] elementwise. `which` is bool (false → cases[0])
 * or int32; it is either rank 0 or the shape of the cases, which all share shape and dtype.
 */
export const select_n_p: Primitive = definePrimitive("select_n");
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
export const clamp_p: Primitive = definePrimitive("clamp");
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
export const convert_element_type_p: Primitive = definePrimitive("convert_element_type");
convert_element_type_p.abstractEval = ([x], params) => [
  aval(x.shape, params.new_dtype as DType, params.weak_type as boolean),
];
convert_element_type_p.ppParams = (params: Params) => [
  ["new_dtype", String(params.new_dtype)],
  ["sharding", "None"],
  ["weak_type", params.weak_type ? "True" : "False"],
];

/** bitcast_convert_type: reinterprets the bits (all our dtypes but bool are 32-bit). */
export const bitcast_convert_type_p: Primitive = definePrimitive("bitcast_convert_type");
bitcast_convert_type_p.abstractEval = ([x], params) => {
  const to = canonicalizeDType(params.new_dtype);
  if (x.dtype === "bool" || to === "bool") {
    throw new TypeError("bitcast_convert_type does not support bool operands or results.");
  }
  return [aval(x.shape, to, false)];
};
