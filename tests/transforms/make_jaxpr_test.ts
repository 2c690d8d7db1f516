import { assert, test } from "../harness.ts";
import { type DeviceArray, jit, jnp, makeJaxpr, vmap } from "../../mod.ts";

test("makeJaxpr prints JAX's one-line form for small functions", () => {
  assert.equal(
    String(makeJaxpr(jnp.sin)(jnp.ones([3]))),
    "{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }",
  );
  assert.equal(
    String(
      makeJaxpr((x: DeviceArray, y: DeviceArray) => jnp.add(x, y))(jnp.ones([2]), jnp.ones([2])),
    ),
    "{ lambda ; a:f32[2] b:f32[2]. let c:f32[2] = add a b in (c,) }",
  );
});

test("makeJaxpr breaks long jaxprs over lines, literals carry their type", () => {
  const j = String(
    makeJaxpr((x: DeviceArray) => jnp.sum(jnp.multiply(jnp.sin(x), 2)))(jnp.ones([3])),
  );
  assert.equal(
    j,
    [
      "{ lambda ; a:f32[3]. let",
      "    b:f32[3] = sin a",
      "    c:f32[3] = mul b 2.0:f32[]",
      "    d:f32[] = reduce_sum[axes=(0,) out_sharding=None] c",
      "  in (d,) }",
    ].join("\n"),
  );
});

test("the tutorial's layer: closed-over weights are constvars, dot_general params as JAX prints", () => {
  const W = jnp.ones([64, 100]);
  const layer = (x: DeviceArray) => jnp.dot(W, x);
  assert.equal(
    String(makeJaxpr(layer)(jnp.ones([100]))),
    [
      "{ lambda a:f32[64,100]; b:f32[100]. let",
      "    c:f32[64] = dot_general[",
      "      dimension_numbers=(([1], [0]), ([], []))",
      "      out_sharding=None",
      "      precision=None",
      "      preferred_element_type=float32",
      "    ] a b",
      "  in (c,) }",
    ].join("\n"),
  );
  const batched = String(makeJaxpr(vmap(layer))(jnp.ones([16, 100])));
  assert.match(batched, /c:f32\[64,16\] = dot_general/);
  assert.match(batched, /d:f32\[16,64\] = transpose\[permutation=\(1, 0\)\] c/);
});

test("nested jit prints as jit[name=… jaxpr={…}] with the caller's names", () => {
  const inner = jit(function double(x: DeviceArray) {
    return jnp.multiply(x, 2);
  });
  const j = String(makeJaxpr((x: DeviceArray) => jnp.sin(inner(x)))(jnp.ones([3])));
  assert.equal(
    j,
    [
      "{ lambda ; a:f32[3]. let",
      "    b:f32[3] = jit[",
      "      name=double",
      "      jaxpr={ lambda ; a:f32[3]. let b:f32[3] = mul a 2.0:f32[] in (b,) }",
      "    ] a",
      "    c:f32[3] = sin b",
      "  in (c,) }",
    ].join("\n"),
  );
});
