/**
 * WGSL sin, cos, tan and sin(πx): argument reduction x = q·π/2 + r with Cody–Waite for
 * |x| < 2^16 and Payne–Hanek (x times 2/π to 192 bits, in 32-bit integer arithmetic) beyond,
 * then Cephes' single-precision polynomials on [-π/4, π/4]. ~1 ulp for every finite x, as the
 * CPU backend's float64 Math.sin rounded to float32.
 */

import type { Helper } from "./wgsl_helpers.ts";

const h = (deps: string[], code: string): Helper => ({ deps, code: code.trim() });

export const TRIG_HELPERS: Record<string, Helper> = {
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
  if (f_isnan(x) || x == 0.0) { return x; }
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
  // x = q·π/2 + r, |r| ≤ π/4, returned as (r, q mod 4). Cody–Waite for |x| < 2^16: π/2 split
  // in four 8-bit pieces and a float32 tail, so every q·piece is exact for q < 2^16 without
  // relying on fma being fused (WGSL lets it round twice, and llvmpipe does).
  f_trig_reduce: h(
    ["f_isinf", "f_opq", "f_trig_reduce_big"],
    `
fn f_trig_reduce(x: f32) -> vec2<f32> {
  if (abs(x) >= 65536.0) { return f_trig_reduce_big(x); }
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
  // Payne–Hanek for |x| ≥ 2^16: the 24-bit mantissa times 192 bits of 2/π in 32-bit words
  // (32×32→64 products from 16-bit halves), keeping 2 integer bits (q mod 4) and 62 fraction
  // bits, then the fraction times π/2 as a float pair.
  f_trig_reduce_big: h(
    ["f_two_prod", "f_scale2"],
    `
var<private> TWO_OVER_PI: array<u32, 6> = array<u32, 6>(
  0x3c439041u, 0xdb629599u, 0xf534ddc0u, 0xfc2757d1u, 0x4e441529u, 0xa2f9836eu);
fn tf_mul32(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>((p00 & 0xffffu) | (mid << 16u), a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u));
}
fn f_trig_reduce_big(x: f32) -> vec2<f32> {
  let bits = bitcast<u32>(x);
  let ex = i32((bits >> 23u) & 0xffu);
  let ia = (bits << 8u) | 0x80000000u;
  var res: array<u32, 7>;
  var carry = 0u;
  for (var i = 0; i < 6; i = i + 1) {
    let p = tf_mul32(TWO_OVER_PI[i], ia);
    let lo = p.x + carry;
    res[i] = lo;
    carry = p.y + select(0u, 1u, lo < p.x);
  }
  res[6] = carry;
  let e = ex - 128;
  let idx = e >> 5u;
  let sh = u32(e & 31);
  var hi = res[6 - idx];
  var lo = res[5 - idx];
  if (sh != 0u) {
    hi = (hi << sh) | (lo >> (32u - sh));
    lo = (lo << sh) | (res[4 - idx] >> (32u - sh));
  }
  var q = hi >> 30u;
  hi = (hi << 2u) | (lo >> 30u);
  lo = lo << 2u;
  var neg = false;
  if ((hi & 0x80000000u) != 0u) {
    // Fraction ≥ ½: round the quotient up; the remainder is 1 − fraction, negated.
    q = q + 1u;
    neg = true;
    lo = 0u - lo;
    hi = ~hi + select(0u, 1u, lo == 0u);
  }
  var shift = 0;
  if (hi == 0u) {
    hi = lo;
    lo = 0u;
    shift = 32;
  }
  if (hi == 0u) { return vec2<f32>(0.0, f32(q & 3u)); }
  let lz = countLeadingZeros(hi);
  if (lz != 0u) {
    hi = (hi << lz) | (lo >> (32u - lz));
    lo = lo << lz;
  }
  shift = shift + i32(lz);
  let fh = f_scale2(f32(hi >> 8u), -24 - shift);
  let fl = f_scale2(f32(((hi & 0xffu) << 24u) | (lo >> 8u)), -56 - shift);
  let rh = fh * 1.5707963705062866;
  var r = rh + (f_two_prod_err(fh, 1.5707963705062866, rh) - fh * 4.371139000186243e-08 +
    fl * 1.5707963705062866);
  if (neg) { r = -r; }
  if (x < 0.0) {
    r = -r;
    q = 4u - (q & 3u);
  }
  return vec2<f32>(r, f32(q & 3u));
}`,
  ),
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
};
