/**
 * A small multilayer perceptron trained with `grad` + `jit` on a synthetic regression task
 * (y = sin(3x) + noise), with per-example gradients via `vmap(grad(...))`.
 *
 *   deno run --allow-env --allow-read examples/mlp.ts
 *
 * Set JAXSCRIPT_QUICK=1 for a short run (the tests do).
 */

import process from "node:process";
import { type DeviceArray, grad, jit, jnp, random, tree, valueAndGrad, vmap } from "../mod.ts";

const quick = (() => {
  try {
    return process.env.JAXSCRIPT_QUICK === "1";
  } catch {
    return false;
  }
})();

type Params = { w1: DeviceArray; b1: DeviceArray; w2: DeviceArray; b2: DeviceArray };

function init(key: DeviceArray, hidden: number): Params {
  const [k1, k2] = random.split(key);
  return {
    w1: jnp.multiply(random.normal(k1, [1, hidden]), 1.0),
    b1: jnp.zeros([hidden]),
    w2: jnp.multiply(random.normal(k2, [hidden, 1]), 1 / Math.sqrt(hidden)),
    b2: jnp.zeros([1]),
  };
}

function predict(p: Params, x: DeviceArray): DeviceArray {
  const h = jnp.tanh(jnp.add(jnp.matmul(x, p.w1), p.b1));
  return jnp.add(jnp.matmul(h, p.w2), p.b2);
}

function loss(p: Params, x: DeviceArray, y: DeviceArray): DeviceArray {
  return jnp.mean(jnp.square(jnp.subtract(predict(p, x), y)));
}

const key = random.PRNGKey(42);
const [kData, kNoise, kInit] = random.split(key, 3);
const n = 256;
const x = random.uniform(kData, [n, 1], { minval: -1, maxval: 1 });
const y = jnp.add(jnp.sin(jnp.multiply(x, 3)), jnp.multiply(random.normal(kNoise, [n, 1]), 0.05));

let params = init(kInit, 32);
const lr = 0.1;
const step = jit((p: Params, x: DeviceArray, y: DeviceArray) => {
  const [l, g] = valueAndGrad(loss)(p, x, y) as [DeviceArray, Params];
  const updated = tree.map(
    (w: DeviceArray, gw: DeviceArray) => jnp.subtract(w, jnp.multiply(gw, lr)),
    p,
    g,
  );
  return [l, updated];
});

const steps = quick ? 50 : 500;
let first = NaN, last = NaN;
for (let i = 0; i <= steps; i++) {
  const [l, p] = step(params, x, y) as [DeviceArray, Params];
  params = p;
  if (i % (steps / 10) === 0) {
    const v = (await l.item()) as number;
    if (i === 0) first = v;
    last = v;
    console.log(`step ${String(i).padStart(4)}  loss ${v.toFixed(5)}`);
  }
}
console.log(
  `loss fell from ${first.toFixed(4)} to ${last.toFixed(4)}: ${last < first ? "yes" : "NO"}`,
);

// Per-example gradients: one gradient per training example, in one batched computation.
const perExample = jit(
  vmap(
    grad((p: Params, xi: DeviceArray, yi: DeviceArray) =>
      loss(p, jnp.reshape(xi, [1, 1]), jnp.reshape(yi, [1, 1]))
    ),
    { inAxes: [null, 0, 0] },
  ),
);
const g = perExample(params, x, y) as Params;
console.log(`per-example gradient of w1: shape (${g.w1.shape.join(", ")})`);
const mean = jnp.mean(g.w1, { axis: 0 });
const full = (grad(loss)(params, x, y) as Params).w1;
console.log(
  `mean of per-example gradients equals the batch gradient: ${await jnp.allclose(mean, full, {
    atol: 1e-5,
  }).item()}`,
);
