/**
 * Larger arrays against the numpy reference (jaxrandom.py and gen_fixtures.py's extensions), in
 * both modes, eagerly and under jit: bits, keys, uniform, randint, permutation and choice
 * bit-exact; normal bit-exact against the reference evaluated as XLA:CPU does (FMA Horner steps,
 * accurate log1p) and within 3 ulp of jaxrandom.py's default (XLA's 2019-2022 log1p, and numpy's
 * float32 log, itself up to 4 ulp off); the other float samplers within 2 ulp. Includes the
 * tutorial's W = normal(PRNGKey(0), (64, 100)).
 */

import { jit, random } from "../../mod.ts";
import { assert, assertClose, assertExact, test } from "../harness.ts";
import { CASES } from "./cases.ts";
import { decode, fixtures, inMode, type Mode, MODES, ulpStats, values } from "./helpers.ts";

for (const mode of MODES) {
  for (const [name, c] of Object.entries(fixtures.reference[mode])) {
    for (const jitted of [false, true]) {
      test(`random reference [${mode}${jitted ? ", jit" : ""}] ${name}`, async () => {
        const entry = CASES[name];
        assert.ok(entry, `no case for ${name}`);
        const [seed, f] = entry;
        const out = inMode(mode, () => (jitted ? jit(f) : f)(random.PRNGKey(seed)));
        assert.deepEqual(out.shape, c.ref.shape);
        assert.equal(out.dtype, c.ref.dtype);
        const got = await values(out);
        if (c.exact) {
          // normal: exact against a correctly rounded float32 evaluation of XLA:CPU's formula...
          assertExact(got, decode(c.exact));
          // ...and within 3 ulp of jaxrandom.py's default (older log1p, numpy's inexact log).
          const s = ulpStats(got, decode(c.ref));
          assert.ok(s.max <= 3, `max ulp ${s.max}: ${JSON.stringify(s.counts)}`);
        } else if (c.float) {
          assertClose(got, decode(c.ref), { ulps: 2, rtol: 0, atol: 0 });
        } else {
          assertExact(got, decode(c.ref));
        }
      });
    }
  }
}

test("random reference: every case has a fixture in each mode", () => {
  for (const mode of MODES as Mode[]) {
    for (const name of Object.keys(CASES)) {
      if (!(name in fixtures.reference.original)) continue; // cases only jax.test.ts records
      if (mode === "partitionable" && /^normal (W|batch_x)/.test(name)) continue; // tutorial
      assert.ok(fixtures.reference[mode][name], `${mode}: no fixture for ${name}`);
    }
  }
});

// The tutorial (original mode, as its 2022 notebook). jax.test.ts compares it with a real JAX run.
test("random tutorial W = normal(PRNGKey(0), [64, 100]) matches the reference", async () => {
  const c = fixtures.reference.original["normal W = normal(PRNGKey(0), (64, 100))"];
  const W = inMode("original", () => random.normal(random.PRNGKey(0), [64, 100]));
  const got = await values(W);
  assertExact(got, decode(c.exact!));
  const s = ulpStats(got, decode(c.ref));
  assert.ok(s.max <= 3 && (s.counts[0] ?? 0) >= 0.95 * got.length, JSON.stringify(s.counts));
});
