/** Rules of gather and the scatters, in the patterns jax.numpy indexing emits. */

import {
  arr,
  checkAll,
  checkJvp,
  checkTranspose,
  checkVmap,
  jvpValues,
  primitiveCounts,
  Rng,
  vjpValues,
  vmapJaxpr,
} from "./check.ts";
import { assert, assertClose, assertRejects, test } from "../../harness.ts";
import type { DeviceArray } from "../../../src/core/array.ts";
import type {
  GatherDimensionNumbers,
  GatherMode,
  ScatterDimensionNumbers,
} from "../../../src/lax/prims/index.ts";
import * as lax from "../../../src/lax/lax.ts";
import { NotImplementedError } from "../../../src/errors.ts";
import { jvpFlat } from "../../../src/interpreters/jvp.ts";
import { instantiateZeros, vjpFlat } from "../../../src/interpreters/ad.ts";

const rng = new Rng(41);
const ints = (data: number[], shape: number[]) => arr(data, shape, "int32");

function gdn(
  offset: number[],
  collapsed: number[],
  startMap: number[],
  ob: number[] = [],
  ib: number[] = [],
): GatherDimensionNumbers {
  return {
    offset_dims: offset,
    collapsed_slice_dims: collapsed,
    start_index_map: startMap,
    operand_batching_dims: ob,
    start_indices_batching_dims: ib,
  };
}

function sdn(
  window: number[],
  inserted: number[],
  toOperand: number[],
  ob: number[] = [],
  ib: number[] = [],
): ScatterDimensionNumbers {
  return {
    update_window_dims: window,
    inserted_window_dims: inserted,
    scatter_dims_to_operand_dims: toOperand,
    operand_batching_dims: ob,
    scatter_indices_batching_dims: ib,
  };
}

/** x[idx] on rows: indices [k, 1], windows of whole rows. */
const takeRows = (mode: GatherMode = "clip") => (x: DeviceArray, i: DeviceArray) =>
  lax.gather(x, lax.reshape(i, [...i.shape, 1]), gdn([i.ndim], [0], [0]), [1, x.shape[1]], {
    mode,
  });

/** x[:, idx]. */
const takeCols = (x: DeviceArray, i: DeviceArray) =>
  lax.gather(x, lax.reshape(i, [...i.shape, 1]), gdn([0], [1], [1]), [x.shape[0], 1]);

/** x[i, j] for index arrays of one shape: indices [..., 2]. */
const takePoints = (x: DeviceArray, i: DeviceArray, j: DeviceArray) => {
  const col = (a: DeviceArray) => lax.reshape(a, [...a.shape, 1]);
  return lax.gather(x, lax.concatenate([col(i), col(j)], i.ndim), gdn([], [0, 1], [0, 1]), [1, 1]);
};

/** take_along_axis(x, i, 1) for x [n, m], i [n, k]: batching dims pair the rows. */
const alongRows = (x: DeviceArray, i: DeviceArray) =>
  lax.gather(x, lax.reshape(i, [...i.shape, 1]), gdn([], [1], [1], [0], [0]), [1, 1]);

test("gather: take rows (clip mode, including out-of-range indices)", async () => {
  const f = takeRows();
  const i = ints([4, 0, 2, 4], [4]);
  await checkAll(f, [rng.randn([5, 3]), i], [rng.randn([5, 3, 2]), i], [2, null]);
  await checkTranspose(f, [rng.randn([5, 3]), ints([-1, 7, 2], [3])]);
  await checkVmap(f, [rng.randn([5, 3]), ints([0, 1, 4, 3, 3, 2], [2, 3])], [null, 0]);
  await checkVmap(f, [rng.randn([2, 5, 3]), ints([0, 1, 4, 3, 3, 2], [3, 2])], [0, 1]);
  // Repeated rows accumulate in the transpose.
  const [g] = await vjpValues((x) => f(x, ints([1, 1, 0], [3])), [rng.randn([2, 2])], [
    arr([1, 2, 3, 4, 5, 6], [3, 2]),
  ]);
  assertClose(g.data, [5, 6, 4, 6]);
});

test("gather: fill mode reads a constant out of range, whose tangent is zero", async () => {
  const f = takeRows("fill");
  const x = rng.randn([3, 2]), i = ints([2, 5, -1, 0], [4]);
  const [t] = await jvpValues(f, [x, i], [
    lax.broadcastInDim(lax.scalar(1, "float32"), [3, 2], []),
    lax.broadcastInDim(0, [4], []),
  ]);
  assertClose(t.data, [1, 1, 0, 0, 0, 0, 1, 1]);
  await checkTranspose(f, [x, i]);
  await checkVmap(f, [rng.randn([3, 2, 4]), i], [2, null]);
  await checkVmap(f, [x, ints([2, 5, -1, 0, 1, 3], [2, 3])], [null, 0]);
});

test("gather: x[:, idx] and x[idx1, idx2]", async () => {
  const i = ints([3, 0, 0, 4], [4]);
  await checkAll(takeCols, [rng.randn([3, 5]), i], [
    rng.randn([2, 3, 5]),
    ints([1, 2, 3, 4, 0, 1, 2, 3], [4, 2]),
  ], [0, 1]);
  const p = ints([0, 3, 2, 1, 3, 0], [2, 3]), q = ints([4, 4, 0, 1, 2, 3], [2, 3]);
  await checkAll(
    takePoints,
    [rng.randn([4, 5]), p, q],
    [rng.randn([4, 5, 3]), rng.randint([3, 2, 3], 0, 4), q],
    [2, 0, null],
  );
  await checkVmap(takePoints, [
    rng.randn([4, 5]),
    p,
    ints([4, 4, 0, 1, 2, 3, 1, 1, 1, 2, 2, 2], [2, 2, 3]),
  ], [null, null, 1]);
});

test("gather: windows, and batching dims (take_along_axis)", async () => {
  // Windows of 2 rows starting at each index (clamped to fit).
  const win = (x: DeviceArray, i: DeviceArray) =>
    lax.gather(x, lax.reshape(i, [3, 1]), gdn([1, 2], [], [0]), [2, 4]);
  const i = ints([0, 5, 3], [3]);
  await checkAll(win, [rng.randn([6, 4]), i], [
    rng.randn([6, 2, 4]),
    ints([0, 5, 3, 1, 1, 4], [2, 3]),
  ], [
    1,
    0,
  ]);
  const j = ints([2, 0, 1, 1, 3, 3], [3, 2]);
  await checkAll(alongRows, [rng.randn([3, 4]), j], [
    rng.randn([3, 4, 2]),
    ints([2, 0, 1, 1, 3, 3, 0, 0, 0, 1, 1, 1], [3, 2, 2]),
  ], [2, 2]);
  await checkVmap(alongRows, [rng.randn([2, 3, 4]), j], [0, null]);
});

test("vmap of indexing is one gather", () => {
  const x = rng.randn([4, 5, 3]);
  const i = ints([0, 4, 2, 1, 1, 3, 0, 2], [4, 2]);
  for (const dims of [[0, null], [null, 0], [0, 0]]) {
    const a = dims[0] === null ? rng.randn([5, 3]) : x;
    const b = dims[1] === null ? ints([1, 2], [2]) : i;
    assert.deepEqual(primitiveCounts(vmapJaxpr(takeRows(), [a, b], dims)), {
      reshape: 1,
      gather: 1,
    });
  }
});

// Scatters ---------------------------------------------------------------------------------------

type Kind = "scatter" | "scatter-add" | "scatter-mul" | "scatter-min" | "scatter-max";

/** x.at[idx].op(u) on rows: indices [k] → [k, 1], updates [k, m]. */
const rows =
  (kind: Kind, opts: { mode?: GatherMode; unique?: boolean } = {}) =>
  (x: DeviceArray, i: DeviceArray, u: DeviceArray) =>
    lax.scatterOp(kind, x, lax.reshape(i, [...i.shape, 1]), u, sdn([i.ndim], [0], [0]), {
      mode: opts.mode ?? "fill",
      uniqueIndices: opts.unique ?? false,
    });

/** x.at[i, j].op(u) on single elements. */
const points = (kind: Kind) => (x: DeviceArray, i: DeviceArray, j: DeviceArray, u: DeviceArray) => {
  const col = (a: DeviceArray) => lax.reshape(a, [...a.shape, 1]);
  return lax.scatterOp(
    kind,
    x,
    lax.concatenate([col(i), col(j)], i.ndim),
    u,
    sdn([], [0, 1], [0, 1]),
  );
};

const rep = ints([1, 3, 1, 0], [4]); // row 1 twice
const repB = ints([1, 3, 1, 0, 2, 2, 2, 0, 0, 1, 3, 3], [3, 4]);

test("scatter-add: linear in operand and updates; repeated indices accumulate", async () => {
  const f = rows("scatter-add");
  await checkAll(f, [rng.randn([5, 3]), rep, rng.randn([4, 3])], [
    rng.randn([3, 5, 3]),
    repB,
    rng.randn([4, 3, 3]),
  ], [0, 0, 1]);
  await checkVmap(f, [rng.randn([5, 3]), rep, rng.randn([4, 3, 3])], [null, null, 2]);
  await checkVmap(f, [rng.randn([5, 3, 3]), rep, rng.randn([4, 3])], [2, null, null]);
  await checkVmap(f, [rng.randn([5, 3]), repB, rng.randn([4, 3])], [null, 0, null]);
  const [, , gu] = await vjpValues(
    f,
    [rng.randn([4, 2]), ints([1, 1, 9], [3]), rng.randn([3, 2])],
    [
      arr([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]),
    ],
  );
  // Both updates to row 1 see its cotangent; the out-of-range one (dropped) sees zero.
  assertClose(gu.data, [3, 4, 3, 4, 0, 0]);
  await checkAll(
    points("scatter-add"),
    [rng.randn([3, 4]), ints([0, 2, 0], [3]), ints([1, 3, 1], [3]), rng.randn([3])],
    [
      rng.randn([2, 3, 4]),
      ints([0, 2, 0, 1, 1, 1], [2, 3]),
      ints([1, 3, 1], [3]),
      rng.randn([3, 2]),
    ],
    [0, 0, null, 1],
  );
});

test("scatter-add: clip mode clamps in the rule's gathers as in the scatter", async () => {
  const f = rows("scatter-add", { mode: "clip" });
  await checkAll(f, [rng.randn([4, 2]), ints([-2, 6, 1], [3]), rng.randn([3, 2])], [
    rng.randn([2, 4, 2]),
    ints([-2, 6, 1, 0, 9, 3], [2, 3]),
    rng.randn([3, 2]),
  ], [0, 0, null]);
});

test("scatter: repeated indices (the last update wins) and unique indices", async () => {
  const f = rows("scatter");
  await checkAll(f, [rng.randn([5, 3]), rep, rng.randn([4, 3])], [
    rng.randn([3, 5, 3]),
    repB,
    rng.randn([4, 3, 3]),
  ], [0, 0, 1]);
  const [t] = await jvpValues(f, [rng.randn([3, 1]), ints([1, 1], [2]), rng.randn([2, 1])], [
    arr([1, 10, 100], [3, 1]),
    lax.broadcastInDim(0, [2], []),
    arr([1000, 10000], [2, 1]),
  ]);
  assertClose(t.data, [1, 10000, 100]);
  const g = rows("scatter", { unique: true });
  const uniq = ints([3, 0, 4], [3]);
  await checkAll(g, [rng.randn([5, 2]), uniq, rng.randn([3, 2])], [
    rng.randn([5, 2, 2]),
    ints([3, 0, 4, 1, 2, 3], [2, 3]),
    rng.randn([2, 3, 2]),
  ], [2, 0, 0]);
  // Out-of-range updates are dropped in fill mode: their tangents too.
  await checkAll(f, [rng.randn([3, 2]), ints([5, 0, -1], [3]), rng.randn([3, 2])], [
    rng.randn([3, 2, 2]),
    ints([5, 0, -1], [3]),
    rng.randn([3, 2, 2]),
  ], [2, null, 2]);
});

test("scatter-mul: operand tangent always, update tangent for unique indices", async () => {
  const f = rows("scatter-mul", { unique: true });
  const uniq = ints([3, 0, 4], [3]);
  await checkAll(f, [rng.randn([5, 2]), uniq, rng.randn([3, 2])], [
    rng.randn([2, 5, 2]),
    ints([3, 0, 4, 1, 2, 3], [2, 3]),
    rng.randn([3, 2, 2]),
  ], [0, 0, 1]);
  const g = rows("scatter-mul");
  // Repeated indices: differentiable in the operand only (as in JAX).
  await checkJvp((x) => g(x, rep, lax.broadcastInDim(lax.scalar(1.5, "float32"), [4, 3], [])), [
    rng.randn([5, 3]),
  ]);
  await checkTranspose(
    (x) => g(x, rep, lax.broadcastInDim(lax.scalar(1.5, "float32"), [4, 3], [])),
    [
      rng.randn([5, 3]),
    ],
  );
  await checkVmap(g, [rng.randn([5, 3]), repB, rng.randn([4, 3])], [null, 0, null]);
  await assertRejects(
    () => checkJvp(g, [rng.randn([5, 3]), rep, rng.randn([4, 3])]),
    NotImplementedError,
    "unique_indices",
  );
});

test("scatter-min / scatter-max: tangent of whichever value wins, ties averaged", async () => {
  for (const kind of ["scatter-min", "scatter-max"] as const) {
    const f = rows(kind);
    await checkAll(f, [rng.randn([5, 3]), rep, rng.randn([4, 3])], [
      rng.randn([3, 5, 3]),
      repB,
      rng.randn([4, 3, 3]),
    ], [0, 0, 1]);
    await checkVmap(f, [rng.randint([5, 3], -3, 3), rep, rng.randint([4, 3, 2], -3, 3)], [
      null,
      null,
      2,
    ]);
  }
  // Row 0: the operand (5) ties with the first update (5) while the second (1) loses: the
  // tangent is the mean of the two winners. Row 1: no update, the operand's tangent passes.
  const f = rows("scatter-max");
  const [t] = await jvpValues(f, [arr([5, 2], [2, 1]), ints([0, 0], [2]), arr([5, 1], [2, 1])], [
    arr([1, 10], [2, 1]),
    lax.broadcastInDim(0, [2], []),
    arr([100, 1000], [2, 1]),
  ]);
  assertClose(t.data, [50.5, 10]);
});

test("scatter-min / scatter-max: NaN results as JAX's rule (no NaN tangents)", async () => {
  // Rows 0 and 3 of the operand are NaN; an update lands on row 0 (the result stays NaN) and on
  // row 1. JAX: an element no update lands on keeps the operand's tangent, even a NaN one; a
  // result nothing attains (NaN) gets tangent 0.
  for (const kind of ["scatter-min", "scatter-max"] as const) {
    const f = rows(kind);
    const [t] = await jvpValues(f, [
      arr([NaN, 2, 3, NaN], [4, 1]),
      ints([1, 0], [2]),
      arr([kind === "scatter-max" ? 5 : -5, 7], [2, 1]),
    ], [arr([1, 10, 100, 7], [4, 1]), lax.broadcastInDim(0, [2], []), arr([1000, 10000], [2, 1])]);
    assertClose(t.data, [0, 1000, 100, 7]);
  }
});

test("vmap of scatters is one scatter", () => {
  const f = rows("scatter-add");
  const counts = primitiveCounts(
    vmapJaxpr(f, [rng.randn([5, 3]), repB, rng.randn([4, 3])], [null, 0, null]),
  );
  assert.equal(counts["scatter-add"], 1);
  assert.equal(counts.gather ?? 0, 0);
});

test("rules compose: vmap of the JVP of scatter and of the VJP of gather", async () => {
  const f = rows("scatter");
  // Per-example JVP of a scatter with repeated (per-example) indices: the winner-id machinery
  // itself has to batch.
  const jvpScatter = (
    x: DeviceArray,
    i: DeviceArray,
    u: DeviceArray,
    tx: DeviceArray,
    tu: DeviceArray,
  ) => jvpValuesIn(f, [x, i, u], [tx, lax.broadcastInDim(0, i.shape, []), tu]);
  await checkVmap(jvpScatter, [
    rng.randn([5, 3]),
    repB,
    rng.randn([4, 3]),
    rng.randn([3, 5, 3]),
    rng.randn([4, 3, 3]),
  ], [
    null,
    0,
    null,
    0,
    1,
  ]);
  // Per-example gradient of a row gather: the scatter-add transpose batched over the indices.
  const gradTake = (x: DeviceArray, i: DeviceArray, u: DeviceArray) => {
    const [, back] = vjpFlat((a) => [takeRows()(a, i)], [x]);
    return back([u]).map(instantiateZeros);
  };
  await checkVmap(gradTake, [rng.randn([5, 3]), repB, rng.randn([3, 4, 3])], [null, 0, 0]);
  await checkVmap(gradTake, [rng.randn([3, 5, 3]), rep, rng.randn([4, 3, 3])], [0, null, 2]);
});

/** The tangent outputs of jvp, as arrays (traceable, unlike jvpValues). */
function jvpValuesIn(
  f: (...a: DeviceArray[]) => DeviceArray,
  args: DeviceArray[],
  tangents: DeviceArray[],
) {
  return jvpFlat((...a) => [f(...a)], args, tangents)[1].map(instantiateZeros);
}
