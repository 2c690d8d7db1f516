/**
 * The trigamma function ψ₁ = ψ′, composed of lax operations: the derivative of digamma. JAX
 * differentiates digamma with its polygamma primitive; we have no polygamma primitive, so the
 * JVP rule builds ψ₁ from primitives every backend already runs (and can differentiate again).
 */

import type { DeviceArray } from "../../core/array.ts";
import * as lax from "../lax.ts";

/** How many recurrence steps move the argument to where the asymptotic series is exact. */
const SHIFT = 6;

/**
 * ψ₁(x) for float x. For z > 0: ψ₁(z) = Σₖ₌₀⁵ 1/(z+k)² + ψ₁(z+6), with ψ₁(w) for w ≥ 6 from its
 * asymptotic series 1/w + 1/(2w²) + 1/(6w³) − 1/(30w⁵) + 1/(42w⁷) − 1/(30w⁹) (next term < 3e-10
 * relative). For x ≤ 0 the reflection ψ₁(x) = π²/sin²(πx) − ψ₁(1−x); +∞ at the poles 0, −1, −2, …
 */
export function trigamma(x: DeviceArray): DeviceArray {
  const c = (v: number) => lax.convertElementType(v, x.dtype);
  const reflect = lax.le(x, c(0));
  const z = lax.select(reflect, lax.sub(c(1), x), x);
  let sum = c(0);
  for (let k = 0; k < SHIFT; k++) {
    sum = lax.add(sum, lax.integerPow(lax.add(z, c(k)), -2));
  }
  const iw = lax.div(c(1), lax.add(z, c(SHIFT)));
  const iw2 = lax.square(iw);
  let tail = lax.sub(c(1 / 42), lax.mul(iw2, c(1 / 30)));
  tail = lax.sub(c(1 / 30), lax.mul(iw2, tail));
  tail = lax.sub(c(1 / 6), lax.mul(iw2, tail));
  const series = lax.add(lax.add(iw, lax.mul(iw2, c(0.5))), lax.mul(lax.mul(iw, iw2), tail));
  const positive = lax.add(sum, series);
  // sin²(πx) from the distance to the nearest integer, so it is accurate for large |x|.
  const r = lax.sub(x, lax.round(x, 1));
  const s = lax.sin(lax.mul(r, c(Math.PI)));
  const reflected = lax.sub(lax.div(c(Math.PI * Math.PI), lax.square(s)), positive);
  const pole = lax.eq(r, c(0));
  return lax.select(
    reflect,
    lax.select(pole, lax.broadcast(c(Infinity), x.shape), reflected),
    positive,
  );
}
