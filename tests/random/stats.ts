/**
 * Statistical checks for the samplers' tests: sample moments against theory with a bound of a
 * few standard errors, a Kolmogorov–Smirnov test against a CDF and a chi-squared test against a
 * pmf, each at a small significance level. The samples come from fixed keys, so a check either
 * always passes or always fails; the bounds are wide enough that a correct sampler passes and
 * narrow enough that a wrong mean, variance or shape of the distribution fails.
 */

import { assert } from "../harness.ts";

/** How many standard errors a moment may be off (two-sided p ≈ 6e-7 for a normal statistic). */
const Z = 5;

/** Sample mean, variance and fourth central moment. */
export function moments(xs: ArrayLike<number>): { mean: number; variance: number; m4: number } {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean /= n;
  let m2 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  return { mean, variance: m2 / n, m4: m4 / n };
}

/**
 * Asserts the sample mean and variance are within Z standard errors of the theoretical ones
 * (the mean's error from the theoretical variance, the variance's from the sample's fourth
 * moment).
 */
export function assertMoments(
  xs: ArrayLike<number>,
  mean: number,
  variance: number,
  what: string,
): void {
  const n = xs.length;
  const s = moments(xs);
  const seMean = Math.sqrt(variance / n);
  const seVar = Math.sqrt(Math.max(s.m4 - s.variance ** 2, 0) / n);
  assert.ok(
    Math.abs(s.mean - mean) <= Z * seMean,
    `${what}: sample mean ${s.mean} vs ${mean} (standard error ${seMean})`,
  );
  assert.ok(
    Math.abs(s.variance - variance) <= Z * seVar,
    `${what}: sample variance ${s.variance} vs ${variance} (standard error ${seVar})`,
  );
}

/** log Γ(x) for x > 0 (recurrence up to x ≥ 10, then Stirling's series: ~1e-12 absolute). */
export function lnGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= Math.log(x);
    x += 1;
  }
  const f = 1 / (x * x);
  const series = (1 / x) * (1 / 12 - f * (1 / 360 - f * (1 / 1260 - f / 1680)));
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}

/** The regularized lower incomplete gamma function P(a, x), the Gamma(a) CDF. */
export function gammaCdf(a: number, x: number): number {
  if (x <= 0) return 0;
  const lead = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    // Series: P = e^-x x^a / Γ(a+1) Σ x^n / ((a+1)…(a+n)).
    let term = 1 / a, sum = term;
    for (let n = 1; n < 10000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return sum * Math.exp(lead);
  }
  // Continued fraction for Q = 1 - P (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(lead) * h;
}

/**
 * Asserts the samples pass a Kolmogorov–Smirnov test against `cdf` at level 0.001 (critical
 * value 1.949 / √n, asymptotic).
 */
export function assertKolmogorovSmirnov(
  xs: ArrayLike<number>,
  cdf: (x: number) => number,
  what: string,
): void {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  const critical = 1.949 / Math.sqrt(n);
  assert.ok(d <= critical, `${what}: KS statistic ${d} > ${critical} (n = ${n})`);
}

/**
 * Asserts integer samples pass a chi-squared goodness-of-fit test against `pmf` at level 0.001:
 * values are binned so that every bin expects at least 5 (the tails pooled), and the statistic
 * is compared with the Wilson–Hilferty approximation of the chi-squared quantile.
 */
export function assertChiSquared(
  xs: ArrayLike<number>,
  pmf: (k: number) => number,
  what: string,
): void {
  const n = xs.length;
  const counts = new Map<number, number>();
  let max = 0;
  for (let i = 0; i < n; i++) {
    assert.ok(Number.isInteger(xs[i]) && xs[i] >= 0, `${what}: ${xs[i]} is not a count`);
    counts.set(xs[i], (counts.get(xs[i]) ?? 0) + 1);
    max = Math.max(max, xs[i]);
  }
  // Bins [lo, hi] accumulated left to right until they expect ≥ 5; the last takes the tail.
  const bins: { expected: number; observed: number }[] = [];
  let exp = 0, obs = 0, cum = 0;
  for (let k = 0; k <= max; k++) {
    const p = pmf(k);
    cum += p;
    exp += p * n;
    obs += counts.get(k) ?? 0;
    if (exp >= 5 && (1 - cum) * n >= 5) {
      bins.push({ expected: exp, observed: obs });
      exp = 0;
      obs = 0;
    }
  }
  bins.push({ expected: exp + Math.max(0, 1 - cum) * n, observed: obs });
  const stat = bins.reduce((s, b) => s + (b.observed - b.expected) ** 2 / b.expected, 0);
  const df = bins.length - 1;
  const z = 3.0902; // the standard normal's 0.999 quantile
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  assert.ok(stat <= critical, `${what}: chi-squared ${stat} > ${critical} (${df} dof)`);
}

/** The Poisson(λ) pmf, k! computed in log space. */
export function poissonPmf(lam: number): (k: number) => number {
  return (k) => Math.exp(k * Math.log(lam) - lam - lnGamma(k + 1));
}

/** The digamma function ψ(x), x > 0 (recurrence up to x ≥ 6, then the asymptotic series). */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x -
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** The trigamma function ψ'(x), x > 0 (recurrence up to x ≥ 6, then the asymptotic series). */
export function trigamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 +
    (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}
