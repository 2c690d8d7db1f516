/**
 * gather / scatter kernels against a per-element reference written straight from XLA's
 * operation semantics, on many random dimension-number configurations (batching dims, windows,
 * permuted start maps, all modes). This checks the kernels' precomputed window offsets and fast
 * paths against the definition, beyond the numpy patterns of the fixture cases.
 */

import { assertExact, test } from "../../harness.ts";
import { ShapedArray } from "../../../src/core/aval.ts";
import { gather_p, scatter_add_p } from "../../../src/lax/prims/indexing.ts";
import { cpuKernels } from "../../../src/backend/cpu/kernels/index.ts";
import { prod, stridesOf } from "../../../src/shape.ts";

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = int(0, i);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const subset = <T>(xs: T[]) => xs.filter(() => next() < 0.5);
  return { next, int, shuffle, subset };
}

/** Row-major multi-indices of a shape. */
function* indicesOf(shape: number[]): Generator<number[]> {
  const n = prod(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    yield idx.slice();
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
}

const flat = (idx: number[], shape: number[]) => {
  const st = stridesOf(shape);
  return idx.reduce((acc, v, i) => acc + v * st[i], 0);
};

interface Config {
  opShape: number[];
  idxShape: number[]; // batch shape + [nvec]
  startMap: number[]; // index vector component → operand axis
  opBatch: number[];
  idxBatch: number[];
  inserted: number[]; // collapsed (gather) / inserted (scatter) axes
  extent: number[]; // window extent per operand axis (1 on inserted and batching axes)
  windowPos: number[]; // offset_dims / update_window_dims
  mode: string;
  indices: Int32Array;
}

function randomConfig(r: ReturnType<typeof rng>): Config {
  const rank = r.int(1, 3);
  const opShape = Array.from({ length: rank }, () => r.int(1, 4));
  const axes = opShape.map((_, i) => i);
  const batchRank = r.int(0, 2);
  const batchShape = Array.from({ length: batchRank }, () => r.int(0, 3));
  const opBatch: number[] = [], idxBatch: number[] = [];
  if (batchRank > 0 && r.next() < 0.4) {
    const a = r.int(0, rank - 1), b = r.int(0, batchRank - 1);
    opBatch.push(a);
    idxBatch.push(b);
    batchShape[b] = opShape[a];
  }
  const free = axes.filter((a) => !opBatch.includes(a));
  const inserted = r.subset(free);
  const startMap = r.shuffle(r.subset(free));
  const extent = opShape.map((d, a) =>
    inserted.includes(a) || opBatch.includes(a) ? 1 : r.int(1, d)
  );
  const windowRank = free.length - inserted.length;
  const outRank = batchRank + windowRank;
  const windowPos = r.shuffle([...Array(outRank).keys()]).slice(0, windowRank).sort((a, b) =>
    a - b
  );
  const idxShape = [...batchShape, startMap.length];
  const indices = new Int32Array(prod(idxShape));
  for (let i = 0; i < indices.length; i++) {
    const d = opShape[startMap[i % startMap.length]];
    indices[i] = r.int(-2, d + 1);
  }
  const mode = ["clip", "fill", "promise_in_bounds"][r.int(0, 2)];
  return {
    opShape,
    idxShape,
    startMap,
    opBatch,
    idxBatch,
    inserted,
    extent,
    windowPos,
    mode,
    indices,
  };
}

/** The operand start of index vector G, or null when it is dropped/filled (window out of range). */
function startOf(c: Config, G: number[]): number[] | null {
  const nvec = c.startMap.length;
  const start = c.opShape.map(() => 0);
  const base = flat([...G, 0], c.idxShape);
  for (let k = 0; k < nvec; k++) {
    const a = c.startMap[k];
    let v = c.indices[base + k];
    const hi = c.opShape[a] - c.extent[a];
    if (v < 0 || v > hi) {
      if (c.mode !== "clip") return null;
      v = Math.min(Math.max(v, 0), hi);
    }
    start[a] = v;
  }
  c.opBatch.forEach((a, i) => (start[a] = G[c.idxBatch[i]]));
  return start;
}

const windowAxes = (c: Config) =>
  c.opShape.map((_, a) => a).filter((a) => !c.inserted.includes(a) && !c.opBatch.includes(a));

test("cpu indexing: gather matches XLA's per-element definition on random configs", () => {
  const r = rng(2024);
  for (let trial = 0; trial < 400; trial++) {
    const c = randomConfig(r);
    const operand = Float32Array.from({ length: prod(c.opShape) }, (_, i) => i + 1);
    const params = {
      dimension_numbers: {
        offset_dims: c.windowPos,
        collapsed_slice_dims: c.inserted.toSorted((a, b) => a - b),
        start_index_map: c.startMap,
        operand_batching_dims: c.opBatch,
        start_indices_batching_dims: c.idxBatch,
      },
      slice_sizes: c.extent,
      mode: c.mode,
      fill_value: null,
    };
    const avals = [new ShapedArray(c.opShape, "float32"), new ShapedArray(c.idxShape, "int32")];
    const [outAval] = gather_p.abstractEval(avals, params);
    const [got] = cpuKernels.gather([operand, c.indices], avals, [outAval], params);
    // Reference: XLA's gather, one output element at a time ("promise" clamps like clip).
    const ref = { ...c, mode: c.mode === "fill" ? "fill" : "clip" };
    const want = new Float32Array(outAval.size);
    const wins = windowAxes(c);
    let k = 0;
    for (const out of indicesOf([...outAval.shape])) {
      const G = out.filter((_, d) => !c.windowPos.includes(d));
      const start = startOf(ref, G);
      if (start === null) want[k++] = NaN;
      else {
        const full = [...start];
        c.windowPos.forEach((d, i) => (full[wins[i]] += out[d]));
        want[k++] = operand[flat(full, c.opShape)];
      }
    }
    assertExact(got, want);
  }
});

test("cpu indexing: scatter-add matches XLA's per-element definition on random configs", () => {
  const r = rng(77);
  for (let trial = 0; trial < 400; trial++) {
    const c = randomConfig(r);
    const wins = windowAxes(c);
    const batchShape = c.idxShape.slice(0, -1);
    const updRank = batchShape.length + wins.length;
    const updShape: number[] = [];
    for (let d = 0, b = 0, w = 0; d < updRank; d++) {
      updShape.push(c.windowPos.includes(d) ? c.extent[wins[w++]] : batchShape[b++]);
    }
    const operand = Int32Array.from({ length: prod(c.opShape) }, (_, i) => i * 1000);
    const updates = Int32Array.from({ length: prod(updShape) }, (_, i) => i + 1);
    const params = {
      dimension_numbers: {
        update_window_dims: c.windowPos,
        inserted_window_dims: c.inserted.toSorted((a, b) => a - b),
        scatter_dims_to_operand_dims: c.startMap,
        operand_batching_dims: c.opBatch,
        scatter_indices_batching_dims: c.idxBatch,
      },
      mode: c.mode,
    };
    const avals = [
      new ShapedArray(c.opShape, "int32"),
      new ShapedArray(c.idxShape, "int32"),
      new ShapedArray(updShape, "int32"),
    ];
    const [outAval] = scatter_add_p.abstractEval(avals, params);
    const [got] = cpuKernels["scatter-add"]([operand, c.indices, updates], avals, [outAval], {
      ...params,
    });
    // Reference: every update element, in row-major order; a window whose start does not fit
    // is dropped whole ("fill", "promise_in_bounds") or moved inside ("clip").
    const want = operand.slice();
    let k = 0;
    for (const u of indicesOf(updShape)) {
      const G = u.filter((_, d) => !c.windowPos.includes(d));
      const start = startOf(c, G);
      const v = updates[k++];
      if (start === null) continue;
      const full = [...start];
      c.windowPos.forEach((d, i) => (full[wins[i]] += u[d]));
      want[flat(full, c.opShape)] += v;
    }
    assertExact(got, want);
  }
});
