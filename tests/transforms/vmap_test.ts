import { assert, assertClose, assertThrows, test } from "../harness.ts";
import { type DeviceArray, jit, jnp, makeJaxpr, ValueError, vmap } from "../../mod.ts";

const f32 = (x: unknown) => jnp.array(x as number[], { dtype: "float32" });

test("vmap(jnp.dot) computes row-wise dots; inAxes [null, 0] maps one argument", async () => {
  const a = jnp.stack([jnp.arange(150), jnp.arange(150)]);
  const b = jnp.stack([jnp.arange(100, 250), jnp.arange(1, 151)]);
  assert.deepEqual(await vmap(jnp.dot)(a, b).tolist(), [2231275, 1124950]);
  assert.deepEqual(await vmap(jnp.dot, { inAxes: [0, 0] })(a, b).tolist(), [2231275, 1124950]);
  assert.deepEqual(await vmap(jnp.dot, { inAxes: [null, 0] })(jnp.arange(150), b).tolist(), [
    2231275,
    1124950,
  ]);
});

test("jit(vmap(x => dot(W, x))) is one matrix product", () => {
  const W = jnp.ones([64, 100]);
  const layer = (x: DeviceArray) => jnp.dot(W, x);
  const j = String(makeJaxpr(vmap(layer))(jnp.ones([16, 100])));
  assert.equal(j.match(/dot_general/g)?.length, 1, j);
  assert.deepEqual(jit(vmap(layer))(jnp.ones([16, 100])).shape, [16, 64]);
});

test("inAxes: negative, nested containers, outAxes moves and broadcasts", async () => {
  const x = jnp.arange(6).reshape([2, 3]);
  assert.deepEqual(vmap((r: DeviceArray) => r, { inAxes: -1 })(x).shape, [3, 2]);
  const g = vmap((p: { a: DeviceArray; b: DeviceArray[] }) => jnp.add(p.a, p.b[0]), {
    inAxes: [{ a: 0, b: [1] }],
  });
  assert.deepEqual(await g({ a: x, b: [x.T] }).tolist(), [[0, 2, 4], [6, 8, 10]]);
  assert.deepEqual(vmap((r: DeviceArray) => r, { outAxes: 1 })(x).shape, [3, 2]);
  const u = vmap((_r: DeviceArray, s: DeviceArray) => s, { inAxes: [0, null] })(x, jnp.arange(4));
  assert.deepEqual(u.shape, [2, 4]);
});

test("nested vmap with mixed axes equals the loop", async () => {
  const a = f32([[1, 2, 3], [4, 5, 6]]);
  const b = f32([[1, 0], [0, 1], [1, 1]]);
  const outer = vmap(
    vmap((x: DeviceArray, y: DeviceArray) => jnp.multiply(x, y), { inAxes: [0, null] }),
    {
      inAxes: [1, 0],
    },
  );
  const out = outer(a, b);
  assert.deepEqual(out.shape, [3, 2, 2]);
  const want = [];
  for (let j = 0; j < 3; j++) {
    const row = [];
    for (let i = 0; i < 2; i++) {
      const av = [[1, 2, 3], [4, 5, 6]][i][j];
      row.push([[1, 0], [0, 1], [1, 1]][j].map((v) => av * v));
    }
    want.push(row);
  }
  assertClose((await out.data()) as Float32Array, want.flat(2));
});

test("vmap errors match JAX", () => {
  assertThrows(
    () =>
      vmap((a: DeviceArray, b: DeviceArray) => jnp.add(a, b), { inAxes: [0, 1] })(
        jnp.ones([10, 4]),
        jnp.ones([10, 2]),
      ),
    ValueError,
    "vmap got inconsistent sizes for array axes to be mapped:\n" +
      "  * one axis had size 10: axis 0 of argument a of type float32[10,4];\n" +
      "  * one axis had size 2: axis 1 of argument b of type float32[10,2]",
  );
  assertThrows(
    () => vmap((x: DeviceArray) => x)(jnp.asarray(1)),
    ValueError,
    "vmap was requested to map its argument along axis 0, which implies that its rank should be at least 1, but is only 0 (its shape is ())",
  );
  assertThrows(
    () => vmap((x: DeviceArray) => x, { inAxes: null })(jnp.ones([3])),
    ValueError,
    "vmap must have at least one non-None value in in_axes",
  );
  assertThrows(
    () => vmap((x: DeviceArray) => x, { inAxes: [0, 0] })(jnp.ones([3])),
    ValueError,
    "vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function, but got len(in_axes)=2, len(args)=1.",
  );
  assertThrows(
    () => vmap((x: DeviceArray) => x, { inAxes: "x" as unknown as number }),
    TypeError,
    "vmap in_axes must be an int, None, or (nested) container with those types as leaves",
  );
  assertThrows(
    () => vmap((x: DeviceArray) => x, { outAxes: null })(jnp.ones([3])),
    ValueError,
    "vmap has mapped output but out_axes is None",
  );
  const most = assertThrows(
    () =>
      vmap((x: DeviceArray, y: DeviceArray, z: DeviceArray) => [x, y, z])(
        jnp.ones([10, 4]),
        jnp.ones([10]),
        jnp.ones([3]),
      ),
    ValueError,
  );
  assert.match(
    most.message,
    /most axes \(2 of them\) had size 10, e\.g\. axis 0 of argument x of type float32\[10,4\];\n {2}\* one axis had size 3: axis 0 of argument z of type float32\[3\]$/,
  );
});

test("an unmapped output with integer outAxes is broadcast", async () => {
  const c = vmap((_r: DeviceArray) => jnp.arange(2), { outAxes: 1 })(jnp.ones([3, 5]));
  assert.deepEqual(c.shape, [2, 3]);
  assert.deepEqual(await c.tolist(), [[0, 0, 0], [1, 1, 1]]);
});
