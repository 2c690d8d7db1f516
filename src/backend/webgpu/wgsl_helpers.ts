/**
 * WGSL helper functions referenced by the expression templates, each with the helpers it calls.
 * NaN is always detected on the bits: shader compilers are allowed to assume floats are never
 * NaN, so `x != x` may be folded to false.
 */

interface Helper {
  deps: string[];
  code: string;
}

const h = (deps: string[], code: string): Helper => ({ deps, code: code.trim() });

export const HELPERS: Record<string, Helper> = {
  // Two opaque 1.0s, set at the start of main from a runtime value. Shader compilers reassociate
  // and factor float expressions (Mesa folds fma(n, a, fma(n, b, x)) into fma(n, a + b, x) and
  // (1 + x) - 1 into x), which destroys Cody–Waite reductions and Kahan's log1p; multiplying by a
  // value the compiler cannot see is 1 keeps those steps apart.
  f_opq: h(
    [],
    `
var<private> OPQ1: f32;
var<private> OPQ2: f32;`,
  ),
  f_consts: h(
    [],
    `
const F_NAN_BITS: u32 = 0x7fc00000u;
const F_INF_BITS: u32 = 0x7f800000u;
fn f_nan() -> f32 { return bitcast<f32>(F_NAN_BITS); }
fn f_inf() -> f32 { return bitcast<f32>(F_INF_BITS); }`,
  ),
  f_isnan: h(
    [],
    `
fn f_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`,
  ),
  // x·2^n for |n| ≤ 254 by multiplying with two normal powers of two: ldexp flushes subnormal
  // results on some drivers (llvmpipe), multiplication does not.
  f_scale2: h(
    [],
    `
fn f_scale2(x: f32, n: i32) -> f32 {
  let h = n / 2;
  let a = bitcast<f32>(u32(127 + h) << 23u);
  let b = bitcast<f32>(u32(127 + n - h) << 23u);
  return (x * a) * b;
}`,
  ),
  f_isinf: h(
    [],
    `
fn f_isinf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }`,
  ),
  f_copysign: h(
    [],
    `
fn f_copysign(x: f32, s: f32) -> f32 {
  return bitcast<f32>((bitcast<u32>(x) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u));
}`,
  ),
  f_plus_zero: h(
    [],
    `
fn f_plus_zero(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  return bitcast<f32>(select(b, 0u, b == 0x80000000u));
}`,
  ),
  f_sign: h(
    ["f_isnan"],
    `
fn f_sign(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x > 0.0) { return 1.0; }
  if (x < 0.0) { return -1.0; }
  return x;
}`,
  ),
  f_round_away: h(
    [],
    `
fn f_round_away(x: f32) -> f32 {
  let t = trunc(x);
  return select(t, t + select(-1.0, 1.0, x > 0.0), abs(x - t) >= 0.5);
}`,
  ),
  f_eq: h(
    ["f_isnan"],
    `
fn f_eq(a: f32, b: f32) -> bool { return !f_isnan(a) && !f_isnan(b) && a == b; }`,
  ),
  f_lt: h(
    ["f_isnan"],
    `
fn f_lt(a: f32, b: f32) -> bool { return !f_isnan(a) && !f_isnan(b) && a < b; }`,
  ),
  f_le: h(
    ["f_isnan"],
    `
fn f_le(a: f32, b: f32) -> bool { return !f_isnan(a) && !f_isnan(b) && a <= b; }`,
  ),
  // Math.max/min semantics: NaN propagates; max(-0, +0) = +0, min(-0, +0) = -0.
  f_max: h(
    ["f_isnan"],
    `
fn f_max(a: f32, b: f32) -> f32 {
  if (f_isnan(a)) { return a; }
  if (f_isnan(b)) { return b; }
  if (a > b) { return a; }
  if (b > a) { return b; }
  return bitcast<f32>(bitcast<u32>(a) & bitcast<u32>(b));
}`,
  ),
  f_min: h(
    ["f_isnan"],
    `
fn f_min(a: f32, b: f32) -> f32 {
  if (f_isnan(a)) { return a; }
  if (f_isnan(b)) { return b; }
  if (a < b) { return a; }
  if (b < a) { return b; }
  return bitcast<f32>(bitcast<u32>(a) | bitcast<u32>(b));
}`,
  ),
  // The CPU's reduce_max/min combine: NaN propagates; on ties the accumulator (earlier) wins.
  f_max_first: h(
    ["f_isnan"],
    `
fn f_max_first(a: f32, x: f32) -> f32 {
  if (a > x || f_isnan(a)) { return a; }
  if (f_isnan(x) || x > a) { return x; }
  return a;
}`,
  ),
  f_min_first: h(
    ["f_isnan"],
    `
fn f_min_first(a: f32, x: f32) -> f32 {
  if (a < x || f_isnan(a)) { return a; }
  if (f_isnan(x) || x < a) { return x; }
  return a;
}`,
  ),
  i_div: h(
    [],
    `
fn i_div(x: i32, y: i32) -> i32 {
  let bad = y == 0i || (x == i32(-2147483647 - 1) && y == -1i);
  let q = x / select(y, 1i, bad);
  return select(q, -1i, y == 0i);
}`,
  ),
  u_div: h(
    [],
    `
fn u_div(x: u32, y: u32) -> u32 { return select(x / select(y, 1u, y == 0u), 0xffffffffu, y == 0u); }`,
  ),
  i_rem: h(
    [],
    `
fn i_rem(x: i32, y: i32) -> i32 {
  let bad = y == 0i || y == -1i;
  let d = select(y, 1i, bad);
  // x - trunc(x / d)·d: GLSL (wgpu's GL path) leaves % of negative operands undefined.
  let r = x - (x / d) * d;
  return select(select(r, 0i, y == -1i), x, y == 0i);
}`,
  ),
  u_rem: h(
    [],
    `
fn u_rem(x: u32, y: u32) -> u32 { return select(x % select(y, 1u, y == 0u), x, y == 0u); }`,
  ),
  // Exact fmod on the bits (musl's fmodf); WGSL's % on floats is x - y * trunc(x / y).
  f_fmod: h(
    ["f_consts"],
    `
fn f_fmod(x: f32, y: f32) -> f32 {
  var ux = bitcast<u32>(x);
  var uy = bitcast<u32>(y);
  var ex = i32((ux >> 23u) & 0xffu);
  var ey = i32((uy >> 23u) & 0xffu);
  let sx = ux & 0x80000000u;
  let ay = uy & 0x7fffffffu;
  if (ay == 0u || ay > 0x7f800000u || ex == 0xff) { return f_nan(); }
  if ((ux & 0x7fffffffu) <= ay) {
    if ((ux & 0x7fffffffu) == ay) { return bitcast<f32>(sx); }
    return x;
  }
  if (ex == 0) {
    var i = ux << 9u;
    loop { if ((i >> 31u) != 0u) { break; } ex = ex - 1; i = i << 1u; }
    ux = ux << u32(1 - ex);
  } else {
    ux = (ux & 0x7fffffu) | 0x800000u;
  }
  if (ey == 0) {
    var i = uy << 9u;
    loop { if ((i >> 31u) != 0u) { break; } ey = ey - 1; i = i << 1u; }
    uy = uy << u32(1 - ey);
  } else {
    uy = (uy & 0x7fffffu) | 0x800000u;
  }
  loop {
    if (ex <= ey) { break; }
    let i = ux - uy;
    if ((i >> 31u) == 0u) {
      if (i == 0u) { return bitcast<f32>(sx); }
      ux = i;
    }
    ux = ux << 1u;
    ex = ex - 1;
  }
  let i = ux - uy;
  if ((i >> 31u) == 0u) {
    if (i == 0u) { return bitcast<f32>(sx); }
    ux = i;
  }
  loop { if ((ux >> 23u) != 0u) { break; } ux = ux << 1u; ex = ex - 1; }
  if (ex > 0) {
    ux = (ux - 0x800000u) | (u32(ex) << 23u);
  } else {
    ux = ux >> u32(1 - ex);
  }
  return bitcast<f32>(ux | sx);
}`,
  ),
  f_nextafter: h(
    ["f_isnan"],
    `
fn f_nextafter(x: f32, y: f32) -> f32 {
  if (f_isnan(x) || f_isnan(y)) { return bitcast<f32>(0x7fc00000u); }
  if (x == y) { return y; }
  if (x == 0.0) { return bitcast<f32>(select(1u, 0x80000001u, y < 0.0)); }
  let b = bitcast<u32>(x);
  return bitcast<f32>(select(b - 1u, b + 1u, (x < y) == (x > 0.0)));
}`,
  ),
  f_to_i32: h(
    ["f_isnan"],
    `
fn f_to_i32(x: f32) -> i32 {
  if (f_isnan(x)) { return 0i; }
  if (x >= 2147483648.0) { return 2147483647i; }
  if (x <= -2147483648.0) { return i32(-2147483647 - 1); }
  return i32(x);
}`,
  ),
  f_to_u32: h(
    ["f_isnan"],
    `
fn f_to_u32(x: f32) -> u32 {
  if (f_isnan(x) || !(x > 0.0)) { return 0u; }
  if (x >= 4294967296.0) { return 0xffffffffu; }
  return u32(x);
}`,
  ),

  // Transcendentals -------------------------------------------------------------------------
  // exp with Cody–Waite reduction x = n·ln2 + r and a degree-7 Taylor polynomial: ≤ 1 ulp
  // (WGSL's exp is only specified to 3 + 2|x| ulp; llvmpipe's is ~10 ulp).
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
  // log: x = m·2^e with m in [√½, √2), log(m) = 2·atanh(s), s = (m-1)/(m+1): ~1 ulp.
  f_log: h(
    ["f_isnan", "f_consts", "f_opq"],
    `
fn f_log(x0: f32) -> f32 {
  if (f_isnan(x0)) { return x0; }
  if (x0 < 0.0) { return f_nan(); }
  if (x0 == 0.0) { return -f_inf(); }
  if (x0 == f_inf()) { return x0; }
  var x = x0;
  var e = 0;
  if (x < 1.17549435e-38) { x = x * 8388608.0; e = -23; }
  let b = bitcast<u32>(x);
  e = e + i32((b >> 23u) & 0xffu) - 127;
  var m = bitcast<f32>((b & 0x007fffffu) | 0x3f800000u);
  if (m > 1.41421356) { m = m * 0.5; e = e + 1; }
  let f = m - 1.0;
  let s = f / (2.0 + f);
  let z = s * s;
  var p = 0.11111111111111111;
  p = fma(p, z, 0.14285714285714285);
  p = fma(p, z, 0.2);
  p = fma(p, z, 0.33333333333333333);
  // log(m) = f - f²/2 + s·(f²/2 + z·p(z)·2) is the fdlibm form; here 2s + 2s·z·p(z).
  let hfsq = 0.5 * f * f;
  let lm = f - (hfsq - s * (hfsq + 2.0 * z * p));
  let fe = f32(e);
  return fma(fe, 0.693145751953125, fma(fe * OPQ1, 1.4286068203094173e-06, lm));
}`,
  ),
  f_log1p: h(
    ["f_isnan", "f_consts", "f_log", "f_opq"],
    `
fn f_log1p(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x < -1.0) { return f_nan(); }
  if (x == -1.0) { return -f_inf(); }
  if (x == f_inf()) { return x; }
  let u = x + OPQ1;
  let um1 = u - OPQ2;
  if (um1 == 0.0) { return x; }
  if (x > 1e30) { return f_log(x); }
  return f_log(u) * (x / um1);
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
  // sin and cos on [-π/4, π/4]: Cephes' single-precision polynomials (~1 ulp; llvmpipe's sin
  // has absolute errors near 1e-5).
  f_sincos_kernel: h(
    [],
    `
fn f_sin_k(x: f32) -> f32 {
  let z = x * x;
  var p = -1.9515295891e-4;
  p = fma(p, z, 8.3321608736e-3);
  p = fma(p, z, -1.6666654611e-1);
  return fma(p * z, x, x);
}
fn f_cos_k(x: f32) -> f32 {
  let z = x * x;
  var p = 2.443315711809948e-5;
  p = fma(p, z, -1.388731625493765e-3);
  p = fma(p, z, 4.166664568298827e-2);
  return (1.0 - 0.5 * z) + p * z * z;
}`,
  ),
  f_sin: h(
    ["f_isnan", "f_consts", "f_trig_reduce", "f_sincos_kernel"],
    `
fn f_sin(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (f_isinf(x)) { return f_nan(); }
  if (abs(x) < 0.785398) { return f_sin_k(x); }
  let r = f_trig_reduce(x);
  let y = r.x;
  var s: f32;
  switch (u32(r.y) & 3u) {
    case 0u: { s = f_sin_k(y); }
    case 1u: { s = f_cos_k(y); }
    case 2u: { s = -f_sin_k(y); }
    default: { s = -f_cos_k(y); }
  }
  return s;
}`,
  ),
  f_cos: h(
    ["f_isnan", "f_consts", "f_trig_reduce", "f_sincos_kernel"],
    `
fn f_cos(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (f_isinf(x)) { return f_nan(); }
  if (abs(x) < 0.785398) { return f_cos_k(x); }
  let r = f_trig_reduce(x);
  let y = r.x;
  var c: f32;
  switch (u32(r.y) & 3u) {
    case 0u: { c = f_cos_k(y); }
    case 1u: { c = -f_sin_k(y); }
    case 2u: { c = -f_cos_k(y); }
    default: { c = f_sin_k(y); }
  }
  return c;
}`,
  ),
  f_tan: h(
    ["f_sin", "f_cos"],
    `
fn f_tan(x: f32) -> f32 { return f_sin(x) / f_cos(x); }`,
  ),
  // x = q·π/2 + r, |r| ≤ π/4. π/2 is split in four 8-bit pieces and a float32 tail, so every
  // q·piece is exact for q < 2^16 without relying on fma being fused (WGSL lets it round twice,
  // and llvmpipe does): ~1 ulp for |x| < 1e5, degrading beyond (no Payne–Hanek reduction).
  f_trig_reduce: h(
    ["f_isinf", "f_opq"],
    `
fn f_trig_reduce(x: f32) -> vec2<f32> {
  let q = round(x * 0.63661977236758134);
  let q1 = q * OPQ1;
  let q2 = q * OPQ2;
  let q3 = q1 * OPQ2;
  let q4 = q2 * OPQ1;
  var r = x - q * 1.5703125;
  r = r - q1 * 0.000484466552734375;
  r = r + q2 * 6.407499313354492e-07;
  r = r - q3 * 9.89530235528946e-10;
  r = r - q4 * 2.5633440682570896e-12;
  return vec2<f32>(r, q - 4.0 * floor(q * 0.25));
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
    ["f_isnan", "f_isinf", "f_consts", "f_copysign", "f_atan"],
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
    let r = f_copysign(1.5707963267948966, y) - f_atan(x / y);
    return r;
  }
  let r = f_atan(y / x);
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
  f_sqrt: h(
    ["f_isnan", "f_consts"],
    `
fn f_sqrt(x: f32) -> f32 {
  if (f_isnan(x) || x == 0.0) { return x; }
  if (x < 0.0) { return f_nan(); }
  if (x == f_inf()) { return x; }
  return sqrt(x);
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
  // Error-free product a·b = p + e with Veltkamp halves taken from the bits (no reliance on fma
  // or on the compiler keeping a·4097 − (a·4097 − a)).
  f_two_prod: h(
    [],
    `
fn f_split_hi(a: f32) -> f32 { return bitcast<f32>(bitcast<u32>(a) & 0xfffff000u); }
fn f_two_prod_err(a: f32, b: f32, p: f32) -> f32 {
  let ah = f_split_hi(a);
  let al = a - ah;
  let bh = f_split_hi(b);
  let bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}`,
  ),
  // log2 of positive finite x (subnormals included) as a sum hi + lo: e + log(m)·log2(e).
  f_log2: h(
    ["f_log", "f_two_prod"],
    `
fn f_log2_hl(x0: f32) -> vec2<f32> {
  var x = x0;
  var e = 0;
  if (x < 1.17549435e-38) { x = x * 8388608.0; e = -23; }
  let b = bitcast<u32>(x);
  e = e + i32((b >> 23u) & 0xffu) - 127;
  var m = bitcast<f32>((b & 0x007fffffu) | 0x3f800000u);
  if (m > 1.41421356) { m = m * 0.5; e = e + 1; }
  let lm = f_log(m);
  let t = lm * 1.4426950408889634;
  let terr = f_two_prod_err(lm, 1.4426950408889634, t) + lm * 1.92596298909109e-08;
  let fe = f32(e);
  let hi = fe + t;
  let lo = select(t - hi, (fe - hi) + t, abs(fe) >= abs(t)) + terr;
  return vec2<f32>(hi, lo);
}
fn f_log2(x: f32) -> f32 { let l = f_log2_hl(x); return l.x + l.y; }`,
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
  f_erf: h(
    ["f_isnan"],
    `
fn f_erf(x0: f32) -> f32 {
  if (f_isnan(x0)) { return x0; }
  let x = clamp(x0, -4.0, 4.0);
  let x2 = x * x;
  var p = -2.72614225801306e-10;
  p = fma(p, x2, 2.77068142495902e-08);
  p = fma(p, x2, -2.10102402082508e-06);
  p = fma(p, x2, -5.69250639462346e-05);
  p = fma(p, x2, -7.34990630326855e-04);
  p = fma(p, x2, -2.95459980854025e-03);
  p = fma(p, x2, -1.60960333262415e-02);
  var q = -1.45660718464996e-05;
  q = fma(q, x2, -2.13374055278905e-04);
  q = fma(q, x2, -1.68282697438203e-03);
  q = fma(q, x2, -7.37332916720468e-03);
  q = fma(q, x2, -1.42647390514189e-02);
  return x * (p / q);
}`,
  ),
  // erfc: 1 - erf near 0; for |x| ≥ 0.5 exp(-x²) times a continued fraction, with x² split so
  // exp(-x²) keeps its accuracy.
  f_erfc: h(
    ["f_isnan", "f_erf", "f_exp"],
    `
fn f_erfc(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x < 0.85) { return 1.0 - f_erf(x); }
  if (x > 10.06) { return 0.0; }
  var f = x;
  for (var n = 80; n >= 1; n = n - 1) { f = x + f32(n) * 0.5 / f; }
  let hi = bitcast<f32>(bitcast<u32>(x) & 0xfffff000u);
  let lo = x - hi;
  let e = f_exp(-hi * hi) * f_exp(-(lo * (x + hi)));
  return e / (f * 1.7724538509055159);
}`,
  ),
  f_erf_inv: h(
    ["f_isnan", "f_consts", "f_log1p"],
    `
fn f_erf_inv(x: f32) -> f32 {
  let ax = abs(x);
  if (ax == 1.0) { return x * f_inf(); }
  if (ax > 1.0 || f_isnan(x)) { return f_nan(); }
  var w = -f_log1p(-(x * x));
  var p: f32;
  if (w < 5.0) {
    w = w - 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w;
    p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = sqrt(w) - 3.0;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  return p * x;
}`,
  ),
  // sin(πx) with exact reduction of x modulo 2 (for the reflection formulas).
  f_sinpi: h(
    ["f_sincos_kernel"],
    `
fn f_sinpi(x: f32) -> f32 {
  let r = x - 2.0 * round(x * 0.5);
  let a = abs(r);
  var s: f32;
  if (a <= 0.25) { s = f_sin_k(3.1415926535897931 * a); }
  else if (a <= 0.75) { s = f_cos_k(3.1415926535897931 * (0.5 - a)); }
  else { s = f_sin_k(3.1415926535897931 * (1.0 - a)); }
  return select(-s, s, r >= 0.0);
}`,
  ),
  f_cospi: h(
    ["f_sinpi"],
    `
fn f_cospi(x: f32) -> f32 { return f_sinpi(x + 0.5); }`,
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
  // Threefry-2x32 with 20 rounds (jax_semantics.md §A.1); u32 arithmetic wraps in WGSL.
  threefry2x32: h(
    [],
    `
fn tf_rotl(v: u32, d: u32) -> u32 { return (v << d) | (v >> (32u - d)); }
fn tf_round(x: vec2<u32>, r: u32) -> vec2<u32> {
  let a = x.x + x.y;
  return vec2<u32>(a, tf_rotl(x.y, r) ^ a);
}
fn tf_rounds0(x0: vec2<u32>) -> vec2<u32> {
  return tf_round(tf_round(tf_round(tf_round(x0, 13u), 15u), 26u), 6u);
}
fn tf_rounds1(x0: vec2<u32>) -> vec2<u32> {
  return tf_round(tf_round(tf_round(tf_round(x0, 17u), 29u), 16u), 24u);
}
fn threefry2x32(k1: u32, k2: u32, c0: u32, c1: u32) -> vec2<u32> {
  let k3 = k1 ^ k2 ^ 0x1BD11BDAu;
  var x = vec2<u32>(c0 + k1, c1 + k2);
  x = tf_rounds0(x);
  x = vec2<u32>(x.x + k2, x.y + k3 + 1u);
  x = tf_rounds1(x);
  x = vec2<u32>(x.x + k3, x.y + k1 + 2u);
  x = tf_rounds0(x);
  x = vec2<u32>(x.x + k1, x.y + k2 + 3u);
  x = tf_rounds1(x);
  x = vec2<u32>(x.x + k2, x.y + k3 + 4u);
  x = tf_rounds0(x);
  return vec2<u32>(x.x + k3, x.y + k1 + 5u);
}`,
  ),
};

/**
 * The helpers' code for a set of names, with dependencies, each once, dependencies first; `opq`
 * says whether the opaque constants are used (main must set them).
 */
export function helperCode(names: Iterable<string>): { code: string; opq: boolean } {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    const helper = HELPERS[n];
    if (!helper) throw new Error(`unknown WGSL helper ${n}`);
    for (const d of helper.deps) visit(d);
    out.push(helper.code);
  };
  for (const n of names) visit(n);
  return { code: out.join("\n"), opq: seen.has("f_opq") };
}
