/**
 * Nearly correctly rounded float32 log, log1p and log2 in WGSL, and an exact fma.
 *
 * The CPU backend computes these in float64 and rounds once, so its float32 results are
 * correctly rounded; jax.random.normal (erf_inv of log1p) and gumbel (log of log) are tested bit
 * for bit against such results. Plain float32 formulas are 1–2 ulp off, so here log is evaluated
 * in double-float arithmetic (pairs hi + lo, ~2^-40 relative) and rounded once:
 *   x = 2^e · m, m ∈ [√½, √2); m ≈ c_j = 1 + j/128 with r_j = 1/c_j from a table;
 *   log x = e·ln2 + log(1/r_j) + log1p(z), z = m·r_j − 1 (|z| < 2^-7.5, computed exactly);
 *   log1p(z) = z − z²/2 + z³/3 − … with the first two terms as pairs.
 *
 * Two facts about shader compilers shape the code (both observed with llvmpipe):
 *  - WGSL's fma may round twice (llvmpipe's does), so exact products are formed from operands
 *    split at bit 12 (`f_two_prod_err`), and `f_fma` is an emulated correctly rounded fma;
 *  - compilers reassociate float expressions, folding TwoSum's error term to 0, so the sum and
 *    the intermediate difference are multiplied by opaque ones (OPQ1, OPQ2 are 1.0 at run time
 *    but unknown to the compiler).
 */

const f32 = (x: number) => Math.fround(x);
/** A float32 literal (9 significant digits identify a float32; const contexts allow no bitcast). */
const lit = (x: number) => `${f32(x).toPrecision(9)}f`;

/** The table: for j = -38..53, (r_j, hi, lo) with r_j = f32(1/c_j), hi + lo = -log(r_j). */
function logTable(): string {
  const rows: string[] = [];
  for (let j = -38; j <= 53; j++) {
    const r = j === 0 ? 1 : f32(1 / (1 + j / 128));
    const L = -Math.log(r);
    const hi = f32(L);
    const lo = f32(L - hi);
    rows.push(`vec3<f32>(${lit(r)}, ${lit(hi)}, ${lit(lo)})`);
  }
  return `var<private> LOG_TBL: array<vec3<f32>, 92> = array<vec3<f32>, 92>(\n  ${
    rows.join(",\n  ")
  }\n);`;
}

import type { Helper } from "./wgsl_helpers.ts";

const h = (deps: string[], code: string): Helper => ({ deps, code: code.trim() });

export const LOG_HELPERS: Record<string, Helper> = {
  // Error-free transformations.
  f_two_prod: h(
    ["f_opq"],
    `
fn f_split_hi(a: f32) -> f32 { return bitcast<f32>(bitcast<u32>(a) & 0xfffff000u); }
fn f_two_prod_err(a: f32, b: f32, p: f32) -> f32 {
  let ah = f_split_hi(a);
  let al = a - ah;
  let bh = f_split_hi(b);
  let bl = b - bh;
  // Summed in this order, each partial through an opaque 1 so it cannot be reassociated.
  let t1 = (ah * bh - p) * OPQ1;
  let t2 = (t1 + ah * bl) * OPQ2;
  let t3 = (t2 + al * bh) * OPQ1;
  return t3 + al * bl;
}`,
  ),
  f_two_sum: h(
    ["f_opq"],
    `
fn f_two_sum(a: f32, b: f32) -> vec2<f32> {
  // Every intermediate goes through an opaque 1 so no step can be reassociated with the next.
  let s = (a + b) * OPQ1;
  let bb = (s - a) * OPQ2;
  let sb = (s - bb) * OPQ1;
  let da = (a - sb) * OPQ2;
  let db = (b - bb) * OPQ1;
  return vec2<f32>(s, da + db);
}`,
  ),
  // Double-float arithmetic on pairs (hi, lo).
  f_dd: h(
    ["f_two_prod", "f_two_sum", "f_opq"],
    `
fn dd_norm(hi: f32, lo: f32) -> vec2<f32> {
  let t = (hi + lo) * OPQ1;
  let d = (t - hi) * OPQ2;
  return vec2<f32>(t, lo - d);
}
fn dd_add(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = f_two_sum(a.x, b.x);
  return dd_norm(s.x, s.y + a.y + b.y);
}
fn dd_mul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let p = (a.x * b.x) * OPQ1;
  return dd_norm(p, f_two_prod_err(a.x, b.x, p) + (a.x * b.y + a.y * b.x));
}
fn dd_div_int(a: vec2<f32>, k: f32) -> vec2<f32> {
  let q = (a.x / k) * OPQ1;
  let pk = (q * k) * OPQ2;
  let d0 = (a.x - pk) * OPQ1;
  let d1 = (d0 - f_two_prod_err(q, k, pk)) * OPQ2;
  let rem = d1 + a.y;
  return dd_norm(q, rem / k);
}`,
  ),
  // a / b rounded correctly: Vulkan lets division be approximate (NVIDIA's is a·(1/b), 1 ulp
  // off at 3.5/100.25 and 0 for huge/huge when 1/b is subnormal and flushed), so operands near
  // the top of the range are scaled and one Newton step corrects the quotient (skipped where the
  // correction itself would be subnormal, |q| < 2e-30, or the dividend is tiny).
  f_div: h(
    ["f_two_prod", "f_opq", "f_isinf", "f_isnan"],
    `
fn f_div_core(a: f32, b: f32) -> f32 {
  let q = a / b;
  if (q == 0.0 || f_isinf(q) || f_isnan(q) || f_isinf(b) || abs(q) < 2e-30 || abs(q) > 1e37 ||
    abs(a) < 1e-30 || abs(b) < 1e-37) {
    return q;
  }
  let p = (q * b) * OPQ1;
  let e = ((a - p) * OPQ2 - f_two_prod_err(q, b, p)) * OPQ1;
  // Not q + e / b: NVIDIA's compiler rewrites that as (q·b + e) / b, an approximate division.
  let rb = (1.0 / b) * OPQ2;
  return q + e * rb;
}
fn f_div(a: f32, b: f32) -> f32 {
  // Huge divisors: scaled (1/b would be flushed to 0 on NVIDIA), not corrected.
  if (abs(b) > 1e37) { return (a * 0.0625) / (b * 0.0625); }
  // Tiny quotients: corrected at a scale (2^64) where the correction is not subnormal.
  let aa = abs(a);
  if (aa < 1e-20 && aa > 1e-37 && abs(b) > 1e-18 && abs(b) < 1e18 && abs(a / b) < 2e-30) {
    return f_div_core(a * 18446744073709551616.0, b) * 5.421010862427522e-20;
  }
  return f_div_core(a, b);
}`,
  ),
  // fma(a, b, c) rounded once (WGSL's fma may round twice).
  f_fma: h(
    ["f_two_prod", "f_two_sum", "f_opq"],
    `
fn f_fma(a: f32, b: f32, c: f32) -> f32 {
  let p = (a * b) * OPQ1;
  let e = f_two_prod_err(a, b, p);
  let s = f_two_sum(p, c);
  return s.x + (s.y + e);
}`,
  ),
  // log of a positive finite x (subnormals included) as a pair hi + lo.
  f_log_dd: h(
    ["f_two_prod", "f_two_sum", "f_opq"],
    `
${logTable()}
fn f_log_dd(x0: f32) -> vec2<f32> {
  var x = x0;
  var e = 0;
  if (x < 1.17549435e-38) { x = x * 8388608.0; e = -23; }
  let b = bitcast<u32>(x);
  e = e + i32((b >> 23u) & 0xffu) - 127;
  var m = bitcast<f32>((b & 0x007fffffu) | 0x3f800000u);
  if (m > 1.41421356) { m = m * 0.5; e = e + 1; }
  let j = clamp(i32(round((m - 1.0) * 128.0)), -38, 53);
  let t = LOG_TBL[j + 38];
  // z = m·r − 1 exactly as zh + zl (m·r = p + pe; p − 1 is exact).
  let p = (m * t.x) * OPQ1;
  let pe = f_two_prod_err(m, t.x, p);
  let z = f_two_sum(p - 1.0, pe);
  let zh = z.x;
  let zl = z.y;
  // log1p(z) = zh − zh²/2 + (zl − zh·zl) + z³/3 − z⁴/4 + z⁵/5 − z⁶/6.
  let q = (zh * zh) * OPQ2;
  let qe = f_two_prod_err(zh, zh, q);
  var tail = -0.16666667;
  tail = tail * zh + 0.2;
  tail = tail * zh - 0.25;
  tail = tail * zh + 0.33333334;
  tail = tail * (q * zh);
  let s1 = f_two_sum(zh, -0.5 * q);
  let low = s1.y + zl - zh * zl - 0.5 * qe + tail;
  // e·ln2 (ln2_hi has 15 bits, so e·ln2_hi is exact) + table value + log1p(z).
  let fe = f32(e);
  let a1 = f_two_sum(fe * 0.693145751953125, t.y);
  let a2 = f_two_sum(a1.x, s1.x);
  let lo = a1.y + a2.y + (fe * 1.4286068203094173e-06 + t.z + low);
  let r = f_two_sum(a2.x, lo);
  return r;
}`,
  ),
  // log, rounded once from the pair.
  f_log: h(
    ["f_isnan", "f_consts", "f_log_dd"],
    `
fn f_log(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x < 0.0) { return f_nan(); }
  if (x == 0.0) { return -f_inf(); }
  if (x == f_inf()) { return x; }
  let d = f_log_dd(x);
  return d.x + d.y;
}`,
  ),
  // log1p(x) = log(1 + x) with 1 + x as an exact pair uh + ul: log(uh) + ul/uh.
  f_log1p_dd: h(
    ["f_log_dd", "f_two_sum"],
    `
fn f_log1p_dd(x: f32) -> vec2<f32> {
  let u = f_two_sum(1.0, x);
  let d = f_log_dd(u.x);
  return f_two_sum(d.x, d.y + u.y / u.x);
}`,
  ),
  f_log1p: h(
    ["f_isnan", "f_consts", "f_log1p_dd"],
    `
fn f_log1p(x: f32) -> f32 {
  if (f_isnan(x)) { return x; }
  if (x < -1.0) { return f_nan(); }
  if (x == -1.0) { return -f_inf(); }
  if (x == f_inf()) { return x; }
  // Below 2^-25, log1p(x) rounds to x (and 1 + x would lose x).
  if (abs(x) < 2.9802322e-08) { return x; }
  let d = f_log1p_dd(x);
  return d.x + d.y;
}`,
  ),
  // log2 of positive finite x as a pair: log(x)·log2(e).
  f_log2: h(
    ["f_log_dd", "f_two_prod", "f_opq"],
    `
fn f_log2_hl(x: f32) -> vec2<f32> {
  let d = f_log_dd(x);
  let hi = (d.x * 1.4426950408889634) * OPQ1;
  let lo = f_two_prod_err(d.x, 1.4426950408889634, hi) + d.x * 1.92596298909109e-08 +
    d.y * 1.4426950408889634;
  return vec2<f32>(hi, lo);
}
fn f_log2(x: f32) -> f32 { let l = f_log2_hl(x); return l.x + l.y; }`,
  ),
  // XLA's float32 ErfInv exactly as the CPU backend evaluates it: w = -log1p(-x²) rounded once,
  // Horner steps as correctly rounded fmas.
  f_erf_inv: h(
    ["f_isnan", "f_consts", "f_log1p", "f_fma"],
    `
fn f_erf_inv(x: f32) -> f32 {
  let ax = abs(x);
  if (ax == 1.0) { return x * f_inf(); }
  if (ax > 1.0 || f_isnan(x)) { return f_nan(); }
  let t = -(x * x);
  var w = -select(f_log1p(t), t, t > -3.725290298461914e-9);
  var p: f32;
  if (w < 5.0) {
    w = w - 2.5;
    p = 2.81022636e-08;
    p = f_fma(p, w, 3.43273939e-07);
    p = f_fma(p, w, -3.5233877e-06);
    p = f_fma(p, w, -4.39150654e-06);
    p = f_fma(p, w, 0.00021858087);
    p = f_fma(p, w, -0.00125372503);
    p = f_fma(p, w, -0.00417768164);
    p = f_fma(p, w, 0.246640727);
    p = f_fma(p, w, 1.50140941);
  } else {
    w = sqrt(w) - 3.0;
    p = -0.000200214257;
    p = f_fma(p, w, 0.000100950558);
    p = f_fma(p, w, 0.00134934322);
    p = f_fma(p, w, -0.00367342844);
    p = f_fma(p, w, 0.00573950773);
    p = f_fma(p, w, -0.0076224613);
    p = f_fma(p, w, 0.00943887047);
    p = f_fma(p, w, 1.00167406);
    p = f_fma(p, w, 2.83297682);
  }
  return p * x;
}`,
  ),
};
