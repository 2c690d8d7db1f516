import { assert, assertClose, assertThrows, test } from "../harness.ts";
import {
  customJvp,
  customVjp,
  type DeviceArray,
  grad,
  jit,
  jnp,
  jvp,
  lax,
  makeJaxpr,
  ValueError,
  vmap,
} from "../../mod.ts";

const f32 = (x: unknown) => jnp.array(x as number[], { dtype: "float32" });
const data = async (x: unknown) => Array.from((await (x as DeviceArray).data()) as Float32Array);

test("cond picks a branch eagerly, under jit and under vmap (batched predicate → select)", async () => {
  const f = (x: DeviceArray) =>
    lax.cond(jnp.greater(jnp.sum(x), 0), jnp.sin, jnp.cos, x) as DeviceArray;
  const x = f32([1, 2]);
  assertClose(await data(f(x)), [Math.sin(1), Math.sin(2)]);
  assertClose(await data(jit(f)(jnp.negative(x))), [Math.cos(-1), Math.cos(-2)]);
  const v = vmap(f)(f32([[1, 2], [-3, -4]]));
  assertClose(await data(v), [Math.sin(1), Math.sin(2), Math.cos(-3), Math.cos(-4)]);
  assert.match(String(makeJaxpr(f)(x)), /cond\[\n\s+branches=\(/);
});

test("switch clamps its index; branches must agree in type", async () => {
  const branches = [
    (x: DeviceArray) => jnp.add(x, 1),
    (x: DeviceArray) => jnp.add(x, 2),
    (x: DeviceArray) => jnp.add(x, 3),
  ];
  const s = jit((i: DeviceArray, x: DeviceArray) => lax.switch(i, branches, x) as DeviceArray);
  assert.deepEqual(await s(jnp.asarray(1), jnp.arange(2)).tolist(), [2, 3]);
  assert.deepEqual(await s(jnp.asarray(7), jnp.arange(2)).tolist(), [3, 4]);
  assert.deepEqual(await s(jnp.asarray(-2), jnp.arange(2)).tolist(), [1, 2]);
  assertThrows(
    () => lax.cond(true, (x: DeviceArray) => x, (x: DeviceArray) => jnp.sum(x), jnp.ones([2])),
    TypeError,
    "must have identical types",
  );
});

test("grad and jvp through cond", async () => {
  const f = (x: DeviceArray) =>
    jnp.sum(
      lax.cond(jnp.greater(jnp.sum(x), 0), (y: DeviceArray) =>
        jnp.square(y), (y: DeviceArray) =>
        jnp.multiply(y, 3), x) as DeviceArray,
    );
  assert.deepEqual(await grad(f)(f32([1, 2])).tolist(), [2, 4]);
  assert.deepEqual(await grad(f)(f32([-1, -2])).tolist(), [3, 3]);
  assert.deepEqual(await jit(grad(f))(f32([1, 2])).tolist(), [2, 4]);
  const [, t] = jvp(f, [f32([1, 2])], [f32([1, 1])]);
  assert.equal(await (t as DeviceArray).item(), 6);
});

test("cond with a batched predicate: the untaken branch's derivative stays out of grad", async () => {
  // Under vmap every branch runs on every lane. JAX feeds each branch its operands through
  // stop_gradient in the lanes that do not take it, so sqrt's infinite derivative at 0 (a lane
  // taking the identity branch) does not turn that lane's gradient into 0 · inf = NaN.
  const f = (x: DeviceArray) =>
    lax.cond(jnp.greater(x, 0), jnp.sqrt, (y: DeviceArray) => y, x) as DeviceArray;
  const loss = (xs: DeviceArray) => jnp.sum(vmap(f)(xs));
  assertClose(await data(grad(loss)(f32([0, 4, -1]))), [1, 0.25, 1]);
  assertClose(await data(jit(grad(loss))(f32([0, 4, -1]))), [1, 0.25, 1]);
  // The same for switch: log's derivative at 0 is inf in the lanes taking the other branches.
  const branches = [jnp.log, (y: DeviceArray) => jnp.multiply(y, 2), jnp.negative];
  const g = (i: DeviceArray, x: DeviceArray) => lax.switch(i, branches, x) as DeviceArray;
  const sw = (xs: DeviceArray) => jnp.sum(vmap(g)(jnp.array([0, 1, 2]), xs));
  assertClose(await data(grad(sw)(f32([2, 0, 0]))), [0.5, 2, -1]);
});

test("whileLoop: eager, jit, vmap with a batched predicate; JAX's reverse-mode error", async () => {
  const w = (n: DeviceArray) =>
    lax.whileLoop(
      ([i]: DeviceArray[]) => jnp.less(i, n),
      ([i, acc]: DeviceArray[]) => [jnp.add(i, 1), jnp.multiply(acc, 2)],
      [0, 1],
    ) as DeviceArray[];
  const [i, acc] = w(jnp.asarray(5));
  assert.equal(await i.item(), 5);
  assert.equal(await acc.item(), 32);
  assert.equal(await jit(w)(jnp.asarray(3))[1].item(), 8);
  const [vi, vacc] = vmap(w)(jnp.array([1, 3, 5]));
  assert.deepEqual(await vi.tolist(), [1, 3, 5]);
  assert.deepEqual(await vacc.tolist(), [2, 8, 32]);
  const g = (x: DeviceArray) =>
    lax.whileLoop(
      ([k]: DeviceArray[]) => jnp.less(k, 3),
      ([k, y]: DeviceArray[]) => [jnp.add(k, 1), jnp.multiply(y, x)],
      [0, x],
    ) as DeviceArray[];
  const two = jnp.asarray(2, "float32"), one = jnp.asarray(1, "float32");
  const [, t] = jvp((x: DeviceArray) => g(x)[1], [two], [one]);
  assert.equal(await (t as DeviceArray).item(), 4 * 8); // d/dx x^4 = 4x^3
  assertThrows(
    () => grad((x: DeviceArray) => g(x)[1])(two),
    ValueError,
    "Reverse-mode differentiation does not work for lax.while_loop or lax.fori_loop with " +
      "dynamic start/stop values. Try using lax.scan, or using fori_loop with static start/stop.",
  );
  assertThrows(
    () => lax.whileLoop(() => jnp.ones([2]), (c: unknown) => c, 0),
    TypeError,
    "cond_fun must return a boolean scalar",
  );
});

test("forILoop with static bounds is reverse-differentiable (a scan)", async () => {
  const f = (x: DeviceArray) =>
    lax.forILoop(
      0,
      5,
      (i: DeviceArray, acc: DeviceArray) => jnp.add(jnp.multiply(acc, x), i),
      jnp.fullLike(x, 0.5),
    ) as DeviceArray;
  const x = f32([1, 2]);
  assertClose(await data(f(x)), [10.5, 42]);
  // d/dx (0.5x^5 + x^3 + 2x^2 + 3x + 4) = 2.5x^4 + 3x^2 + 4x + 3
  assertClose(await data(grad((x: DeviceArray) => jnp.sum(f(x)))(x)), [12.5, 63]);
  assertClose(await data(jit(f)(x)), [10.5, 42]);
});

test("scan: carry and stacked outputs, reverse, grad, vmap, jit", async () => {
  const step = (c: DeviceArray, x: DeviceArray) => [jnp.add(c, x), jnp.multiply(c, x)];
  const xs = f32([1, 2, 3]);
  const [c, ys] = lax.scan(step, 0, xs) as DeviceArray[];
  assert.equal(await c.item(), 6);
  assert.deepEqual(await ys.tolist(), [0, 2, 9]);
  const [, rys] = lax.scan(step, 0, xs, { reverse: true }) as DeviceArray[];
  assert.deepEqual(await rys.tolist(), [5, 6, 0]);
  const g = grad((xs: DeviceArray) => jnp.sum((lax.scan(step, 0, xs) as DeviceArray[])[1]))(xs);
  assert.deepEqual(await g.tolist(), [5, 4, 3]);
  const [vc, vys] = vmap((xs: DeviceArray) => lax.scan(step, 0, xs) as DeviceArray[])(
    f32([[1, 2], [3, 4]]),
  );
  assert.deepEqual(await vc.tolist(), [3, 7]);
  assert.deepEqual(await vys.tolist(), [[0, 2], [0, 12]]);
  const [jc] = jit((xs: DeviceArray) => lax.scan(step, 0, xs) as DeviceArray[])(xs);
  assert.equal(await jc.item(), 6);
  assertThrows(
    () => lax.scan(step, 0, [jnp.ones([2]), jnp.ones([3])]),
    Error,
    "different leading axis sizes",
  );
});

test("grad through a scan over weights (an RNN-like loop) equals finite differences", async () => {
  const loss = (w: DeviceArray, xs: DeviceArray) => {
    const [h] = lax.scan(
      (h: DeviceArray, x: DeviceArray) => {
        const n = jnp.tanh(jnp.add(jnp.multiply(h, w), x));
        return [n, n];
      },
      0.1,
      xs,
    ) as DeviceArray[];
    return jnp.sum(h);
  };
  const xs = f32([0.5, -0.3, 0.8, 0.1]);
  const host = (w: number) => [0.5, -0.3, 0.8, 0.1].reduce((h, x) => Math.tanh(h * w + x), 0.1);
  const g = await grad(loss)(jnp.asarray(0.7, "float32"), xs).item() as number;
  const eps = 1e-4;
  assertClose([g], [(host(0.7 + eps) - host(0.7 - eps)) / (2 * eps)], { rtol: 1e-3 });
});

test("customJvp and customVjp rules are used by grad, jvp and vmap", async () => {
  const softplus = customJvp((x: DeviceArray) => jnp.log1p(jnp.exp(x)));
  softplus.defjvp(([x], [t]) => [softplus(x as DeviceArray), jnp.multiply(t as DeviceArray, 7)]);
  const x = f32([0.5, 1]);
  assert.deepEqual(await grad((x: DeviceArray) => jnp.sum(softplus(x)))(x).tolist(), [7, 7]);
  assert.deepEqual(await vmap(grad((x: DeviceArray) => softplus(x)))(x).tolist(), [7, 7]);
  const clipGrad = customVjp((x: DeviceArray) => jnp.multiply(x, 3));
  clipGrad.defvjp(
    (x: DeviceArray) => [jnp.multiply(x, 3), null],
    (_r: unknown, g: DeviceArray) => [jnp.clip(g, -1, 1)],
  );
  assert.deepEqual(await grad((x: DeviceArray) => jnp.sum(clipGrad(x)))(x).tolist(), [1, 1]);
  assertThrows(
    () => jvp((x: DeviceArray) => clipGrad(x), [x], [x]),
    TypeError,
    "can't apply forward-mode autodiff (jvp) to a custom_vjp function.",
  );
});

test("associativeScan: prefix combinations along an axis, reversed, over pytrees", async () => {
  assert.deepEqual(await lax.associativeScan(jnp.add, jnp.arange(7)).tolist(), [
    0,
    1,
    3,
    6,
    10,
    15,
    21,
  ]);
  assert.deepEqual(
    await lax.associativeScan(jnp.add, jnp.arange(4), { reverse: true }).tolist(),
    [6, 6, 5, 3],
  );
  const m = jnp.reshape(jnp.arange(15), [3, 5]);
  assert.deepEqual(
    await lax.associativeScan(jnp.add, m, { axis: -1 }).tolist(),
    await jnp.cumsum(m, { axis: 1 }).tolist(),
  );
  const [s, mx] = lax.associativeScan(
    ([a, b]: DeviceArray[], [c, d]: DeviceArray[]) => [jnp.add(a, c), jnp.maximum(b, d)],
    [jnp.array([1, 2, 3]), jnp.array([3, 1, 4])],
  );
  assert.deepEqual(await s.tolist(), [1, 3, 6]);
  assert.deepEqual(await mx.tolist(), [3, 3, 4]);
  const any = lax.associativeScan(jnp.logicalOr, jnp.array([false, false, true, false, false]));
  assert.equal(any.dtype, "bool");
  assert.deepEqual(await any.tolist(), [false, false, true, true, true]);
  // Matrix products (associative, not commutative): each prefix multiplied left to right.
  const mats = jnp.reshape(jnp.remainder(jnp.arange(20), 3), [5, 2, 2]);
  const prefixes = await lax.associativeScan(jnp.matmul, mats).tolist() as number[][][];
  let acc = jnp.eye(2, 2, { dtype: "int32" });
  for (let k = 0; k < 5; k++) {
    acc = jnp.matmul(acc, mats.get(k));
    assert.deepEqual(prefixes[k], await acc.tolist(), `prefix ${k}`);
  }
});

test("associativeScan groups as JAX does (pairs first), which float rounding shows", async () => {
  // Sequentially 1 + 1e8 − 1e8 + 1 ends at 1; JAX's tree adds (1 + 1e8) + (−1e8 + 1) = 0.
  const x = f32([1, 1e8, -1e8, 1]);
  assert.deepEqual(await data(lax.associativeScan(jnp.add, x)), [1, 1e8, 0, 0]);
  assert.deepEqual(await data(jnp.cumsum(x)), [1, 1e8, 0, 1]);
});

test("associativeScan under jit, vmap and grad; JAX's errors", async () => {
  const x = f32([0.5, 2, 1.5, 3, 0.25]);
  const prodScan = (v: DeviceArray) => lax.associativeScan(jnp.multiply, v);
  assertClose(await data(jit(prodScan)(x)), await data(jnp.cumprod(x)));
  const batch = f32([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(
    await vmap((v: DeviceArray) => lax.associativeScan(jnp.add, v))(batch).tolist(),
    [[1, 3, 6], [4, 9, 15]],
  );
  const g = grad((v: DeviceArray) => jnp.sum(prodScan(v)))(x);
  const gRef = grad((v: DeviceArray) => jnp.sum(jnp.cumprod(v)))(x);
  assertClose(await data(g), await data(gRef), { rtol: 1e-6 });
  assertThrows(
    () => lax.associativeScan(jnp.add, [jnp.ones([2]), jnp.ones([3])]),
    ValueError,
    "Array inputs to associative_scan must have the same first dimension. (saw: [(2,), (3,)])",
  );
  assertThrows(
    () => lax.associativeScan(3 as never, jnp.ones([2])),
    TypeError,
    "lax.associative_scan: fn argument should be callable.",
  );
});
