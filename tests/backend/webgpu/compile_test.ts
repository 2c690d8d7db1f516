/**
 * The WebGPU compiler: fusion (kernel counts), prologues and epilogues, multi-output kernels,
 * inlined calls, control flow, and parity with the CPU backend on the same jaxprs.
 */

import { assert, assertClose, assertExact } from "../../harness.ts";
import * as P from "../../../src/lax/prims/index.ts";
import { jit_p } from "../../../src/transforms/jit.ts";
import type { ClosedJaxpr, Var } from "../../../src/core/jaxpr.ts";
import { cond_p } from "../../../src/lax/control_flow/cond.ts";
import { scan_p } from "../../../src/lax/control_flow/scan.ts";
import { while_p } from "../../../src/lax/control_flow/while_loop.ts";
import type { TypedArray } from "../../../src/dtype.ts";
import { gpuTest, randomData, rng, ShapedArray } from "./util.ts";
import { JaxprBuilder, runJaxprCpu, runJaxprGpu } from "./jaxpr_util.ts";

const F = "float32";

async function parity(
  be: Parameters<typeof runJaxprGpu>[0],
  closed: ClosedJaxpr,
  inputs: TypedArray[],
  expectKernels?: number,
  atol = 1e-6,
) {
  const { outs, prog } = await runJaxprGpu(be, closed, inputs);
  const ref = runJaxprCpu(closed, inputs);
  outs.forEach((o, i) => assertClose(o, ref[i], { ulps: 4, rtol: 1e-5, atol }));
  if (expectKernels !== undefined) {
    assert.equal(prog.kernelCount, expectKernels, `kernel count: ${prog.kernelCount}`);
  }
  return prog;
}

gpuTest("an elementwise chain with broadcasts and literals is one kernel", async (be) => {
  const b = new JaxprBuilder();
  const x = b.input([64, 32]), y = b.input([32]);
  const yb = b.op(P.broadcast_in_dim_p, [y], { shape: [64, 32], broadcast_dimensions: [1] });
  const t = b.op(P.mul_p, [x, yb]);
  const u = b.op(P.add_p, [t, 1]);
  const v = b.op(P.exp_p, [u]);
  const w = b.op(P.sub_p, [v, x]);
  const z = b.op(P.tanh_p, [b.op(P.transpose_p, [w], { permutation: [1, 0] })]);
  const r = rng(1);
  await parity(be, b.build([z]), [
    randomData(F, 2048, r, { small: true }),
    randomData(F, 32, r, { small: true }),
  ], 1);
});

gpuTest(
  "two outputs of one shape share a kernel; a shared expensive value is computed once",
  async (be) => {
    const b = new JaxprBuilder();
    const x = b.input([1000]), y = b.input([1000]);
    const e = b.op(P.exp_p, [b.op(P.sin_p, [x])]); // used twice, expensive → materialized
    const a = b.op(P.add_p, [e, y]);
    const m = b.op(P.mul_p, [e, y]);
    const r = rng(2);
    const prog = await parity(be, b.build([a, m]), [
      randomData(F, 1000, r, { small: true }),
      randomData(F, 1000, r),
    ]);
    assert.ok(prog.kernelCount <= 2, `kernels ${prog.kernelCount}`);
    // Without the shared expensive value: one kernel for both outputs.
    const b2 = new JaxprBuilder();
    const x2 = b2.input([1000]), y2 = b2.input([1000]);
    const a2 = b2.op(P.add_p, [x2, y2]), m2 = b2.op(P.mul_p, [x2, y2]);
    await parity(be, b2.build([a2, m2]), [randomData(F, 1000, r), randomData(F, 1000, r)], 1);
  },
);

gpuTest(
  "a reduction takes an elementwise prologue and epilogue (mean of squares: 1 kernel)",
  async (be) => {
    const b = new JaxprBuilder();
    const x = b.input([50, 40]);
    const sq = b.op(P.mul_p, [x, x]);
    const s = b.op(P.reduce_sum_p, [sq], { axes: [1] });
    const mean = b.op(P.div_p, [s, 40]);
    await parity(be, b.build([mean]), [randomData(F, 2000, rng(3), { small: true })], 1);
    // Workgroup path (few long rows), with the epilogue after the partials.
    const b2 = new JaxprBuilder();
    const x2 = b2.input([2, 100000]);
    const s2 = b2.op(P.reduce_sum_p, [b2.op(P.abs_p, [x2])], { axes: [1] });
    const out = b2.op(P.sqrt_p, [s2]);
    await parity(be, b2.build([out]), [randomData(F, 200000, rng(4), { small: true })]);
  },
);

gpuTest("matmul with a transposed operand and a bias+relu epilogue is one kernel", async (be) => {
  const b = new JaxprBuilder();
  const x = b.input([96, 80]), w = b.input([70, 80]), bias = b.input([70]);
  const wt = b.op(P.transpose_p, [w], { permutation: [1, 0] });
  const mm = b.op(P.dot_general_p, [x, wt], {
    dimension_numbers: [[[1], [0]], [[], []]],
    preferred_element_type: null,
  });
  const bb = b.op(P.broadcast_in_dim_p, [bias], { shape: [96, 70], broadcast_dimensions: [1] });
  const relu = b.op(P.max_p, [b.op(P.add_p, [mm, bb]), 0]);
  const r = rng(5);
  await parity(
    be,
    b.build([relu]),
    [
      randomData(F, 96 * 80, r, { small: true }),
      randomData(F, 70 * 80, r, { small: true }),
      randomData(F, 70, r, { small: true }),
    ],
    1,
    2e-5,
  );
});

gpuTest("jit calls are inlined and fused across the call boundary", async (be) => {
  const inner = new JaxprBuilder();
  const a = inner.input([100]);
  const innerOut = inner.op(P.mul_p, [inner.op(P.sin_p, [a]), 2]);
  const innerJ = inner.build([innerOut]);
  const b = new JaxprBuilder();
  const x = b.input([100]);
  const [called] = b.apply(jit_p, [x], { jaxpr: innerJ, name: "inner" });
  const out = b.op(P.add_p, [called, x]);
  await parity(be, b.build([out]), [randomData(F, 100, rng(6), { small: true })], 1);
});

gpuTest(
  "outputs that are inputs, literals or repeated are returned as owned buffers",
  async (be) => {
    const b = new JaxprBuilder();
    const x = b.input([5]);
    const y = b.op(P.neg_p, [x]);
    const closed = b.build([x, y, y, b.lit(3)]);
    const { outs } = await runJaxprGpu(be, closed, [new Float32Array([1, 2, 3, 4, 5])]);
    assertExact(outs[0], [1, 2, 3, 4, 5]);
    assertExact(outs[1], [-1, -2, -3, -4, -5]);
    assertExact(outs[2], [-1, -2, -3, -4, -5]);
    assertExact(outs[3], [3]);
  },
);

/** A closed jaxpr over fresh vars: body(carry..., x...) built by `f`. */
function sub(avals: ShapedArray[], f: (b: JaxprBuilder, ins: Var[]) => Var[]): ClosedJaxpr {
  const b = new JaxprBuilder();
  const ins = avals.map((a) => b.input([...a.shape], a.dtype));
  return b.build(f(b, ins));
}

gpuTest("cond without loops computes both branches and selects (no readback)", async (be) => {
  const v = new ShapedArray([8], F);
  const br0 = sub([v], (b, [x]) => [b.op(P.sin_p, [x])]);
  const br1 = sub([v], (b, [x]) => [b.op(P.mul_p, [x, x])]);
  for (const idx of [0, 1, 5, -3]) {
    const b = new JaxprBuilder();
    const i = b.input([], "int32"), x = b.input([8]);
    const [out] = b.apply(cond_p, [i, x], { branches: [br0, br1] });
    const prog = await parity(be, b.build([out]), [
      new Int32Array([idx]),
      randomData(F, 8, rng(7), { small: true }),
    ]);
    assert.equal(prog.kernelCount, 1);
  }
});

gpuTest("scan: carries and stacked outputs, forward and reverse, consts", async (be) => {
  const c = new ShapedArray([4], F), x = new ShapedArray([4], F), k = new ShapedArray([], F);
  // carry' = carry * k + x ; y = sin(carry')
  const body = sub([k, c, x], (b, [kk, cc, xx]) => {
    const kb = b.op(P.broadcast_in_dim_p, [kk], { shape: [4], broadcast_dimensions: [] });
    const n = b.op(P.add_p, [b.op(P.mul_p, [cc, kb]), xx]);
    return [n, b.op(P.sin_p, [n])];
  });
  for (const reverse of [false, true]) {
    const b = new JaxprBuilder();
    const kk = b.input([]), c0 = b.input([4]), xs = b.input([6, 4]);
    const outs = b.apply(scan_p, [kk, c0, xs], {
      jaxpr: body,
      length: 6,
      reverse,
      num_consts: 1,
      num_carry: 1,
      linear: [false, false, false],
      unroll: 1,
    });
    const r = rng(8);
    await parity(be, b.build(outs), [
      new Float32Array([0.5]),
      randomData(F, 4, r, { small: true }),
      randomData(F, 24, r, { small: true }),
    ]);
  }
});

function foriWhile(n: number): ClosedJaxpr {
  // while i < n: (i, x) = (i + 1, x * 1.5 + 1)
  const i = new ShapedArray([], "int32"), x = new ShapedArray([16], F);
  const condJ = sub([i, x], (b, [ii]) => [b.op(P.lt_p, [ii, b.lit(n, "int32")])]);
  const bodyJ = sub([i, x], (b, [ii, xx]) => [
    b.op(P.add_p, [ii, b.lit(1, "int32")]),
    b.op(P.add_p, [b.op(P.mul_p, [xx, 1.5]), 1]),
  ]);
  const b = new JaxprBuilder();
  const i0 = b.input([], "int32"), x0 = b.input([16]);
  const outs = b.apply(while_p, [i0, x0], {
    cond_jaxpr: condJ,
    body_jaxpr: bodyJ,
    cond_nconsts: 0,
    body_nconsts: 0,
  });
  return b.build(outs);
}

gpuTest("while (fori pattern): the counter runs on the host, the body on the GPU", async (be) => {
  const closed = foriWhile(7);
  await parity(be, closed, [new Int32Array([0]), randomData(F, 16, rng(9), { small: true })]);
});

gpuTest(
  "while with a predicate computed on the GPU: run returns at once, the loop runs as a task",
  async (be) => {
    // while sum(x) < 100: x = x * 2
    const x = new ShapedArray([4], F);
    const condJ = sub(
      [x],
      (b, [xx]) => [b.op(P.lt_p, [b.op(P.reduce_sum_p, [xx], { axes: [0] }), 100])],
    );
    const bodyJ = sub([x], (b, [xx]) => [b.op(P.mul_p, [xx, 2])]);
    const b = new JaxprBuilder();
    const x0 = b.input([4]);
    const x1 = b.op(P.exp_p, [x0]); // computed on the GPU: no host copy
    const outs = b.apply(while_p, [x1], {
      cond_jaxpr: condJ,
      body_jaxpr: bodyJ,
      cond_nconsts: 0,
      body_nconsts: 0,
    });
    const closed = b.build(outs);
    const input = new Float32Array([0.1, 0.2, 0.3, 0.4]);
    const prog = be.compile(closed);
    const buf = be.fromHost(input, closed.inAvals[0]);
    const want = runJaxprCpu(closed, [input])[0];
    // The synchronous run returns the output buffers before the loop has run; work encoded
    // afterwards (a use of the output, and of the input the caller then releases) waits for it.
    const [out] = prog.run([buf]);
    const neg = be.execute(P.neg_p, {}, [out], [closed.outAvals[0]], [closed.outAvals[0]])[0];
    const later = prog.run([buf])[0];
    be.release(buf);
    assertClose(await be.read(out, closed.outAvals[0]), want, { ulps: 2 });
    assertClose(await be.read(neg, closed.outAvals[0]), want.map((v) => -v), { ulps: 2 });
    assertClose(await be.read(later, closed.outAvals[0]), want, { ulps: 2 });
    const buf2 = be.fromHost(input, closed.inAvals[0]);
    const [out2] = await prog.runAsync([buf2]);
    assertClose(await be.read(out2, closed.outAvals[0]), want, { ulps: 2 });
    for (const b of [out, neg, later, out2, buf2]) be.release(b);
    // Host inputs straight into the loop: the whole loop runs on the CPU backend.
    const b2 = new JaxprBuilder();
    const y0 = b2.input([4]);
    const outs2 = b2.apply(while_p, [y0], {
      cond_jaxpr: condJ,
      body_jaxpr: bodyJ,
      cond_nconsts: 0,
      body_nconsts: 0,
    });
    await parity(be, b2.build(outs2), [input]);
  },
);

gpuTest(
  "deferred reductions count as bindings when their consumer is fused (split, not fail)",
  async (be) => {
    // acc = Σ_row x + Σ_i max_row(x · i): 17 reductions whose results one add chain reads. Each
    // deferred result becomes a buffer of the fused kernel; counted as nothing while fusing, the
    // chain grew to 18 bindings (the device allows 16) once they were resolved.
    const b = new JaxprBuilder();
    const x = b.input([3, 4]);
    let acc = b.op(P.reduce_sum_p, [x], { axes: [1] });
    for (let i = 1; i <= 16; i++) {
      acc = b.op(P.add_p, [acc, b.op(P.reduce_max_p, [b.op(P.mul_p, [x, i])], { axes: [1] })]);
    }
    await parity(be, b.build([acc]), [randomData(F, 12, rng(7), { small: true })]);
  },
);
