/**
 * `deno jupyter` shows a cell's value through `value[Symbol.for("Jupyter.display")]()`, which
 * returns a MIME bundle. The kernel cannot run here, so these tests call that method the way the
 * kernel does and check the bundle: JAX's repr as text/plain, an HTML table for small arrays.
 */

import { assert, test } from "../harness.ts";
import { config, type DeviceArray, jit, jnp } from "../../mod.ts";

const DISPLAY = Symbol.for("Jupyter.display");

/** What the kernel does with a cell's value: call the display method if there is one. */
function display(value: unknown): Record<string, string> | undefined {
  const method = (value as Record<symbol, unknown> | null)?.[DISPLAY];
  if (typeof method !== "function") return undefined;
  return method.call(value) as Record<string, string>;
}

/** The values must be on the host to render (WebGPU computes asynchronously). */
async function onHost(x: DeviceArray): Promise<DeviceArray> {
  await x.data();
  return x;
}

test("Jupyter.display: a 2-d int array is its repr as text/plain and a table as text/html", async () => {
  const x = await onHost(jnp.array([[1, 2, 3], [4, 5, 6]]));
  const bundle = display(x);
  assert.ok(bundle, "arrays have a Symbol.for('Jupyter.display') method");
  assert.equal(
    bundle["text/plain"],
    "DeviceArray([[1, 2, 3],\n             [4, 5, 6]], dtype=int32)",
  );
  const html = bundle["text/html"];
  assert.match(html, /^<table class="jaxscript-array"/);
  assert.match(html, /<caption[^>]*>int32\[2,3\]<\/caption>/);
  // Column headers 0..2, then one row per first index with the values right-aligned as text.
  assert.match(html, /<thead><tr><th><\/th><th>0<\/th><th>1<\/th><th>2<\/th><\/tr><\/thead>/);
  assert.match(html, /<tr><th>1<\/th><td>4<\/td><td>5<\/td><td>6<\/td><\/tr>/);
});

test("Jupyter.display: float32 cells use numpy's digits; weak types are marked", async () => {
  const x = await onHost(jnp.array([0.5, 1.25, -3], { dtype: "float32" }));
  const bundle = display(x)!;
  assert.equal(bundle["text/plain"], "DeviceArray([ 0.5 ,  1.25, -3.  ], dtype=float32)");
  assert.match(bundle["text/html"], /<td>0.5<\/td><td>1.25<\/td><td>-3.<\/td>/);
  const weak = await onHost(jnp.multiply(jnp.arange(2), 2));
  assert.match(display(weak)!["text/plain"], /dtype=int32/);
  const scalar = await onHost(jit((a: DeviceArray) => jnp.sum(a))(jnp.arange(4)));
  // A 0-d array has no table; the bundle still carries the repr, as HTML <pre> or plain only.
  assert.equal(display(scalar)!["text/plain"], "DeviceArray(6, dtype=int32)");
  assert.doesNotMatch(display(scalar)!["text/html"] ?? "", /<table/);
});

test("Jupyter.display: arrays too big for a table are their summarised repr in a <pre>", async () => {
  const big = await onHost(jnp.arange(1001));
  const html = display(big)!["text/html"];
  assert.equal(
    html,
    "<pre>DeviceArray([   0,    1,    2, ...,  998,  999, 1000], dtype=int32)</pre>",
  );
  const b = await onHost(jnp.array([true, false]));
  assert.equal(display(b)!["text/plain"], "DeviceArray([ True, False], dtype=bool)");
});

test("Jupyter.display follows config.jax_array_repr like console.log does", async () => {
  const x = await onHost(jnp.arange(3));
  config.update("jax_array_repr", "Array");
  try {
    assert.equal(display(x)!["text/plain"], "Array([0, 1, 2], dtype=int32)");
  } finally {
    config.update("jax_array_repr", "DeviceArray");
  }
  assert.equal(display(x)!["text/plain"], "DeviceArray([0, 1, 2], dtype=int32)");
});
