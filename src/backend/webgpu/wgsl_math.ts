/**
 * WGSL helpers for exponentials, inverse trigonometric and hyperbolic functions, powers and the
 * special functions (erf, erfc, lgamma, digamma), with explicit domain checks and NaN bit tests.
 * Accuracy against the CPU backend is documented in tests/backend/webgpu/elementwise_test.ts.
 */

import type { Helper } from "./wgsl_helpers.ts";

const h = (deps: string[], code: string): Helper => ({ deps, code: code.trim() });

export const MATH_HELPERS: Record<string, Helper> = {
  f_exp: h(
    ["f_isnan", "f_consts", "f_opq", "f_scale2"],
    `
fn f_exp(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x > 88.72284) { return f_inf(); }
  if (x < -103.97209) { return 0.0; }
  let n = round(x * 1.4426950408889634);
  var r = fma(n, -0.693145751953125, x);
  r = fma(n * OPQ1, -1.4286068203094173e-06, r);
  var p = 1.9841269841269841e-04;
  p = fma(p, r, 1.3888888888888889e-03);
  p = fma(p, r, 8.3333333333333333e-03);
  p = fma(p, r, 4.1666666666666667e-02);
  p = fma(p, r, 1.6666666666666667e-01);
  p = fma(p, r, 0.5);
  let e = 1.0 + fma(p * r, r, r);
  return f_scale2(e, i32(n));
}`,
  ),
  f_exp2: h(
    ["f_isnan", "f_consts", "f_scale2"],
    `
fn f_exp2(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x >= 128.0) { return f_inf(); }
  if (x < -150.0) { return 0.0; }
  let n = round(x);
  let r = (x - n) * 0.69314718055994531;
  var p = 1.9841269841269841e-04;
  p = fma(p, r, 1.3888888888888889e-03);
  p = fma(p, r, 8.3333333333333333e-03);
  p = fma(p, r, 4.1666666666666667e-02);
  p = fma(p, r, 1.6666666666666667e-01);
  p = fma(p, r, 0.5);
  let e = 1.0 + fma(p * r, r, r);
  return f_scale2(e, i32(n));
}`,
  ),
  f_expm1: h(
    ["f_isnan", "f_consts", "f_exp", "f_log"],
    `
fn f_expm1(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x > 88.72284) { return f_inf(); }
  if (x < -17.4) { return -1.0; }
  let u = f_exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (abs(x) > 0.5) { return um1; }
  return um1 * (x / f_log(u));
}`,
  ),
  f_tanh: h(
    ["f_isnan", "f_expm1"],
    `
fn f_tanh(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  let a = abs(x);
  if (a > 9.1) { return select(-1.0, 1.0, x > 0.0); }
  let e = f_expm1(2.0 * a);
  let t = e / (e + 2.0);
  return select(-t, t, x >= 0.0 && bitcast<u32>(x) != 0x80000000u);
}`,
  ),
  f_logistic: h(
    ["f_exp"],
    `
fn f_logistic(x: f32) -> f32 {
  // Far left, 1/(1 + e^-x) = e^x to within e^2x (and e^-x would overflow).
  if (x < -20.0) { return f_exp(x); }
  return 1.0 / (1.0 + f_exp(-x));
}`,
  ),
  // asin/acos/atan: Cephes' single-precision polynomials (~1 ulp); the built-ins are far off
  // for tiny arguments and near ±1 on llvmpipe.
  f_asin: h(
    ["f_isnan", "f_consts"],
    `
fn f_asin_core(a: f32) -> f32 {
  var x = a;
  var z = a * a;
  let big = a > 0.5;
  if (big) { z = 0.5 * (1.0 - a); x = sqrt(z); }
  if (x < 1e-4) { return select(x, 1.5707963267948966 - 2.0 * x, big); }
  var p = 4.2163199048e-2;
  p = fma(p, z, 2.4181311049e-2);
  p = fma(p, z, 4.5470025998e-2);
  p = fma(p, z, 7.4953002686e-2);
  p = fma(p, z, 1.6666752422e-1);
  let r = fma(p * z, x, x);
  return select(r, 1.5707963267948966 - 2.0 * r, big);
}
fn f_asin(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (abs(x) > 1.0) { return f_nan(); }
  let r = f_asin_core(abs(x));
  return select(r, -r, (bitcast<u32>(x) & 0x80000000u) != 0u);
}`,
  ),
  f_acos: h(
    ["f_asin"],
    `
fn f_acos(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (abs(x) > 1.0) { return f_nan(); }
  if (x < -0.5) { return 3.1415926535897931 - 2.0 * f_asin_core(sqrt(0.5 * (1.0 + x))); }
  if (x > 0.5) { return 2.0 * f_asin_core(sqrt(0.5 * (1.0 - x))); }
  return 1.5707963267948966 - f_asin(x);
}`,
  ),
  f_atan: h(
    ["f_isnan", "f_isinf"],
    `
fn f_atan(x0: f32) -> f32 {
  if (f_isnan(x0) || x0 == 0.0) { return x0; }
  var x = abs(x0);
  var y = 0.0;
  if (x > 2.414213562373095) { y = 1.5707963267948966; x = -1.0 / x; }
  else if (x > 0.4142135623730950) { y = 0.78539816339744831; x = (x - 1.0) / (x + 1.0); }
  let z = x * x;
  var p = 8.05374449538e-2;
  p = fma(p, z, -1.38776856032e-1);
  p = fma(p, z, 1.99777106478e-1);
  p = fma(p, z, -3.33329491539e-1);
  let r = y + fma(p * z, x, x);
  return select(r, -r, x0 < 0.0);
}`,
  ),
  f_atan2: h(
    ["f_isnan", "f_isinf", "f_consts", "f_copysign", "f_atan", "f_div"],
    `
fn f_atan2(y: f32, x: f32) -> f32 {
  if (f_isnan(x) || f_isnan(y)) { return f_nan(); }
  let xneg = (bitcast<u32>(x) & 0x80000000u) != 0u;
  if (y == 0.0) {
    return select(y, f_copysign(3.1415926535897931, y), xneg);
  }
  if (x == 0.0) { return f_copysign(1.5707963267948966, y); }
  if (f_isinf(y)) {
    if (f_isinf(x)) { return f_copysign(select(0.78539816339744831, 2.3561944901923448, xneg), y); }
    return f_copysign(1.5707963267948966, y);
  }
  if (f_isinf(x)) { return select(f_copysign(0.0, y), f_copysign(3.1415926535897931, y), xneg); }
  if (abs(y) > abs(x)) {
    let r = f_copysign(1.5707963267948966, y) - f_atan(f_div(x, y));
    return r;
  }
  let r = f_atan(f_div(y, x));
  if (xneg) { return r + f_copysign(3.1415926535897931, y); }
  return r;
}`,
  ),
  f_sinh: h(
    ["f_isnan", "f_consts", "f_expm1", "f_exp"],
    `
fn f_sinh(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a < 1.0) {
    let e = f_expm1(a);
    r = 0.5 * (e + e / (e + 1.0));
  } else if (a < 88.0) {
    let e = f_exp(a);
    r = 0.5 * (e - 1.0 / e);
  } else {
    let e = f_exp(0.5 * a);
    r = (0.5 * e) * e;
  }
  return select(-r, r, x > 0.0 || bitcast<u32>(x) == 0u);
}`,
  ),
  f_cosh: h(
    ["f_isnan", "f_exp"],
    `
fn f_cosh(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  let a = abs(x);
  if (a < 88.0) {
    let e = f_exp(a);
    return 0.5 * (e + 1.0 / e);
  }
  let e = f_exp(0.5 * a);
  return (0.5 * e) * e;
}`,
  ),
  f_asinh: h(
    ["f_isnan", "f_isinf", "f_log1p", "f_log"],
    `
fn f_asinh(x: f32) -> f32 {
  if (f_isnan(x) || f_isinf(x) || x == 0.0) { return x; }
  let a = abs(x);
  var r: f32;
  if (a > 1e18) {
    r = f_log(a) + 0.69314718055994531;
  } else if (a > 2.0) {
    r = f_log(2.0 * a + 1.0 / (sqrt(a * a + 1.0) + a));
  } else {
    let t = a * a;
    r = f_log1p(a + t / (1.0 + sqrt(1.0 + t)));
  }
  return select(-r, r, x > 0.0);
}`,
  ),
  f_acosh: h(
    ["f_isnan", "f_consts", "f_log1p", "f_log"],
    `
fn f_acosh(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x < 1.0) { return f_nan(); }
  if (x == f_inf()) { return x; }
  if (x > 1e18) { return f_log(x) + 0.69314718055994531; }
  if (x > 2.0) { return f_log(2.0 * x - 1.0 / (x + sqrt(x * x - 1.0))); }
  let t = x - 1.0;
  return f_log1p(t + sqrt(2.0 * t + t * t));
}`,
  ),
  f_atanh: h(
    ["f_isnan", "f_consts", "f_log1p"],
    `
fn f_atanh(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  let a = abs(x);
  if (a > 1.0) { return f_nan(); }
  if (a == 1.0) { return select(-f_inf(), f_inf(), x > 0.0); }
  if (x == 0.0) { return x; }
  let r = 0.5 * f_log1p(2.0 * a / (1.0 - a));
  return select(-r, r, x > 0.0);
}`,
  ),
  // sqrt: Vulkan lets sqrt be approximate (NVIDIA's is 1 ulp off at 3.5), so one Newton step
  // with the exact residual x − r² corrects it (correctly rounded except where the Newton
  // step lands exactly on a rounding midpoint, e.g. 1 − 2^-24).
  f_sqrt: h(
    ["f_isnan", "f_consts", "f_two_prod", "f_opq"],
    `
fn f_sqrt(x: f32) -> f32 {
  if (f_isnan(x) || x == 0.0) { return x; }
  if (x < 0.0) { return f_nan(); }
  if (x == f_inf()) { return x; }
  let r = sqrt(x);
  // Near the top of the range r² would overflow, and below 1e-30 the correction would be
  // subnormal: the hardware sqrt is kept there.
  if (x > 1e37 || x < 1e-30) { return r; }
  let p = (r * r) * OPQ1;
  let e = ((x - p) * OPQ2 - f_two_prod_err(r, r, p)) * OPQ1;
  let h = (0.5 / r) * OPQ2;
  return r + e * h;
}`,
  ),
  f_rsqrt: h(
    ["f_sqrt"],
    `
fn f_rsqrt(x: f32) -> f32 { return 1.0 / f_sqrt(x); }`,
  ),
  f_cbrt: h(
    ["f_isnan", "f_isinf"],
    `
fn f_cbrt(x: f32) -> f32 {
  if (f_isnan(x) || f_isinf(x) || x == 0.0) { return x; }
  var a = abs(x);
  var scale = 1.0;
  if (a < 1.17549435e-38) { a = a * 16777216.0; scale = 0.00390625; }
  var r = exp2(log2(a) * 0.33333333333333333);
  r = r - (r - a / (r * r)) * 0.33333333333333333;
  r = r * scale;
  return select(-r, r, x > 0.0);
}`,
  ),
  f_pow: h(
    ["f_isnan", "f_isinf", "f_consts", "f_fmod", "f_log2", "f_exp2"],
    `
fn f_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (f_isnan(x) || f_isnan(y)) { return f_nan(); }
  let yint = !f_isinf(y) && floor(y) == y;
  let yodd = yint && abs(y) < 16777216.0 && f_fmod(abs(y), 2.0) == 1.0;
  if (f_isinf(y)) {
    let ax = abs(x);
    if (ax == 1.0) { return 1.0; }
    if ((ax < 1.0) == (y > 0.0)) { return 0.0; }
    return f_inf();
  }
  if (x == 0.0) {
    if (y < 0.0) { return select(f_inf(), bitcast<f32>(bitcast<u32>(x) | 0x7f800000u), yodd); }
    return select(0.0, x, yodd);
  }
  if (f_isinf(x)) {
    let mag = select(0.0, f_inf(), y > 0.0);
    return select(mag, -mag, x < 0.0 && yodd);
  }
  if (x < 0.0 && !yint) { return f_nan(); }
  let l = f_log2_hl(abs(x));
  let p = y * l.x;
  if (p >= 128.0) { return select(f_inf(), -f_inf(), x < 0.0 && yodd); }
  if (p < -150.0) { return select(0.0, -0.0, x < 0.0 && yodd); }
  let e = f_two_prod_err(y, l.x, p) + y * l.y;
  let r = f_exp2(p) * (1.0 + e * 0.69314718055994531);
  return select(r, -r, x < 0.0 && yodd);
}`,
  ),
  // erf: for |x| < 2.5 the Maclaurin series summed in double-float (rounded once, as the CPU's
  // float64 series); beyond, 1 − erfc(|x|) with erfc < 4e-4 from its continued fraction.
  f_erf: h(
    ["f_isnan", "f_dd", "f_erfc_cf"],
    `
fn f_erf(x0: f32) -> f32 {
  if (f_isnan(x0) || x0 == 0.0) { return x0; }
  let ax = abs(x0);
  var r: f32;
  if (ax >= 2.5) {
    r = 1.0 - f_erfc_cf(ax);
  } else {
    let p = (ax * ax) * OPQ1;
    let x2 = vec2<f32>(p, f_two_prod_err(ax, ax, p));
    var term = vec2<f32>(ax, 0.0);
    var sum = term;
    for (var n = 1; n < 64; n = n + 1) {
      term = -dd_div_int(dd_mul(term, x2), f32(n));
      let add = dd_div_int(term, f32(2 * n + 1));
      sum = dd_add(sum, add);
      if (abs(add.x) < 1e-15 * abs(sum.x)) { break; }
    }
    let e = dd_mul(sum, vec2<f32>(1.12837923f, -5.86353828e-08f));
    r = e.x + e.y;
  }
  return select(r, -r, x0 < 0.0);
}`,
  ),
  // erfc(x) for x ≥ 0.85: exp(-x²)/√π / (x + ½/(x + 1/(x + (3/2)/(x + …)))), x² split so
  // exp(-x²) keeps its accuracy.
  f_erfc_cf: h(
    ["f_exp"],
    `
fn f_erfc_cf(x: f32) -> f32 {
  if (x > 10.06) { return 0.0; }
  var f = x;
  for (var n = 80; n >= 1; n = n - 1) { f = x + f32(n) * 0.5 / f; }
  let hi = bitcast<f32>(bitcast<u32>(x) & 0xfffff000u);
  let lo = x - hi;
  let e = f_exp(-hi * hi) * f_exp(-(lo * (x + hi)));
  return e / (f * 1.7724538509055159);
}`,
  ),
  // erfc: 1 - erf near 0; for |x| ≥ 0.5 exp(-x²) times a continued fraction, with x² split so
  // exp(-x²) keeps its accuracy.
  f_erfc: h(
    ["f_isnan", "f_erf", "f_erfc_cf"],
    `
fn f_erfc(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x < 0.85) { return 1.0 - f_erf(x); }
  return f_erfc_cf(x);
}`,
  ),
  f_lgamma: h(
    ["f_isnan", "f_isinf", "f_consts", "f_log", "f_sinpi"],
    `
fn f_lgamma_pos(x0: f32) -> f32 {
  let x = x0 - 1.0;
  var a = 0.99999999999980993;
  let t = x + 7.5;
  a = a + 676.5203681218851 / (x + 1.0);
  a = a - 1259.1392167224028 / (x + 2.0);
  a = a + 771.32342877765313 / (x + 3.0);
  a = a - 176.61502916214059 / (x + 4.0);
  a = a + 12.507343278686905 / (x + 5.0);
  a = a - 0.13857109526572012 / (x + 6.0);
  a = a + 9.9843695780195716e-6 / (x + 7.0);
  a = a + 1.5056327351493116e-7 / (x + 8.0);
  return 0.91893853320467274 + (x + 0.5) * f_log(t) - t + f_log(a);
}
fn f_lgamma(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (f_isinf(x)) { return f_inf(); }
  if (x <= 0.0 && floor(x) == x) { return f_inf(); }
  if (x == 1.0 || x == 2.0) { return 0.0; }
  if (abs(x) < 1e-8) { return -f_log(abs(x)); }
  if (x < 0.5) {
    return f_log(3.1415926535897931 / abs(f_sinpi(x))) - f_lgamma_pos(1.0 - x);
  }
  return f_lgamma_pos(x);
}`,
  ),
  f_digamma: h(
    ["f_isnan", "f_consts", "f_log", "f_sinpi", "f_cospi"],
    `
fn f_digamma(x0: f32) -> f32 {
  var x = x0;
  if (f_isnan(x) || x == -f_inf()) { return f_nan(); }
  if (x <= 0.0 && floor(x) == x) { return f_nan(); }
  var result = 0.0;
  if (x < 0.0) {
    result = result - 3.1415926535897931 * f_cospi(x) / f_sinpi(x);
    x = 1.0 - x;
  }
  loop {
    if (x >= 6.0) { break; }
    result = result - 1.0 / x;
    x = x + 1.0;
  }
  let inv = 1.0 / x;
  let inv2 = inv * inv;
  return result + f_log(x) - 0.5 * inv - inv2 * (0.083333333333333333 - inv2 *
    (0.0083333333333333333 - inv2 * (0.003968253968253968 - inv2 *
    (0.0041666666666666667 - inv2 * 0.0075757575757575758))));
}`,
  ),
};
