/**
 * Lowering of fusable primitives to IR nodes: every elementwise primitive, the structural ones
 * (broadcast_in_dim, reshape, squeeze, transpose, rev, slice, pad, concatenate, iota,
 * dynamic_slice, dynamic_update_slice), gather and threefry2x32. Each becomes a node that a kernel
 * evaluates per element; nothing is materialized here.
 */

import type { ShapedArray } from "../../core/aval.ts";
import type { Params } from "../../core/primitive.ts";
import type { DType } from "../../dtype.ts";
import type { GatherDimensionNumbers, GatherMode } from "../../lax/prims/indexing.ts";
import type { KernelBuilder } from "./codegen.ts";
import {
  broadcastInDim,
  broadcastIx,
  clampedIndex,
  CustomNode,
  ElemNode,
  Ix,
  type Node,
  reshape,
  rev,
  slice,
  transpose,
} from "./graph.ts";
import { wgslLiteral, wgslTemplates, wgslType } from "./wgsl_expr.ts";

type Lowering = (ins: Node[], p: Params, inAvals: ShapedArray[], outAvals: ShapedArray[]) => Node[];

const elementwise: Lowering = (ins, p, _i, [out]) => [
  new ElemNode(currentPrim, p, ins, out.shape, out.dtype),
];
let currentPrim = "";

const LOWERINGS: Record<string, Lowering> = {
  broadcast_in_dim: ([x], p) => [
    broadcastInDim(x, p.shape as number[], p.broadcast_dimensions as number[]),
  ],
  reshape: ([x], _p, _i, [o]) => [reshape(x, o.shape as number[])],
  squeeze: ([x], _p, _i, [o]) => [reshape(x, o.shape as number[])],
  transpose: ([x], p) => [transpose(x, p.permutation as number[])],
  rev: ([x], p) => [rev(x, p.dimensions as number[])],
  slice: ([x], p, _i, [o]) => {
    const start = p.start_indices as number[];
    return [
      slice(x, start, (p.strides as number[] | null) ?? start.map(() => 1), o.shape as number[]),
    ];
  },
  pad: ([x, v], p, _i, [o]) => [padNode(x, v, p.padding_config as [number, number, number][], o)],
  concatenate: (xs, p, _i, [o]) => [concatNode(xs, p.dimension as number, o)],
  iota: (_x, p, _i, [o]) => [
    new CustomNode("iota", [], o.shape, o.dtype, (k, ix) => {
      const c = ix.coords(k)[p.dimension as number];
      return o.dtype === "int32" ? c : `${wgslType(o.dtype)}(${c})`;
    }),
  ],
  dynamic_slice: ([x, ...idx], p, _i, [o]) => {
    const sizes = p.slice_sizes as number[];
    return [
      new CustomNode("dynamic_slice", [x, ...idx], o.shape, o.dtype, (k, ix, [xx, ...ii]) => {
        const c = ix.coords(k);
        const xc = c.map((e, d) => {
          const s = clampedIndex(k, ii[d], xx.shape[d] - sizes[d]);
          return s === "0" ? e : `(${e} + ${s})`;
        });
        return xx.emit(k, Ix.coords(xx.shape, xc));
      }),
    ];
  },
  dynamic_update_slice: ([x, upd, ...idx], _p, _i, [o]) => [
    new CustomNode("dynamic_update_slice", [x, upd, ...idx], o.shape, o.dtype, (k, ix, args) => {
      const [xx, uu, ...ii] = args;
      const c = ix.coords(k);
      const starts = c.map((_, d) => clampedIndex(k, ii[d], xx.shape[d] - uu.shape[d]));
      const inside = c.map((e, d) =>
        `(${e} >= ${starts[d]} && ${e} < ${starts[d]} + ${uu.shape[d]})`
      );
      const v = k.fresh();
      k.line(`var ${v}: ${xx.wtype};`);
      k.open(`if (${inside.length ? inside.join(" && ") : "true"})`);
      k.line(
        `${v} = ${uu.emit(k, Ix.coords(uu.shape, c.map((e, d) => `(${e} - ${starts[d]})`)))};`,
      );
      k.close();
      k.open("else");
      k.line(`${v} = ${xx.emit(k, ix)};`);
      k.close();
      return v;
    }),
  ],
  gather: ([operand, indices], p, _i, [o]) => [gatherNode(operand, indices, p, o)],
  threefry2x32: (ins, _p, _i, [o]) => {
    const pair = new CustomNode("threefry", ins, o.shape, "uint32", (k, ix, args) => {
      k.need("threefry2x32");
      const v = args.map((a) => a.emit(k, broadcastIx(k, ix, a)));
      return `threefry2x32(${v.join(", ")})`;
    }, "vec2<u32>");
    return [0, 1].map((j) =>
      new CustomNode(
        `threefry_${j}`,
        [pair],
        o.shape,
        "uint32",
        (k, ix, [pp]) => `${pp.emit(k, ix)}.${j === 0 ? "x" : "y"}`,
      )
    );
  },
};

/** Lowers a fusable primitive to nodes (one per output); null if the primitive is not fusable. */
export function lowerFusable(
  name: string,
  ins: Node[],
  params: Params,
  inAvals: ShapedArray[],
  outAvals: ShapedArray[],
): Node[] | null {
  if (name === "add_any") name = "add";
  const l = LOWERINGS[name];
  if (l) return l(ins, params, inAvals, outAvals);
  if (wgslTemplates[name]) {
    currentPrim = name;
    return elementwise(ins, params, inAvals, outAvals);
  }
  return null;
}

/** Whether a primitive lowers to nodes (is fused) rather than running its own kernels. */
export function isFusable(name: string): boolean {
  return name in LOWERINGS || name in wgslTemplates || name === "add_any";
}

function padNode(x: Node, v: Node, cfg: [number, number, number][], o: ShapedArray): Node {
  return new CustomNode("pad", [x, v], o.shape, o.dtype, (k, ix, [xx, vv]) => {
    const pv = vv.emit(k, Ix.flat([], "0"));
    if (xx.size === 0) return pv;
    const c = ix.coords(k);
    const conds: string[] = [];
    const src = c.map((e, d) => {
      const [lo, , interior] = cfg[d];
      const n = xx.shape[d];
      const t = lo === 0 ? e : k.let(`(${e} - ${lo})`, "i32");
      const step = interior + 1;
      if (step === 1) {
        if (lo !== 0 || o.shape[d] !== n) conds.push(`${t} >= 0 && ${t} < ${n}`);
        return n === 1 ? "0" : `clamp(${t}, 0, ${n - 1})`;
      }
      conds.push(`${t} >= 0 && ${t} % ${step} == 0 && ${t} / ${step} < ${n}`);
      return `clamp(${t} / ${step}, 0, ${n - 1})`;
    });
    const val = xx.emit(k, Ix.coords(xx.shape, src));
    if (conds.length === 0) return val;
    return `select(${pv}, ${val}, ${conds.join(" && ")})`;
  });
}

function concatNode(xs: Node[], dim: number, o: ShapedArray): Node {
  return new CustomNode("concatenate", xs, o.shape, o.dtype, (k, ix, args) => {
    const parts = args.filter((a) => a.shape[dim] > 0);
    if (parts.length === 1) return parts[0].emit(k, ix);
    const c = ix.coords(k);
    const known = constIndex(c[dim]);
    if (known !== null) {
      // A constant coordinate selects its operand statically (a branch that indexes with a
      // constant negative would be rejected by the shader compiler even if never taken).
      let at = 0;
      for (const a of parts) {
        if (known < at + a.shape[dim]) {
          const cc = c.slice();
          cc[dim] = String(known - at);
          return a.emit(k, Ix.coords(a.shape, cc));
        }
        at += a.shape[dim];
      }
    }
    const v = k.fresh();
    k.line(`var ${v}: ${wgslType(o.dtype)};`);
    let at = 0;
    parts.forEach((a, j) => {
      const n = a.shape[dim];
      const cc = c.slice();
      cc[dim] = at === 0 ? c[dim] : `(${c[dim]} - ${at})`;
      const last = j === parts.length - 1;
      const cond = `if (${c[dim]} < ${at + n})`;
      k.open(j === 0 ? cond : last ? "else" : `else ${cond}`);
      k.line(`${v} = ${a.emit(k, Ix.coords(a.shape, cc))};`);
      k.close();
      at += n;
    });
    return v;
  });
}

/** The value of an index expression made only of integer constants, else null. */
export function constIndex(e: string): number | null {
  if (!/^[-+*() 0-9]+$/.test(e)) return null;
  try {
    const v = new Function(`return (${e});`)() as number;
    return Number.isInteger(v) ? v : null;
  } catch {
    return null;
  }
}

/** The value gather fills out-of-bounds slices with in "fill" mode (JAX's defaults). */
export function gatherFill(dtype: DType, fill: number | null | undefined): number {
  if (fill !== null && fill !== undefined) return fill;
  if (dtype === "float32") return NaN;
  if (dtype === "int32") return -2147483648;
  if (dtype === "uint32") return 4294967295;
  return 1;
}

function gatherNode(operand: Node, indices: Node, p: Params, o: ShapedArray): Node {
  const dn = p.dimension_numbers as GatherDimensionNumbers;
  const sizes = p.slice_sizes as number[];
  const mode = (p.mode as GatherMode | undefined) ?? "clip";
  const fill = gatherFill(o.dtype, p.fill_value as number | null | undefined);
  const rank = o.shape.length;
  const batchDims = [...Array(rank).keys()].filter((d) => !dn.offset_dims.includes(d));
  const windowDims = operand.shape.map((_, d) => d).filter((d) =>
    !dn.collapsed_slice_dims.includes(d) && !dn.operand_batching_dims.includes(d)
  );
  const nvec = dn.start_index_map.length;
  return new CustomNode("gather", [operand, indices], o.shape, o.dtype, (k, ix, [op, ind]) => {
    const c = ix.coords(k);
    const bc = batchDims.map((d) => c[d]);
    const starts: string[] = operand.shape.map(() => "0");
    const oob: string[] = [];
    for (let j = 0; j < nvec; j++) {
      const d = dn.start_index_map[j];
      const raw = ind.emit(k, Ix.coords(ind.shape, [...bc, String(j)]));
      const hi = operand.shape[d] - sizes[d];
      const si = ind.dtype === "uint32" ? `i32(min(${raw}, 0x7fffffffu))` : raw;
      if (mode === "fill") {
        const s = k.let(si, "i32");
        oob.push(`${s} < 0 || ${s} > ${hi}`);
        starts[d] = `clamp(${s}, 0, ${Math.max(hi, 0)})`;
      } else {
        starts[d] = k.let(`clamp(${si}, 0, ${Math.max(hi, 0)})`, "i32");
      }
    }
    const oc = operand.shape.map((_, d) => {
      const bi = dn.operand_batching_dims.indexOf(d);
      if (bi >= 0) return bc[dn.start_indices_batching_dims[bi]];
      const w = windowDims.indexOf(d);
      const off = w >= 0 ? c[dn.offset_dims[w]] : "0";
      if (starts[d] === "0") return off;
      return off === "0" ? starts[d] : `(${starts[d]} + ${off})`;
    });
    const val = op.emit(k, Ix.coords(op.shape, oc));
    if (oob.length === 0) return val;
    return `select(${val}, ${wgslLiteral(fill, o.dtype)}, ${oob.join(" || ")})`;
  });
}

/** Types used by other modules. */
export type { DType, KernelBuilder };
