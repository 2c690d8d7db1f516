/** JVP, transpose and batching rules of the elementwise primitives. */

import type { DeviceArray } from "../../core/array.ts";
import type { Params, Primitive } from "../../core/primitive.ts";
import { bind, bind1 } from "../../core/trace.ts";
import { isFloat } from "../../dtype.ts";
import * as lax from "../lax.ts";
import * as P from "../prims/index.ts";
import { add_any_p, addTangents } from "../../interpreters/ad.ts";
import { trigamma } from "./trigamma.ts";
import {
  batchElementwiseOperands,
  broadcastToShape,
  constLike,
  instantiate,
  isZero,
  moveaxis,
  type Tangent,
  unbroadcastT,
  UndefPrimal,
  Zero,
  zeros,
} from "./util.ts";

type Partial = (g: DeviceArray, ans: DeviceArray, ...primals: DeviceArray[]) => DeviceArray;

/**
 * Defines a JVP from one partial-derivative function per operand (JAX's `defjvp2`): each maps
 * the operand's tangent (broadcast to the output shape), the output and the primals to that
 * operand's contribution. Operands with zero tangents contribute nothing.
 */
function defjvp(prim: Primitive, ...partials: (Partial | null)[]): void {
  prim.jvp = (primals, tangents, params) => {
    const ans = bind1(prim, primals, params);
    if (!isFloat(ans.dtype)) return [[ans], [new Zero(ans.aval.withWeak(false))]];
    let out: Tangent = new Zero(ans.aval.withWeak(false));
    tangents.forEach((t, i) => {
      if (isZero(t)) return;
      const f = partials[i];
      if (!f) return;
      out = addTangents(out, f(broadcastToShape(t, ans.shape), ans, ...primals));
    });
    return [[ans], [out]];
  };
}

/** Primitives with integer/bool outputs or zero derivative everywhere: tangents are zero. */
function defzero(prim: Primitive): void {
  prim.jvp = (primals, _t, params) => {
    const outs = bind(prim, primals, params);
    return [outs, outs.map((o) => new Zero(o.aval.withWeak(false)))];
  };
}

/** Batching for elementwise primitives: one batched application. */
function defbroadcasting(prim: Primitive): void {
  prim.batch = (args, dims, params, size) => [
    bind(prim, batchElementwiseOperands(args, dims, size), params),
    [0],
  ];
}

const mul = lax.mul, div = lax.div, neg = lax.neg, sub = lax.sub, add = lax.add;
const one = (x: DeviceArray) => constLike(x, 1);

// Unary ----------------------------------------------------------------------------------------

defjvp(P.exp_p, (g, ans) => mul(g, ans));
defjvp(P.exp2_p, (g, ans) => mul(g, mul(ans, constLike(ans, Math.LN2))));
defjvp(P.log_p, (g, _a, x) => div(g, x));
defjvp(P.log1p_p, (g, _a, x) => div(g, add(x, one(x))));
defjvp(P.expm1_p, (g, ans) => mul(g, add(ans, one(ans))));
defjvp(P.tanh_p, (g, ans) => mul(g, sub(one(ans), lax.square(ans))));
defjvp(P.logistic_p, (g, ans) => mul(g, mul(ans, sub(one(ans), ans))));
defjvp(P.sin_p, (g, _a, x) => mul(g, lax.cos(x)));
defjvp(P.cos_p, (g, _a, x) => neg(mul(g, lax.sin(x))));
defjvp(P.tan_p, (g, ans) => mul(g, add(one(ans), lax.square(ans))));
defjvp(P.asin_p, (g, _a, x) => mul(g, lax.rsqrt(sub(one(x), lax.square(x)))));
defjvp(P.acos_p, (g, _a, x) => neg(mul(g, lax.rsqrt(sub(one(x), lax.square(x))))));
defjvp(P.atan_p, (g, _a, x) => div(g, add(one(x), lax.square(x))));
defjvp(P.sinh_p, (g, _a, x) => mul(g, lax.cosh(x)));
defjvp(P.cosh_p, (g, _a, x) => mul(g, lax.sinh(x)));
defjvp(P.asinh_p, (g, _a, x) => mul(g, lax.rsqrt(add(lax.square(x), one(x)))));
defjvp(P.acosh_p, (g, _a, x) => mul(g, lax.rsqrt(mul(sub(x, one(x)), add(x, one(x))))));
defjvp(P.atanh_p, (g, _a, x) => div(g, sub(one(x), lax.square(x))));
defjvp(P.sqrt_p, (g, ans) => div(mul(g, constLike(ans, 0.5)), ans));
defjvp(P.rsqrt_p, (g, ans, x) => mul(g, mul(constLike(ans, -0.5), div(ans, x))));
defjvp(P.cbrt_p, (g, ans) => mul(mul(g, constLike(ans, 1 / 3)), lax.integerPow(ans, -2)));
// JAX's rule: +g where x >= 0, so the derivative at 0 is 1 (not sign(0) = 0).
defjvp(P.abs_p, (g, _a, x) => lax.select(lax.ge(x, constLike(x, 0)), g, neg(g)));
defjvp(
  P.erf_p,
  (g, _a, x) => mul(g, mul(constLike(x, 2 / Math.sqrt(Math.PI)), lax.exp(neg(lax.square(x))))),
);
defjvp(
  P.erfc_p,
  (g, _a, x) => mul(g, mul(constLike(x, -2 / Math.sqrt(Math.PI)), lax.exp(neg(lax.square(x))))),
);
defjvp(
  P.erf_inv_p,
  (g, ans) => mul(g, mul(constLike(ans, Math.sqrt(Math.PI) / 2), lax.exp(lax.square(ans)))),
);
defjvp(P.lgamma_p, (g, _a, x) => mul(g, lax.digamma(x)));
defjvp(P.digamma_p, (g, _a, x) => mul(g, trigamma(x)));
defjvp(P.square_p, (g, _a, x) => mul(g, mul(constLike(x, 2), x)));
defjvp(P.neg_p, (g) => neg(g));
defjvp(P.copy_p, (g) => g);
P.integer_pow_p.jvp = (primals, [t], params) => {
  const [x] = primals;
  const ans = bind1(P.integer_pow_p, [x], params);
  const y = params.y as number;
  if (isZero(t) || !isFloat(x.dtype) || y === 0) {
    return [[ans], [new Zero(ans.aval.withWeak(false))]];
  }
  const d = y === 1 ? constLike(x, 1) : mul(constLike(x, y), lax.integerPow(x, y - 1));
  return [[ans], [mul(t, d)]];
};
for (
  const p of [
    P.sign_p,
    P.floor_p,
    P.ceil_p,
    P.round_p,
    P.is_finite_p,
    P.not_p,
    P.population_count_p,
    P.clz_p,
  ]
) defzero(p);

// Binary ---------------------------------------------------------------------------------------

/**
 * The binary primitives given zero tangents: comparisons, bitwise logic and shifts (bool or
 * integer outputs). They batch like every other binary primitive.
 */
const ZERO_DERIVATIVE_BINARY: readonly Primitive[] = [
  P.and_p,
  P.or_p,
  P.xor_p,
  P.eq_p,
  P.ne_p,
  P.lt_p,
  P.le_p,
  P.gt_p,
  P.ge_p,
  P.shift_left_p,
  P.shift_right_logical_p,
  P.shift_right_arithmetic_p,
];

defjvp(P.add_p, (g) => g, (g) => g);
defjvp(P.sub_p, (g) => g, (g) => neg(g));
defjvp(P.mul_p, (g, _a, _x, y) => mul(g, y), (g, _a, x) => mul(x, g));
defjvp(
  P.div_p,
  (g, _a, _x, y) => div(g, y),
  (g, _a, x, y) => mul(mul(neg(g), x), lax.integerPow(y, -2)),
);
defjvp(
  P.rem_p,
  (g) => g,
  (g, _a, x, y) => mul(neg(g), mul(lax.sign(div(x, y)), lax.floor(lax.abs(div(x, y))))),
);
defjvp(
  P.pow_p,
  // d/dx x^y = y x^(y-1), taken as 0 where y == 0 (so 0^0 has derivative 0, as JAX).
  (g, _a, x, y) => {
    const jac = mul(y, lax.pow(x, sub(y, one(y))));
    const zeros = lax.broadcast(constLike(jac, 0), jac.shape);
    return mul(g, lax.select(lax.eq(y, constLike(y, 0)), zeros, jac));
  },
  // d/dy x^y = log(x) x^y, taken as 0 where x == 0.
  (g, ans, x) => {
    const ones = lax.broadcast(one(x), x.shape);
    const safeLog = lax.log(lax.select(lax.eq(x, constLike(x, 0)), ones, x));
    return mul(g, mul(safeLog, ans));
  },
);
/** 1 where x is the extreme and y is not, ½ where they tie (JAX's balanced derivative). */
function balancedEq(x: DeviceArray, ans: DeviceArray, y: DeviceArray): DeviceArray {
  const xe = lax.convertElementType(lax.eq(x, ans), ans.dtype);
  const ye = lax.convertElementType(lax.eq(y, ans), ans.dtype);
  return div(xe, add(one(ans), ye));
}
defjvp(
  P.max_p,
  (g, ans, x, y) => mul(g, balancedEq(x, ans, y)),
  (g, ans, x, y) => mul(g, balancedEq(y, ans, x)),
);
defjvp(
  P.min_p,
  (g, ans, x, y) => mul(g, balancedEq(x, ans, y)),
  (g, ans, x, y) => mul(g, balancedEq(y, ans, x)),
);
defjvp(
  P.atan2_p,
  (g, _a, x, y) => mul(g, div(y, add(lax.square(x), lax.square(y)))),
  (g, _a, x, y) => mul(g, div(neg(x), add(lax.square(x), lax.square(y)))),
);
for (const p of [...ZERO_DERIVATIVE_BINARY, P.bitcast_convert_type_p]) defzero(p);
// nextafter has no derivative rule in JAX either: differentiating it raises NotImplementedError.

add_any_p.jvp = ([x, y], [tx, ty]) => [[addAny(x, y)], [addTangents(tx, ty)]];

function addAny(x: DeviceArray, y: DeviceArray): DeviceArray {
  return bind1(add_any_p, [x, y], {});
}

// select_n, clamp, conversions -------------------------------------------------------------

P.select_n_p.jvp = ([which, ...cases], [_tw, ...tcases], params) => {
  const ans = bind1(P.select_n_p, [which, ...cases], params);
  if (tcases.every(isZero) || !isFloat(ans.dtype)) {
    return [[ans], [new Zero(ans.aval.withWeak(false))]];
  }
  const ts = tcases.map((t) => instantiate(t));
  return [[ans], [bind1(P.select_n_p, [which, ...ts], params)]];
};

P.clamp_p.jvp = ([lo, x, hi], [tlo, tx, thi], params) => {
  const ans = bind1(P.clamp_p, [lo, x, hi], params);
  let out: Tangent = new Zero(ans.aval.withWeak(false));
  // Full-shape zeros: select_n's cases must share the output's shape.
  const zero = zeros(ans.aval.withWeak(false));
  if (!isZero(tx)) {
    const inside = lax.bitwiseAnd(lax.gt(x, lo), lax.lt(x, hi));
    out = addTangents(out, lax.select(inside, tx, zero));
  }
  if (!isZero(tlo)) {
    // JAX's rule: lo's tangent passes only where lo > x and lo < hi (where lo >= hi the result
    // is hi, and neither bound gets the tangent).
    const fromLo = lax.bitwiseAnd(lax.gt(lo, x), lax.lt(lo, hi));
    out = addTangents(out, lax.select(fromLo, broadcastToShape(tlo, ans.shape), zero));
  }
  if (!isZero(thi)) {
    out = addTangents(out, lax.select(lax.gt(x, hi), broadcastToShape(thi, ans.shape), zero));
  }
  return [[ans], [out]];
};

P.convert_element_type_p.jvp = ([x], [t], params) => {
  const ans = bind1(P.convert_element_type_p, [x], params);
  if (isZero(t) || !isFloat(ans.dtype) || !isFloat(x.dtype)) {
    return [[ans], [new Zero(ans.aval.withWeak(false))]];
  }
  return [[ans], [bind1(P.convert_element_type_p, [t], { ...params, weak_type: false })]];
};

// Transposes of the linear ones ----------------------------------------------------------------

function linearUnary(prim: Primitive, f: (ct: DeviceArray, params: Params) => DeviceArray): void {
  prim.transpose = ([ct], [x]) => [isZero(ct) ? new Zero(x.aval) : f(ct, {})];
}
linearUnary(P.neg_p, (ct) => neg(ct));
linearUnary(P.copy_p, (ct) => ct);

P.add_p.transpose = ([ct], [x, y]) => [
  x instanceof UndefPrimal ? unbroadcastT(ct, x.aval) : null,
  y instanceof UndefPrimal ? unbroadcastT(ct, y.aval) : null,
];
add_any_p.transpose = ([ct], [x, y]) => [
  x instanceof UndefPrimal ? ct : null,
  y instanceof UndefPrimal ? ct : null,
];
P.sub_p.transpose = ([ct], [x, y]) => [
  x instanceof UndefPrimal ? unbroadcastT(ct, x.aval) : null,
  y instanceof UndefPrimal ? unbroadcastT(isZero(ct) ? ct : neg(ct), y.aval) : null,
];
P.mul_p.transpose = ([ct], [x, y]) => {
  if (x instanceof UndefPrimal && y instanceof UndefPrimal) {
    throw new Error("mul is not linear in both operands");
  }
  if (x instanceof UndefPrimal) {
    return [unbroadcastT(isZero(ct) ? ct : mul(ct, y as DeviceArray), x.aval), null];
  }
  return [null, unbroadcastT(isZero(ct) ? ct : mul(x as DeviceArray, ct), (y as UndefPrimal).aval)];
};
P.div_p.transpose = ([ct], [x, y]) => {
  if (y instanceof UndefPrimal) throw new Error("div is not linear in its divisor");
  return [unbroadcastT(isZero(ct) ? ct : div(ct, y), (x as UndefPrimal).aval), null];
};
P.convert_element_type_p.transpose = ([ct], [x], params) => {
  const aval = (x as UndefPrimal).aval;
  if (isZero(ct)) return [new Zero(aval)];
  void params;
  return [lax.convertElementType(ct, aval.dtype, aval.weakType)];
};
P.select_n_p.transpose = ([ct], [which, ...cases]) => {
  if (which instanceof UndefPrimal) throw new Error("select_n is not linear in its predicate");
  const w = which as DeviceArray;
  const out: (Tangent | null)[] = [null];
  cases.forEach((c, i) => {
    if (!(c instanceof UndefPrimal)) {
      out.push(null);
      return;
    }
    if (isZero(ct)) {
      out.push(new Zero(c.aval));
      return;
    }
    const zero = lax.broadcastInDim(constLike(ct, 0), ct.shape, []);
    const picks = cases.map((_, j) => (j === i ? ct : zero));
    out.push(bind1(P.select_n_p, [w, ...picks], {}));
  });
  return out;
};

// Batching ---------------------------------------------------------------------------------------

for (
  const p of [
    P.neg_p,
    P.sign_p,
    P.floor_p,
    P.ceil_p,
    P.round_p,
    P.is_finite_p,
    P.exp_p,
    P.exp2_p,
    P.log_p,
    P.log1p_p,
    P.expm1_p,
    P.tanh_p,
    P.logistic_p,
    P.sin_p,
    P.cos_p,
    P.tan_p,
    P.asin_p,
    P.acos_p,
    P.atan_p,
    P.sinh_p,
    P.cosh_p,
    P.asinh_p,
    P.acosh_p,
    P.atanh_p,
    P.sqrt_p,
    P.rsqrt_p,
    P.cbrt_p,
    P.abs_p,
    P.not_p,
    P.erf_p,
    P.erfc_p,
    P.erf_inv_p,
    P.lgamma_p,
    P.digamma_p,
    P.square_p,
    P.integer_pow_p,
    P.population_count_p,
    P.clz_p,
    P.copy_p,
    P.convert_element_type_p,
    P.bitcast_convert_type_p,
  ]
) {
  // Unary ops map over any layout: the batch axis stays where it is.
  p.batch = ([x], [d], params) => [[bind1(p, [x], params)], [d]];
}
for (
  const p of [
    P.add_p,
    P.sub_p,
    P.mul_p,
    P.div_p,
    P.rem_p,
    P.pow_p,
    P.max_p,
    P.min_p,
    P.atan2_p,
    P.nextafter_p,
    ...ZERO_DERIVATIVE_BINARY,
    add_any_p,
  ]
) defbroadcasting(p);

/** select_n and clamp need full-shape operands (no size-1 broadcasting), so broadcast them. */
P.select_n_p.batch = ([which, ...cases], [dw, ...dcases], params, size) => {
  const cs = cases.map((c, i) => moveaxis(c, dcases[i], 0, size));
  const caseShape = cs[0].shape;
  let w: DeviceArray;
  if (dw === null && which.ndim === 0) w = which;
  else {
    const moved = moveaxis(which, dw, 0, size);
    w = moved.ndim === caseShape.length ? moved : lax.broadcastInDim(moved, caseShape, [0]);
  }
  return [[bind1(P.select_n_p, [w, ...cs], params)], [0]];
};
P.clamp_p.batch = ([lo, x, hi], [dl, dx, dh], params, size) => {
  const xm = moveaxis(x, dx, 0, size);
  const fit = (b: DeviceArray, d: number | null) => {
    if (d === null && b.ndim === 0) return b;
    const m = moveaxis(b, d, 0, size);
    return m.ndim === xm.ndim ? m : lax.broadcastInDim(m, xm.shape, [0]);
  };
  return [[bind1(P.clamp_p, [fit(lo, dl), xm, fit(hi, dh)], params)], [0]];
};
