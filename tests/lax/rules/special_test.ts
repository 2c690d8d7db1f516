/** Derivative rules of the special functions: digamma (via trigamma) and nextafter (none). */

import { arr, checkJvp, checkVmap, Rng, toHost } from "./check.ts";
import { assertClose, assertThrows, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import * as lax from "../../../src/lax/lax.ts";
import { grad, jit, vmap } from "../../../mod.ts";
import { NotImplementedError } from "../../../src/errors.ts";

const rng = new Rng(31);

/** ψ₁(x) in float64: the defining series Σ 1/(x+k)² summed far out, plus its integral tail. */
function trigamma64(x: number): number {
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    return (Math.PI / Math.sin(Math.PI * x)) ** 2 - trigamma64(1 - x);
  }
  const n = 100_000;
  let s = 0;
  for (let k = n - 1; k >= 0; k--) s += 1 / ((x + k) * (x + k));
  const w = x + n;
  return s + 1 / w + 1 / (2 * w * w) + 1 / (6 * w * w * w);
}

const POINTS = [
  1e-3,
  0.01,
  0.3,
  0.5,
  1,
  1.5,
  2,
  3.7,
  5.9,
  6,
  10,
  55.5,
  1e3,
  1e5,
  -0.5,
  -1.25,
  -3.9,
];

test("digamma: its derivative is trigamma (JAX: polygamma(1, x)), to float32 precision", async () => {
  const x = arr(POINTS, [POINTS.length]);
  const g = vmap(grad((t: DeviceArray) => lax.digamma(t)))(x);
  assertClose((await toHost(g)).data, POINTS.map((p) => Math.fround(trigamma64(p))), {
    rtol: 4e-6,
    atol: 0,
    ulps: 16,
  });
  // Jitted and eager agree; the pole at a non-positive integer is +inf.
  const jitted = jit(vmap(grad((t: DeviceArray) => lax.digamma(t))))(x);
  assertClose((await toHost(jitted)).data, (await toHost(g)).data, { rtol: 1e-6, atol: 0 });
  const poles = vmap(grad((t: DeviceArray) => lax.digamma(t)))(arr([0, -2], [2]));
  assertClose((await toHost(poles)).data, [Infinity, Infinity]);
});

test("digamma: JVP matches finite differences and batches", async () => {
  const x = rng.rand([3, 4], 0.5, 8);
  await checkJvp(lax.digamma, [x]);
  await checkVmap(lax.digamma, [rng.rand([2, 3], 0.5, 8)], [1]);
  // Second derivative (differentiating the composed trigamma) against finite differences too.
  await checkJvp((t) => vmap(grad((s: DeviceArray) => lax.digamma(s)))(t), [rng.rand([5], 1, 6)], {
    eps: 1e-2,
  });
});

test("nextafter: no derivative rule, as in JAX", () => {
  const f = (x: DeviceArray) => lax.nextafter(x, arr([1], []));
  assertThrows(
    () => grad(f)(arr([0.5], [])),
    NotImplementedError,
    "Differentiation rule for 'nextafter' not implemented",
  );
});
