import { assert, test } from "./harness.ts";
import { jnp, tree } from "../mod.ts";

test("flatten/unflatten: arrays and objects (sorted keys), None-like leaves", () => {
  const [leaves, def] = tree.flatten({ b: [1, 2], a: 3, c: null });
  assert.deepEqual(leaves, [3, 1, 2]);
  assert.equal(String(def), "PyTreeDef({'a': *, 'b': (*, *), 'c': None})");
  assert.deepEqual(tree.unflatten(def, [30, 10, 20]), { a: 30, b: [10, 20], c: null });
  assert.throws(() => tree.unflatten(def, [1, 2]), /Too many leaves|expected 3/);
});

test("map over several trees, arrays are leaves", async () => {
  const x = { w: jnp.ones([2]), b: jnp.zeros([2]) };
  const y = tree.map(
    (a: ReturnType<typeof jnp.ones>, b: ReturnType<typeof jnp.ones>) => jnp.add(a, b),
    x,
    x,
  );
  assert.deepEqual(await y.w.tolist(), [2, 2]);
  assert.throws(() => tree.map((a: number, b: number) => a + b, [1, 2], [1]), /mismatch/);
});
