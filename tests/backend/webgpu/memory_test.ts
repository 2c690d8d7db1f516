/**
 * Memory, limits and failures on WebGPU: pooled buffers keep memory bounded over 10,000 eager
 * iterations and a jitted training loop; reshape shares buffers (reference counts); allocations
 * beyond the device limit and GPU validation errors raise clear errors (never zeros read back);
 * a lost device raises on the next op; arrays past one storage binding (128 MiB here) and past
 * 65535 workgroups compute correctly; every kernel family works when buffers are split into
 * binding pages (a lowered binding limit).
 */

import { assert, assertClose, assertExact, assertRejects, assertThrows } from "../../harness.ts";
import * as P from "../../../src/lax/prims/index.ts";
import type { DType, TypedArray } from "../../../src/dtype.ts";
import { GpuContext, WebGpuError } from "../../../src/backend/webgpu/device.ts";
import { WebGpuBackend } from "../../../src/backend/webgpu/backend.ts";
import { backendWithLimits } from "../../../src/backend/webgpu/init.ts";
import { aval, gpuTest, randomData, rng, runCpu, runGpu } from "./util.ts";
import { JaxprBuilder, runJaxprCpu } from "./jaxpr_util.ts";
import { scan_p } from "../../../src/lax/control_flow/scan.ts";

gpuTest("10,000 eager iterations keep bytes in use and allocations bounded", async (be) => {
  const a = aval([1000], "float32");
  let x = be.fromHost(new Float32Array(1000).fill(1), a);
  await be.ready(x);
  const before = be.memoryStats();
  for (let i = 0; i < 10000; i++) {
    const [y] = be.execute(P.mul_p, {}, [x, x], [a, a], [a]);
    const [z] = be.execute(P.sub_p, {}, [y, x], [a, a], [a]);
    be.release(y);
    be.release(x);
    x = z;
  }
  const out = await be.read(x, a);
  assertExact(out.subarray(0, 3), [0, 0, 0]);
  be.release(x);
  const after = be.memoryStats();
  assert.ok(
    after.bytesInUse <= before.bytesInUse + 4096,
    `bytes in use grew: ${JSON.stringify(after)}`,
  );
  assert.ok(
    after.numAllocs - before.numAllocs < 50,
    `allocations: ${after.numAllocs - before.numAllocs}`,
  );
});

gpuTest("a jitted training step run 1,000 times keeps memory bounded", async (be) => {
  // w ← w - 0.01 · xᵀ(xw - y), a least-squares step.
  const b = new JaxprBuilder();
  const w = b.input([16, 1]), x = b.input([64, 16]), y = b.input([64, 1]);
  const dn = (l: number, r: number) => ({
    dimension_numbers: [[[l], [r]], [[], []]],
    preferred_element_type: null,
  });
  const pred = b.op(P.dot_general_p, [x, w], dn(1, 0));
  const err = b.op(P.sub_p, [pred, y]);
  const grad = b.op(P.dot_general_p, [x, err], dn(0, 0));
  const w2 = b.op(P.sub_p, [w, b.op(P.mul_p, [grad, 0.001])]);
  const loss = b.op(P.reduce_sum_p, [b.op(P.mul_p, [err, err])], { axes: [0, 1] });
  const closed = b.build([w2, loss]);
  const prog = be.compile(closed);
  const r = rng(1);
  let wb = be.fromHost(new Float32Array(16), closed.inAvals[0]);
  const xb = be.fromHost(randomData("float32", 1024, r, { small: true }), closed.inAvals[1]);
  const yb = be.fromHost(randomData("float32", 64, r, { small: true }), closed.inAvals[2]);
  let first = Infinity, last = 0;
  const start = be.memoryStats();
  for (let i = 0; i < 1000; i++) {
    const [nw, l] = prog.run([wb, xb, yb]);
    if (i === 0) first = (await be.read(l, closed.outAvals[1]))[0];
    if (i === 999) last = (await be.read(l, closed.outAvals[1]))[0];
    be.release(l);
    be.release(wb);
    wb = nw;
  }
  const end = be.memoryStats();
  assert.ok(last < first, `loss did not decrease: ${first} → ${last}`);
  assert.ok(
    end.bytesInUse <= start.bytesInUse + 4096,
    `bytes in use grew ${start.bytesInUse} → ${end.bytesInUse}`,
  );
  assert.ok(
    end.numAllocs - start.numAllocs < 40,
    `allocations grew by ${end.numAllocs - start.numAllocs}`,
  );
  for (const buf of [wb, xb, yb]) be.release(buf);
});

gpuTest("a scan gives back every buffer, a carry its body passes through included", async () => {
  // A context of its own, so buffers held by other tests do not count.
  const be = backendWithLimits({})!;
  const body = new JaxprBuilder();
  const [c, k, x] = [body.input([64]), body.input([64]), body.input([64])];
  const bodyJ = body.build([body.op(P.add_p, [c, x]), k, c]);
  const b = new JaxprBuilder();
  const c0 = b.input([64]), k0 = b.input([64]), xs = b.input([5, 64]);
  const outs = b.apply(scan_p, [c0, k0, xs], {
    jaxpr: bodyJ,
    length: 5,
    reverse: false,
    num_consts: 0,
    num_carry: 2,
    linear: [false, false, false],
    unroll: 1,
  });
  const closed = b.build(outs);
  const r = rng(3);
  const data = closed.inAvals.map((a) => randomData("float32", a.size, r, { small: true }));
  const ins = data.map((d, i) => be.fromHost(d, closed.inAvals[i]));
  const res = be.compile(closed).run(ins);
  const ref = runJaxprCpu(closed, data);
  for (let i = 0; i < res.length; i++) {
    assertClose(await be.read(res[i], closed.outAvals[i]), ref[i], { ulps: 1 });
  }
  for (const buf of [...ins, ...res]) be.release(buf);
  assert.equal(be.memoryStats().liveBuffers, 0, JSON.stringify(be.memoryStats()));
});

gpuTest(
  "reshape shares the buffer; the storage is freed when the last reference goes",
  async (be) => {
    const a = aval([2, 3], "int32"), r = aval([6], "int32");
    const x = be.fromHost(new Int32Array([1, 2, 3, 4, 5, 6]), a);
    const s0 = be.memoryStats();
    const [y] = be.execute(P.reshape_p, { new_sizes: [6], dimensions: null }, [x], [a], [r]);
    assert.equal(y, x);
    assert.equal(be.memoryStats().bytesInUse, s0.bytesInUse);
    be.release(x);
    assertExact(await be.read(y, r), [1, 2, 3, 4, 5, 6]);
    be.release(y);
    assert.ok(be.memoryStats().bytesInUse < s0.bytesInUse);
  },
);

gpuTest("allocation beyond maxBufferSize is a clear error naming the size and the limit", (be) => {
  const limit = be.ctx.limits.maxBufferSize;
  const n = Math.floor(limit / 4) + 16;
  const big = aval([n], "float32");
  const s = be.fromHost(new Float32Array([1]), aval([], "float32"));
  assertThrows(
    () =>
      be.execute(P.broadcast_in_dim_p, { shape: [n], broadcast_dimensions: [] }, [s], [
        aval([], "float32"),
      ], [big]),
    RangeError,
    new RegExp(`${n * 4} bytes.*maxBufferSize is ${limit} bytes`),
  );
  be.release(s);
});

gpuTest(
  "a GPU validation error becomes an exception (read rejects), then work continues",
  async (be) => {
    const a = aval([4], "float32");
    const x = be.fromHost(new Float32Array([1, 2, 3, 4]), a);
    const [y] = be.execute(P.neg_p, {}, [x], [a], [a]);
    // A binding past the end of its buffer is a validation error (a kernel bug would look so).
    be.ctx.dispatch(
      "@group(0) @binding(0) var<storage, read_write> a: array<f32>;\n" +
        "@compute @workgroup_size(1) fn main() { a[0] = 1.0; }",
      ["read_write"],
      [{ buffer: y.gpu, offset: 0, size: y.gpu.size + 256 }],
      [1, 1, 1],
    );
    await assertRejects(() => be.read(y, a), WebGpuError, "validation");
    // Later work runs normally.
    const [z] = be.execute(P.neg_p, {}, [x], [a], [a]);
    assertExact(await be.read(z, a), [-1, -2, -3, -4]);
    for (const b of [x, y, z]) be.release(b);
  },
);

gpuTest("a lost device raises a clear error on the next op", async () => {
  const adapter = await navigator.gpu.requestAdapter();
  const device = await adapter!.requestDevice();
  const lone = new WebGpuBackend(new GpuContext(device, "test device"), true);
  const a = aval([2], "float32");
  const x = lone.fromHost(new Float32Array([1, 2]), a);
  device.destroy();
  await device.lost;
  assertThrows(() => lone.execute(P.neg_p, {}, [x], [a], [a]), WebGpuError, "lost");
});

gpuTest("past one storage binding (128 MiB) and 65535 workgroups: n = 2^25 + 5", async (be) => {
  const n = 2 ** 25 + 5;
  // Past one binding where the binding limit is 128 MiB (llvmpipe); GPUs with larger bindings
  // still check the 2-D grid here, and the 4 KiB-page test below covers paging everywhere.
  if (n * 4 <= be.ctx.limits.maxStorageBinding) {
    console.log(`maxStorageBufferBindingSize ${be.ctx.limits.maxStorageBinding}: no paging here`);
  }
  const a = aval([n], "int32");
  const x = new Int32Array(n);
  for (let i = 0; i < n; i++) x[i] = i % 7;
  const xb = be.fromHost(x, a);
  const [t] = be.execute(P.mul_p, {}, [xb, xb], [a, a], [a]);
  const [y] = be.execute(P.add_p, {}, [t, xb], [a, a], [a]);
  const [s] = be.execute(P.reduce_sum_p, { axes: [0] }, [y], [a], [aval([], "int32")]);
  let expect = 0;
  for (let i = 0; i < n; i++) expect += (i % 7) * (i % 7) + (i % 7);
  assertExact(await be.read(s, aval([], "int32")), [expect]);
  const got = await be.read(y, a);
  for (const i of [0, 1, 6, n - 1, n - 2, 2 ** 25, 2 ** 25 + 3, 12345678]) {
    assert.equal(got[i], (i % 7) * (i % 7) + (i % 7), `y[${i}]`);
  }
  for (const b of [xb, t, y, s]) be.release(b);
});

gpuTest("every kernel family with buffers split into binding pages (4 KiB limit)", async () => {
  const paged = backendWithLimits({ maxStorageBinding: 4096 })!;
  const r = rng(12);
  const check = async (
    prim: Parameters<typeof runGpu>[1],
    params: object,
    ins: TypedArray[],
    avs: ReturnType<typeof aval>[],
    close = false,
  ) => {
    const g = await runGpu(paged, prim, params as never, ins, avs);
    const c = runCpu(prim, params as never, ins, avs);
    g.forEach((x, i) =>
      close ? assertClose(x, c[i], { rtol: 1e-5, atol: 1e-4 }) : assertExact(x, c[i])
    );
  };
  const f = (n: number) => randomData("float32", n, r, { small: true }) as Float32Array;
  const i32 = (n: number, m = 100) => new Int32Array(n).map(() => Math.floor(r() * m));
  const A = (s: number[], d: DType = "float32") => aval(s, d);
  await check(P.add_p, {}, [f(5000), f(5000)], [A([5000]), A([5000])]);
  await check(P.transpose_p, { permutation: [1, 0] }, [f(4000)], [A([40, 100])]);
  await check(P.reduce_sum_p, { axes: [1] }, [f(6000)], [A([3, 2000])], true);
  await check(P.reduce_max_p, { axes: [0] }, [f(6000)], [A([3000, 2])]);
  await check(P.argmax_p, { axes: [0], index_dtype: "int32" }, [f(5000)], [A([5000])]);
  await check(P.cumsum_p, { axis: 0, reverse: false }, [f(3000)], [A([3000])]);
  const dn = { dimension_numbers: [[[1], [0]], [[], []]], preferred_element_type: null };
  await check(P.dot_general_p, dn, [f(80 * 40), f(40 * 60)], [A([80, 40]), A([40, 60])], true);
  await check(P.concatenate_p, { dimension: 0 }, [f(1500), f(1700)], [A([1500]), A([1700])]);
  const take = {
    dimension_numbers: {
      offset_dims: [1],
      collapsed_slice_dims: [0],
      start_index_map: [0],
      operand_batching_dims: [],
      start_indices_batching_dims: [],
    },
    slice_sizes: [1, 8],
    mode: "clip",
    fill_value: null,
  };
  await check(P.gather_p, take, [f(8000), i32(700, 1000)], [A([1000, 8]), A([700, 1], "int32")]);
  const sc = {
    dimension_numbers: {
      update_window_dims: [],
      inserted_window_dims: [0],
      scatter_dims_to_operand_dims: [0],
      operand_batching_dims: [],
      scatter_indices_batching_dims: [],
    },
    mode: "clip",
  };
  await check(P.scatter_add_p, sc, [i32(3000), i32(2000, 3000), i32(2000)], [
    A([3000], "int32"),
    A([2000, 1], "int32"),
    A([2000], "int32"),
  ]);
  await check(P.scatter_p, sc, [i32(3000), i32(2000, 3000), i32(2000)], [
    A([3000], "int32"),
    A([2000, 1], "int32"),
    A([2000], "int32"),
  ]);
  await check(P.sort_p, { dimension: 0, is_stable: true, num_keys: 1 }, [f(3000)], [A([3000])]);
});
