/**
 * Every function jnp exports is exercised: by a numpy fixture case, or by a hand-written test in
 * this directory (listed below with where it is tested).
 */

import { jnp } from "../../mod.ts";
import { assert, test } from "../harness.ts";
import { loadFixtures } from "./fixture_runner.ts";

const GROUPS = [
  "creation",
  "ufuncs",
  "promotion",
  "reductions",
  "manipulation",
  "linalg",
  "sorting",
  "indexing",
];

/** Exports tested outside the fixtures. */
const HAND_TESTED: Record<string, string> = {
  AxisError: "errors_test.ts (error class)",
  getPrintoptions: "coverage_test.ts (below)",
  setPrintoptions: "coverage_test.ts (below)",
  isclose: "coverage_test.ts (below)",
  allclose: "coverage_test.ts (below)",
  arrayEqual: "coverage_test.ts (below)",
  trace: "linalg_test.ts (numpy fixtures of tools/fixtures/gen_linalg_fixtures.py)",
  nonzero: "nonzero_test.ts",
  flatnonzero: "nonzero_test.ts",
  argwhere: "nonzero_test.ts",
};

test("jnp coverage: every exported function has a test", async () => {
  const used = new Set<string>();
  for (const g of GROUPS) for (const c of await loadFixtures(g)) used.add(c.fn);
  const missing = Object.entries(jnp)
    .filter(([name, v]) => typeof v === "function" && !used.has(name) && !(name in HAND_TESTED))
    .map(([name]) => name);
  assert.deepEqual(missing, [], `jnp functions without a test: ${missing.join(", ")}`);
});

test("jnp coverage: print options change str and repr, and restore", () => {
  const before = jnp.getPrintoptions();
  try {
    jnp.setPrintoptions({ precision: 3 });
    assert.equal(jnp.getPrintoptions().precision, 3);
    assert.equal(String(jnp.array([1 / 3, 2])), "[0.333 2.   ]");
  } finally {
    jnp.setPrintoptions({ precision: before.precision ?? 8 });
  }
  assert.equal(String(jnp.array([1 / 3, 2])), "[0.33333334 2.        ]");
});

test("jnp coverage: isclose, allclose, arrayEqual", async () => {
  const a = jnp.array([1, 2, NaN, Infinity]);
  const b = jnp.array([1 + 1e-7, 2.1, NaN, Infinity]);
  assert.deepEqual(await jnp.isclose(a, b).tolist(), [true, false, false, true]);
  assert.equal(await jnp.allclose(a.get("0:1"), b.get("0:1")).item(), true);
  assert.equal(await jnp.arrayEqual(jnp.arange(3), [0, 1, 2]).item(), true);
  assert.equal(await jnp.arrayEqual(jnp.arange(3), [0, 1]).item(), false);
});
