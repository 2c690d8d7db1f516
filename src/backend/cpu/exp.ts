/**
 * exp for float32 arrays, computed in float64 by an algorithm that the CPU backend runs both in
 * JavaScript (eager kernels, generated JS loops) and in WebAssembly SIMD (wasm/loops.ts), with
 * the same float64 operations in the same order — so eager and jit results agree bit for bit,
 * which they could not if one side called the engine's Math.exp (V8 uses fdlibm, JavaScriptCore
 * the system libm) and the other a SIMD routine.
 *
 * exp(x) = 2^(k/64) · p(r), k = x·64/ln2 rounded to an integer (by adding and subtracting
 * EXP_SHIFT = 1.5·2⁵² + EXP_K0, whose sum's low 32 bits are then the table index k + EXP_K0), r = (x − k·c_hi) − k·c_lo with c_hi + c_lo =
 * ln2/64 (c_hi has 20 trailing zero bits, so k·c_hi is exact), |r| ≤ ln2/128, and p the degree-5
 * Taylor polynomial (truncation error < 2⁻⁵⁴). 2^(k/64) comes from one table of doubles indexed
 * by k (141 KiB; the SIMD loops read it from the module's memory). The result's relative error is a few float64 ulps, so rounded to float32 it is the
 * correctly rounded exp except when e^x lies within ~2⁻⁵¹ (relative) of a float32 rounding
 * boundary — about one float32 input in 10⁸, where it may be 1 ulp off (Math.exp is no better).
 * Inputs ≥ 89 give +Infinity, < −104 give 0 (both float32's limits), NaN gives NaN.
 */

/** 64/ln2. */
export const EXP_INV = 92.33248261689366;
/** ln2/64 = EXP_HI + EXP_LO; EXP_HI's low 20 bits are zero. */
export const EXP_HI = 0.010830424695086549;
export const EXP_LO = 1.162596423439437e-12;
/** Taylor coefficients 1/5! … 1/0!, highest first (Horner order). */
export const EXP_POLY = [1 / 120, 1 / 24, 1 / 6, 0.5, 1, 1];
/** Input range handled by the table: [EXP_MIN, EXP_MAX). */
export const EXP_MIN = -104;
export const EXP_MAX = 89;
/** k + EXP_K0 indexes the table (k ranges over [−9603, 8218]). */
export const EXP_K0 = 9664;
/** Adding it rounds x·EXP_INV to an integer (in the low word of the sum, plus EXP_K0). */
export const EXP_SHIFT = 6755399441055744 + EXP_K0;
export const EXP_TABLE_SIZE = 17920;

/** 2^((i − EXP_K0)/64), exactly 2^(j/64) (rounded once) scaled by a power of two. */
export const EXP_TABLE: Float64Array = (() => {
  const t = new Float64Array(EXP_TABLE_SIZE);
  const frac = new Float64Array(64);
  for (let j = 0; j < 64; j++) frac[j] = Math.pow(2, j / 64);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const k = i - EXP_K0;
    const j = k & 63, m = (k - j) / 64;
    t[i] = frac[j] * Math.pow(2, m);
  }
  return t;
})();

const [P5, P4, P3, P2, P1, P0] = EXP_POLY;
const T = EXP_TABLE;

/** e^x in float64 for a float32 x (see above); round with Math.fround. */
export function expF64(x: number): number {
  if (!(x < EXP_MAX)) return x !== x ? x : Infinity;
  if (x < EXP_MIN) return 0;
  const t = x * EXP_INV + EXP_SHIFT;
  const k = t - EXP_SHIFT;
  const r = (x - k * EXP_HI) - k * EXP_LO;
  let p = P5 * r + P4;
  p = p * r + P3;
  p = p * r + P2;
  p = p * r + P1;
  p = p * r + P0;
  return p * T[k + EXP_K0];
}
