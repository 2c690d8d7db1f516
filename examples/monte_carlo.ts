/**
 * Monte Carlo estimates with jax.random: π from random points in the unit square, and a European
 * call option price under Black–Scholes, each reproducible by seed.
 *
 *   deno run --allow-env --allow-read examples/monte_carlo.ts
 */

import process from "node:process";
import { type DeviceArray, jit, jnp, random } from "../mod.ts";

const quick = (() => {
  try {
    return process.env.JAXSCRIPT_QUICK === "1";
  } catch {
    return false;
  }
})();
const n = quick ? 10_000 : 1_000_000;

const estimatePi = jit((key: DeviceArray) => {
  const [kx, ky] = random.split(key);
  const x = random.uniform(kx, [n]);
  const y = random.uniform(ky, [n]);
  const inside = jnp.lessEqual(jnp.add(jnp.square(x), jnp.square(y)), 1);
  return jnp.multiply(jnp.mean(inside.astype("float32")), 4);
});

for (const seed of [0, 1, 0]) {
  console.log(
    `π ≈ ${
      (await estimatePi(random.PRNGKey(seed)).item() as number).toFixed(5)
    }  (seed ${seed}, ${n} points)`,
  );
}
console.log("the same seed gives the same estimate: results are reproducible by key\n");

// A European call: S0 = 100, K = 105, r = 5%, σ = 20%, T = 1 year.
const S0 = 100, K = 105, r = 0.05, sigma = 0.2, T = 1;
const callPrice = jit((key: DeviceArray) => {
  const z = random.normal(key, [n]);
  const drift = (r - 0.5 * sigma * sigma) * T;
  const ST = jnp.multiply(S0, jnp.exp(jnp.add(drift, jnp.multiply(z, sigma * Math.sqrt(T)))));
  const payoff = jnp.maximum(jnp.subtract(ST, K), 0);
  return jnp.multiply(jnp.mean(payoff), Math.exp(-r * T));
});

// The closed form, for comparison.
const erf = (x: number) => {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 -
    (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
};
const cdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
const d1 = (Math.log(S0 / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * Math.sqrt(T));
const d2 = d1 - sigma * Math.sqrt(T);
const exact = S0 * cdf(d1) - K * Math.exp(-r * T) * cdf(d2);

const keys = random.split(random.PRNGKey(2024), 4);
for (let i = 0; i < 4; i++) {
  console.log(
    `call price ≈ ${(await callPrice(keys.get(i)).item() as number).toFixed(4)}  (key ${i})`,
  );
}
console.log(`Black–Scholes closed form: ${exact.toFixed(4)}`);
