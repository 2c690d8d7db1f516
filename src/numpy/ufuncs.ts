/**
 * Elementwise functions of jax.numpy: numpy's dtype and broadcasting rules on top of lax
 * (which requires equal dtypes and does no rank promotion).
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { isFloat, isInteger, isUnsigned } from "../dtype.ts";
import * as lax from "../lax/lax.ts";
import { asarray, broadcastTo, promoteArgs, promoteArgsInexact, toInexact } from "./convert.ts";
import { broadcastShapes } from "../shape.ts";

type Unary = (x: ArrayLike) => DeviceArray;
type Binary = (x: ArrayLike, y: ArrayLike) => DeviceArray;

/** A float function: ints and bools are first converted to float32. */
const inexact1 = (f: (x: DeviceArray) => DeviceArray): Unary => (x) => f(toInexact(asarray(x)));
const inexact2 = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgsInexact([x, y]);
  return f(a, b);
};
const numeric2 = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgs([x, y]);
  return f(a, b);
};
/** Like numeric2, with both operands broadcast to the full shape (for rules built on select). */
const numericFull = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgs([x, y]);
  const shape = broadcastShapes(a.shape, b.shape);
  return f(broadcastTo(a, shape), broadcastTo(b, shape));
};
const inexactFull = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgsInexact([x, y]);
  const shape = broadcastShapes(a.shape, b.shape);
  return f(broadcastTo(a, shape), broadcastTo(b, shape));
};

// Unary ------------------------------------------------------------------------------------

/** Elementwise e^x. @example jnp.exp(jnp.array([0, 1])) */
export const exp: Unary = inexact1(lax.exp);
/** Elementwise 2^x. */
export const exp2: Unary = inexact1(lax.exp2);
/** Natural logarithm. */
export const log: Unary = inexact1(lax.log);
/** log(1 + x), accurate near 0. */
export const log1p: Unary = inexact1(lax.log1p);
/** e^x − 1, accurate near 0. */
export const expm1: Unary = inexact1(lax.expm1);
/** Base-2 logarithm. */
export const log2: Unary = inexact1((x) => lax.div(lax.log(x), lax.scalar(Math.LN2, x.dtype)));
/** Base-10 logarithm. */
export const log10: Unary = inexact1((x) => lax.div(lax.log(x), lax.scalar(Math.LN10, x.dtype)));
/** Square root. */
export const sqrt: Unary = inexact1(lax.sqrt);
/** Cube root. */
export const cbrt: Unary = inexact1(lax.cbrt);
export const sin: Unary = inexact1(lax.sin);
export const cos: Unary = inexact1(lax.cos);
export const tan: Unary = inexact1(lax.tan);
export const arcsin: Unary = inexact1(lax.asin);
export const arccos: Unary = inexact1(lax.acos);
export const arctan: Unary = inexact1(lax.atan);
export const sinh: Unary = inexact1(lax.sinh);
export const cosh: Unary = inexact1(lax.cosh);
export const tanh: Unary = inexact1(lax.tanh);
export const arcsinh: Unary = inexact1(lax.asinh);
export const arccosh: Unary = inexact1(lax.acosh);
export const arctanh: Unary = inexact1(lax.atanh);
/** 1 / x (in float). @example jnp.reciprocal(jnp.array([2, 4])) // [0.5, 0.25] */
export const reciprocal: Unary = inexact1((x) => lax.integerPow(x, -1));

/** −x. @example jnp.negative(jnp.array([1, -2])) */
export const negative: Unary = (x) => lax.neg(asarray(x));
/** +x (a no-op returning x as an array). */
export const positive: Unary = (x) => asarray(x);

/** |x|; unsigned and bool arrays are returned unchanged. @example jnp.abs(jnp.array([-1, 2])) */
export const abs: Unary = (x) => {
  const a = asarray(x);
  return isUnsigned(a.dtype) || a.dtype === "bool" ? a : lax.abs(a);
};
export const absolute = abs;

/** −1, 0 or 1 by sign (NaN stays NaN; -0.0 stays -0.0). */
export const sign: Unary = (x) => {
  const a = asarray(x);
  return a.dtype === "bool" ? a : lax.sign(a);
};

/** x², keeping the dtype. */
export const square: Unary = (x) => lax.square(asarray(x));

const integral = (f: (x: DeviceArray) => DeviceArray): Unary => (x) => {
  const a = asarray(x);
  return isFloat(a.dtype) ? f(a) : a;
};
/** Largest integer ≤ x (integers are returned unchanged). */
export const floor: Unary = integral(lax.floor);
/** Smallest integer ≥ x. */
export const ceil: Unary = integral(lax.ceil);
/** Rounds toward zero. */
export const trunc: Unary = integral((x) =>
  lax.select(lax.lt(x, lax.scalar(0, x.dtype)), lax.ceil(x), lax.floor(x))
);

/**
 * Rounds half to even, to `decimals` places, as numpy's `round`.
 *
 * @example
 * ```ts
 * jnp.round(jnp.array([0.5, 1.5, 2.675]), 2);
 * ```
 */
export function round(x: ArrayLike, decimals = 0): DeviceArray {
  const a = asarray(x);
  if (!isFloat(a.dtype)) {
    if (decimals >= 0) return a;
    const f = lax.scalar(10 ** -decimals, a.dtype);
    return lax.mul(floorDivide(lax.add(a, lax.div(f, lax.scalar(2, a.dtype))), f), f);
  }
  if (decimals === 0) return lax.round(a, 1);
  const factor = lax.scalar(10 ** decimals, a.dtype);
  return lax.div(lax.round(lax.mul(a, factor), 1), factor);
}
export const around = round;

/** Whether each element is NaN. */
export const isnan: Unary = (x) => {
  const a = asarray(x);
  return isFloat(a.dtype) ? lax.ne(a, a) : lax.broadcastInDim(false, a.shape, []);
};
/** Whether each element is ±inf. */
export const isinf: Unary = (x) => {
  const a = asarray(x);
  return isFloat(a.dtype)
    ? lax.eq(lax.abs(a), lax.scalar(Infinity, a.dtype))
    : lax.broadcastInDim(false, a.shape, []);
};
/** Whether each element is finite (not NaN nor ±inf). */
export const isfinite: Unary = (x) => {
  const a = asarray(x);
  return isFloat(a.dtype) ? lax.isFinite(a) : lax.broadcastInDim(true, a.shape, []);
};

const toBool = (x: ArrayLike) => {
  const a = asarray(x);
  return a.dtype === "bool" ? a : lax.ne(a, lax.scalar(0, a.dtype));
};
/** Elementwise logical not. */
export const logicalNot: Unary = (x) => lax.bitwiseNot(toBool(x));

// Binary -----------------------------------------------------------------------------------

/** x + y with numpy promotion (bool + bool is logical or). @example jnp.add(x, 1) */
export const add: Binary = numeric2((
  a,
  b,
) => (a.dtype === "bool" ? lax.bitwiseOr(a, b) : lax.add(a, b)));
/** x − y. */
export const subtract: Binary = numeric2((a, b) => {
  if (a.dtype === "bool") {
    throw new TypeError(
      "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` " +
        "operator, or the logical_xor function instead.",
    );
  }
  return lax.sub(a, b);
});
/** x · y (bool · bool is logical and). */
export const multiply: Binary = numeric2((
  a,
  b,
) => (a.dtype === "bool" ? lax.bitwiseAnd(a, b) : lax.mul(a, b)));
/** True division: integers are divided as float32. @example jnp.divide(jnp.arange(3), 2) */
export const divide: Binary = inexact2(lax.div);
export const trueDivide = divide;

/** Floor division with Python's sign rules (`x // y`). */
export const floorDivide: Binary = numericFull((a, b) => {
  if (isUnsigned(a.dtype)) return lax.div(a, b);
  if (isInteger(a.dtype)) {
    const q = lax.div(a, b);
    const fix = lax.bitwiseAnd(
      lax.ne(lax.sign(a), lax.sign(b)),
      lax.ne(lax.rem(a, b), lax.scalar(0, a.dtype)),
    );
    return lax.select(fix, lax.sub(q, lax.scalar(1, a.dtype)), q);
  }
  if (a.dtype === "bool") throw new TypeError("floor_divide does not accept dtype bool");
  return floatDivmod(a, b)[0];
});

/** CPython's float divmod, as JAX's `_float_divmod`. */
function floatDivmod(a: DeviceArray, b: DeviceArray): [DeviceArray, DeviceArray] {
  const zero = lax.scalar(0, a.dtype);
  let mod = lax.rem(a, b);
  const corrected = lax.select(lax.eq(b, zero), a, lax.sub(a, mod));
  let div = lax.div(corrected, b);
  const ind = lax.bitwiseAnd(lax.ne(mod, zero), lax.ne(lax.sign(b), lax.sign(mod)));
  mod = lax.select(ind, lax.add(mod, b), mod);
  div = lax.select(ind, lax.sub(div, lax.scalar(1, a.dtype)), div);
  return [lax.round(div, 0), mod];
}

/** Remainder with the sign of the divisor (Python's `%`). */
export const remainder: Binary = numericFull((a, b) => {
  const zero = lax.scalar(0, a.dtype);
  let d = b;
  if (isInteger(b.dtype)) {
    d = lax.select(lax.eq(b, zero), lax.broadcastInDim(lax.scalar(1, b.dtype), b.shape, []), b);
  }
  const t = lax.rem(a, d);
  if (isUnsigned(a.dtype)) return t;
  const plus = lax.bitwiseAnd(lax.ne(lax.lt(t, zero), lax.lt(d, zero)), lax.ne(t, zero));
  return lax.select(plus, lax.add(t, d), t);
});
export const mod = remainder;

/** C's fmod: remainder with the sign of the dividend. */
export const fmod: Binary = numericFull((a, b) => {
  if (isInteger(b.dtype)) {
    b = lax.select(
      lax.eq(b, lax.scalar(0, b.dtype)),
      lax.broadcastInDim(lax.scalar(1, b.dtype), b.shape, []),
      b,
    );
  }
  return lax.rem(a, b);
});

/**
 * x ** y. An integer JS exponent uses `integer_pow` (exact repeated multiplication, as JAX does
 * for concrete Python ints); integer arrays use exponentiation by squaring.
 *
 * @example
 * ```ts
 * jnp.power(jnp.arange(4), 2); // int32
 * jnp.power(2, jnp.array([0.5, 1.5]));
 * ```
 */
export function power(x: ArrayLike, y: ArrayLike): DeviceArray {
  if (typeof y === "number" && Number.isInteger(y) && Math.abs(y) < 2 ** 31) {
    const a = asarray(x);
    if (!isFloat(a.dtype) && y < 0) {
      throw new TypeError("Integers cannot be raised to negative integer powers.");
    }
    return lax.integerPow(a.dtype === "bool" ? lax.convertElementType(a, "int32") : a, y);
  }
  const [a, b] = promoteArgs([x, y]);
  if (!isFloat(a.dtype)) {
    const shape = broadcastShapes(a.shape, b.shape);
    return powIntInt(broadcastTo(a, shape), broadcastTo(b, shape));
  }
  return lax.pow(a, b);
}
export const pow = power;

/**
 * Integer power by squaring over the exponent's low 6 bits, exactly as JAX's `_pow_int_int`
 * (larger exponents overflow int32 for any base > 1; negative exponents are
 * implementation-defined there and give the same bits here).
 */
function powIntInt(x: DeviceArray, y: DeviceArray): DeviceArray {
  const zero = lax.scalar(0, x.dtype), one = lax.scalar(1, x.dtype);
  const shape = x.shape;
  const ones = lax.broadcastInDim(one, shape, []);
  let acc = lax.select(
    lax.bitwiseAnd(lax.eq(x, zero), lax.ne(y, zero)),
    lax.broadcastInDim(zero, shape, []),
    ones,
  );
  let base = x, e = y;
  for (let bit = 0; bit < 6; bit++) {
    const odd = lax.ne(lax.bitwiseAnd(e, one), zero);
    acc = lax.select(odd, lax.mul(acc, base), acc);
    base = lax.mul(base, base);
    e = lax.shiftRightLogical(e, one);
  }
  return acc;
}

/** Elementwise maximum (NaN propagates). */
export const maximum: Binary = numeric2(lax.max);
/** Elementwise minimum (NaN propagates). */
export const minimum: Binary = numeric2(lax.min);
/** Maximum ignoring NaN where the other value is a number. */
export const fmax: Binary = numericFull((a, b) =>
  isFloat(a.dtype)
    ? lax.select(lax.ne(a, a), b, lax.select(lax.ne(b, b), a, lax.max(a, b)))
    : lax.max(a, b)
);
/** Minimum ignoring NaN where the other value is a number. */
export const fmin: Binary = numericFull((a, b) =>
  isFloat(a.dtype)
    ? lax.select(lax.ne(a, a), b, lax.select(lax.ne(b, b), a, lax.min(a, b)))
    : lax.min(a, b)
);
/** Four-quadrant arctangent of x/y. */
export const arctan2: Binary = inexact2(lax.atan2);
/**
 * √(x² + y²) without overflow or underflow: JAX's formula scales by the larger magnitude, and
 * an infinite side gives inf even against NaN.
 *
 * @example
 * ```ts
 * jnp.hypot(jnp.array([3, 3e30]), jnp.array([4, 4e30])); // [5, 5e30]
 * ```
 */
export const hypot: Binary = inexactFull((x, y) => {
  const a = lax.abs(x), b = lax.abs(y);
  const isInf = lax.bitwiseOr(
    lax.eq(a, lax.scalar(Infinity, a.dtype)),
    lax.eq(b, lax.scalar(Infinity, b.dtype)),
  );
  const hi = lax.max(a, b), lo = lax.min(a, b);
  const zero = lax.eq(hi, lax.scalar(0, a.dtype));
  const safe = lax.select(zero, lax.broadcastInDim(lax.scalar(1, a.dtype), hi.shape, []), hi);
  const r = lax.mul(hi, lax.sqrt(lax.add(lax.scalar(1, a.dtype), lax.square(lax.div(lo, safe)))));
  const out = lax.select(zero, hi, r);
  return lax.select(isInf, lax.broadcastInDim(lax.scalar(Infinity, a.dtype), out.shape, []), out);
});
/** log(eˣ + eʸ) without overflow. */
export const logaddexp: Binary = inexactFull((a, b) => {
  const m = lax.max(a, b);
  const d = lax.neg(lax.abs(lax.sub(a, b)));
  const r = lax.add(m, lax.log1p(lax.exp(d)));
  // inf + inf and -inf + -inf give m itself (avoids inf - inf = nan).
  return lax.select(lax.eq(a, b), lax.add(a, lax.scalar(Math.LN2, a.dtype)), r);
});

export const equal: Binary = numeric2(lax.eq);
export const notEqual: Binary = numeric2(lax.ne);
export const less: Binary = numeric2(lax.lt);
export const lessEqual: Binary = numeric2(lax.le);
export const greater: Binary = numeric2(lax.gt);
export const greaterEqual: Binary = numeric2(lax.ge);

export const logicalAnd: Binary = (x, y) =>
  lax.bitwiseAnd(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray]));
export const logicalOr: Binary = (x, y) =>
  lax.bitwiseOr(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray]));
export const logicalXor: Binary = (x, y) =>
  lax.bitwiseXor(...(promoteArgs([toBool(x), toBool(y)]) as [DeviceArray, DeviceArray]));

export const bitwiseAnd: Binary = numeric2(lax.bitwiseAnd);
export const bitwiseOr: Binary = numeric2(lax.bitwiseOr);
export const bitwiseXor: Binary = numeric2(lax.bitwiseXor);
export const bitwiseNot: Unary = (x) => lax.bitwiseNot(asarray(x));
export const invert = bitwiseNot;
export const leftShift: Binary = numeric2(lax.shiftLeft);
/** Arithmetic shift for signed ints, logical for unsigned (as numpy). */
export const rightShift: Binary = numeric2((a, b) =>
  isUnsigned(a.dtype) ? lax.shiftRightLogical(a, b) : lax.shiftRightArithmetic(a, b)
);
