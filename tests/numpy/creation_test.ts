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

test("dtype positionally, as JAX users pass it (jnp.zeros(shape, jnp.int32))", async () => {
  const cases: [string, () => { dtype: string; shape: number[] }, string, number[]][] = [
    ["zeros", () => jnp.zeros([2], "int32"), "int32", [2]],
    ["ones", () => jnp.ones([2], jnp.bool_), "bool", [2]],
    ["full", () => jnp.full([2], 3, "float32"), "float32", [2]],
    ["zerosLike", () => jnp.zerosLike(jnp.ones([3]), "uint32"), "uint32", [3]],
    ["onesLike", () => jnp.onesLike(jnp.arange(2), jnp.float32), "float32", [2]],
    ["fullLike", () => jnp.fullLike(jnp.arange(2), 7, "float32"), "float32", [2]],
    ["identity", () => jnp.identity(2, "int32"), "int32", [2, 2]],
    ["array", () => jnp.array([1, 2], "float32"), "float32", [2]],
    ["asarray", () => jnp.asarray([1, 2], { dtype: "float32" }), "float32", [2]],
    ["arange(stop, opts)", () => jnp.arange(4, { dtype: "float32" }), "float32", [4]],
    ["arange(start, stop, dtype)", () => jnp.arange(1, 4, "float32"), "float32", [3]],
    ["arange(start, stop, step, dtype)", () => jnp.arange(0, 6, 2, "uint32"), "uint32", [3]],
    ["arange(stop, null, null, dtype)", () => jnp.arange(3, null, null, "float32"), "float32", [3]],
  ];
  for (const [what, make, dtype, shape] of cases) {
    const x = make();
    assert.equal(x.dtype, dtype, what);
    assert.deepEqual(x.shape, shape, what);
  }
  assert.deepEqual(await jnp.arange(1, 4, "float32").tolist(), [1, 2, 3]);
  assert.deepEqual(await jnp.arange(0, 6, 2, "uint32").tolist(), [0, 2, 4]);
  assert.deepEqual(await jnp.full([2], 3, "float32").tolist(), [3, 3]);
});
