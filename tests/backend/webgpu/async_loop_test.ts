/**
 * Loops whose predicate is computed on the GPU run as async tasks behind a synchronous `run`
 * (src/backend/webgpu/stream.ts): outputs come back at once, later work waits for the loop in
 * the command stream, loops nest (in loop bodies, scans and cond branches), and a failure inside
 * a loop surfaces on reads, waits and uses of its results, never as zeros.
 */

import { assert, assertClose, assertRejects, assertThrows } from "../../harness.ts";
import * as P from "../../../src/lax/prims/index.ts";
import type { ClosedJaxpr, Var } from "../../../src/core/jaxpr.ts";
import { cond_p } from "../../../src/lax/control_flow/cond.ts";
import { scan_p } from "../../../src/lax/control_flow/scan.ts";
import { while_p } from "../../../src/lax/control_flow/while_loop.ts";
import { WebGpuError } from "../../../src/backend/webgpu/device.ts";
import { backendWithLimits } from "../../../src/backend/webgpu/init.ts";
import { JaxprBuilder, runJaxprCpu } from "./jaxpr_util.ts";
import { gpuTest, ShapedArray } from "./util.ts";
import { type DeviceArray, devicePut, devices, jnp, lax } from "../../../mod.ts";

const F = "float32";
const v4 = new ShapedArray([4], F);

function sub(avals: ShapedArray[], f: (b: JaxprBuilder, ins: Var[]) => Var[]): ClosedJaxpr {
  const b = new JaxprBuilder();
  const ins = avals.map((a) => b.input([...a.shape], a.dtype));
  return b.build(f(b, ins));
}

/** `while sum(x) < limit: x = x * factor`, applied in `b` (a GPU-computed predicate). */
function doubling(b: JaxprBuilder, x: Var, limit: number, factor = 2): Var {
  const condJ = sub(
    [v4],
    (c, [xx]) => [c.op(P.lt_p, [c.op(P.reduce_sum_p, [xx], { axes: [0] }), limit])],
  );
  const bodyJ = sub([v4], (c, [xx]) => [c.op(P.mul_p, [xx, factor])]);
  return b.apply(while_p, [x], {
    cond_jaxpr: condJ,
    body_jaxpr: bodyJ,
    cond_nconsts: 0,
    body_nconsts: 0,
  })[0];
}

const input = new Float32Array([0.1, 0.2, 0.3, 0.4]);

gpuTest("loops nest: a GPU-predicated while in the body of another", async (be) => {
  // while sum(y) < 5000: y = inner(y) * 3, inner = while sum(z) < 100: z = z * 2
  const bodyJ = sub([v4], (c, [yy]) => [c.op(P.mul_p, [doubling(c, yy, 100), 3])]);
  const condJ = sub(
    [v4],
    (c, [yy]) => [c.op(P.lt_p, [c.op(P.reduce_sum_p, [yy], { axes: [0] }), 5000])],
  );
  const b = new JaxprBuilder();
  const x = b.input([4]);
  const [out] = b.apply(while_p, [b.op(P.exp_p, [x])], {
    cond_jaxpr: condJ,
    body_jaxpr: bodyJ,
    cond_nconsts: 0,
    body_nconsts: 0,
  });
  const closed = b.build([b.op(P.add_p, [out, 1])]);
  const buf = be.fromHost(input, closed.inAvals[0]);
  const tasks = be.ctx.tasks;
  const [res] = be.compile(closed).run([buf]);
  assert.equal(be.ctx.tasks - tasks, 1, "one task; the inner loop is awaited inside it");
  be.release(buf);
  assertClose(await be.read(res, closed.outAvals[0]), runJaxprCpu(closed, [input])[0], { ulps: 4 });
  be.release(res);
});

gpuTest("a GPU-predicated while in a scan body and in a cond branch", async (be) => {
  // scan over xs: c = doubling(c + x, 50); ys = c
  const scanBody = sub([v4, v4], (c, [cc, xx]) => {
    const n = doubling(c, c.op(P.add_p, [cc, xx]), 50);
    return [n, n];
  });
  const b = new JaxprBuilder();
  const c0 = b.input([4]), xs = b.input([3, 4]);
  const [c, ys] = b.apply(scan_p, [b.op(P.exp_p, [c0]), xs], {
    jaxpr: scanBody,
    length: 3,
    reverse: false,
    num_consts: 0,
    num_carry: 1,
    linear: [false, false],
    unroll: 1,
  });
  // cond on a GPU-computed index (sum(c) > 60), the second branch holding a loop.
  const idx = b.op(P.convert_element_type_p, [
    b.op(P.gt_p, [b.op(P.reduce_sum_p, [c], { axes: [0] }), 60]),
  ], { new_dtype: "int32", weak_type: false });
  const br0 = sub([v4], (q, [yy]) => [q.op(P.neg_p, [yy])]);
  const br1 = sub([v4], (q, [yy]) => [doubling(q, yy, 1000, 1.5)]);
  const [picked] = b.apply(cond_p, [idx, c], { branches: [br0, br1] });
  const closed = b.build([c, ys, picked]);
  const xsData = new Float32Array([1, 2, 3, 4, 0, 1, 0, 1, 5, 5, 5, 5]);
  const bufs = [be.fromHost(input, closed.inAvals[0]), be.fromHost(xsData, closed.inAvals[1])];
  const tasks = be.ctx.tasks;
  const outs = be.compile(closed).run(bufs);
  // A task per scan iteration (the scan runs synchronously), one for the rest from the cond on.
  assert.equal(be.ctx.tasks - tasks, 4);
  for (const x of bufs) be.release(x);
  const ref = runJaxprCpu(closed, [input, xsData]);
  for (let i = 0; i < outs.length; i++) {
    assertClose(await be.read(outs[i], closed.outAvals[i]), ref[i], { ulps: 4 });
    be.release(outs[i]);
  }
});

gpuTest(
  "a failure inside an async loop surfaces on reads, waits and uses of its results",
  async () => {
    // A separate context on the same device, so the injected failure stays local.
    const be = backendWithLimits({})!;
    const b = new JaxprBuilder();
    const x = b.input([4]);
    const closed = b.build([doubling(b, b.op(P.exp_p, [x]), 100)]);
    const a = closed.outAvals[0];
    const prog = be.compile(closed);
    // Make the loop's predicate readback fail, as a lost device or failed map would.
    const ctx = be.ctx;
    const realRead = ctx.readForTask.bind(ctx);
    ctx.readForTask = () => Promise.reject(new WebGpuError("injected readback failure"));
    const buf = be.fromHost(input, a);
    const [out] = prog.run([buf]);
    const derived = be.execute(P.neg_p, {}, [out], [a], [a])[0]; // held behind the loop
    const independent = be.execute(P.neg_p, {}, [buf], [a], [a])[0];
    await assertRejects(() => be.ready(out), WebGpuError, "injected");
    await assertRejects(() => be.read(out, a), WebGpuError, "injected");
    await assertRejects(() => be.read(derived, a), WebGpuError, "injected");
    assertThrows(() => be.execute(P.neg_p, {}, [out], [a], [a]), WebGpuError, "injected");
    // Work that does not depend on the loop is unaffected, and the device stays usable.
    assertClose(await be.read(independent, a), input.map((v) => -v), { ulps: 0 });
    ctx.readForTask = realRead;
    const [again] = prog.run([buf]);
    assertClose(await be.read(again, a), runJaxprCpu(closed, [input])[0], { ulps: 4 });
    for (const z of [out, derived, independent, again, buf]) be.release(z);
  },
);

gpuTest(
  "an output of a running loop task released early (delete, GC) is still written safely",
  async () => {
    // The task writes each pending output into the buffer it handed out; that buffer must stay
    // the task's own until then, or releasing the array (here `delete`, as a finalizer would)
    // made the task write a released buffer and fail later, unrelated work.
    const gpuDevice = devices("webgpu")[0];
    const x0 = devicePut(jnp.array([1, 2, 3, 4], { dtype: F }), gpuDevice);
    const limit = jnp.array(100, { dtype: F });
    const [x, y] = lax.whileLoop(
      ([a]: DeviceArray[]) => lax.reduceOr(lax.lt(a, limit), [0]),
      ([a, s]: DeviceArray[]) => [lax.mul(a, 2), lax.add(s, a)],
      [jnp.add(x0, 0), jnp.add(x0, 0)],
    ) as DeviceArray[];
    y.delete();
    assertClose(await x.data(), [128, 256, 384, 512]);
    assertClose(await jnp.add(x, 1).data(), [129, 257, 385, 513]);
  },
);
