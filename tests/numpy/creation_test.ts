import { assert, test } from "../harness.ts";
import { jnp } from "../../mod.ts";
import { registerFixtures } from "./fixture_runner.ts";

await registerFixtures("creation");

test("eye: M may be left out or null with the options second (jnp.eye(N, dtype=…))", async () => {
  const full = jnp.eye(3, 3, { k: 1, dtype: "int32" });
  for (
    const short of [
      jnp.eye(3, { k: 1, dtype: "int32" }),
      jnp.eye(3, null, { k: 1, dtype: "int32" }),
    ]
  ) {
    assert.equal(short.dtype, "int32");
    assert.deepEqual(await short.tolist(), await full.tolist());
  }
  assert.deepEqual(jnp.eye(2, 4).shape, [2, 4]);
});
