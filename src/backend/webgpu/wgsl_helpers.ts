/**
 * WGSL helper functions referenced by the expression templates, each with the helpers it calls.
 * NaN is always detected on the bits: shader compilers are allowed to assume floats are never
 * NaN, so `x != x` may be folded to false.
 */

import { LOG_HELPERS } from "./wgsl_log.ts";
import { MATH_HELPERS } from "./wgsl_math.ts";
import { TRIG_HELPERS } from "./wgsl_trig.ts";

export interface Helper {
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
  ...LOG_HELPERS,
  ...MATH_HELPERS,
  ...TRIG_HELPERS,
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
