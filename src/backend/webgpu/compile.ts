/**
 * Compiling a jaxpr to a WebGPU program with fused kernels.
 *
 * The flattened equations are walked in order, keeping each value either as a node (not yet
 * computed: an expression over earlier buffers) or in a slot (a buffer). Fusable primitives only
 * build nodes, so chains of elementwise and indexing ops become one kernel when a value must be
 * materialized: a program output, a value used more than once (unless cheap to recompute), an
 * operand of a loop, or a matmul operand that is not cheap. Reductions and matmuls read their
 * operands through nodes (a fused prologue); a reduction or matmul whose only use is an
 * elementwise chain is deferred, and that chain becomes its epilogue. Values that materialize
 * together with the same shape share one kernel. Buffers are freed after their last use.
 */

import type { ShapedArray } from "../../core/aval.ts";
import type { ClosedJaxpr } from "../../core/jaxpr.ts";
import { ArrayImpl } from "../../core/array_impl.ts";
import type { GpuBuffer } from "./device.ts";
import type { WebGpuBackend } from "./backend.ts";
import { countKernels, type Step } from "./exec.ts";
import { type OutSpec, WebGpuProgram } from "./program.ts";
import { type FlatEqn, flatten, type Ref } from "./flatten.ts";
import {
  AccNode,
  broadcastInDim,
  ElemNode,
  InputNode,
  Ix,
  LiteralNode,
  type Node,
  ViewNode,
} from "./graph.ts";
import { isFusable, lowerFusable } from "./lower.ts";
import { elementwiseKernel } from "./kernels/elementwise.ts";
import { SPECIALS } from "./kernels/index.ts";
import { concatInGroups, type Epilogue, PlanCtx } from "./plan.ts";
import { wgslTemplates } from "./wgsl_expr.ts";
import { CONTROL_FLOW, type HostStep } from "./control_flow.ts";
import { REDUCTION_NAMES } from "../../lax/prims/reductions.ts";

/** The program class lives in program.ts; compiling is the usual way to get one. */
export { WebGpuProgram };

/** Node cost above which a value used more than once is computed once into a buffer. */
const SHARE_COST = 3;
/** Node cost above which a matmul operand is materialized (each element is read N/64 times). */
const DOT_OPERAND_COST = 4;
/** Node cost above which an operand of an expanding op (broadcast) is materialized first. */
const EXPAND_COST = 4;

type ValState =
  | { kind: "slot"; slot: number; pending: boolean }
  | { kind: "node"; node: Node }
  | { kind: "deferred"; d: Deferred };

interface Deferred {
  eqn: FlatEqn;
  ins: Node[];
  acc: AccNode;
  done: boolean;
}

/** Options for compiling loop bodies. */
export interface CompileOptions {
  /**
   * Inputs read as slices of a stacked buffer: input `index` is element t of the stacked value
   * passed in its place, t read from the counter buffer passed as an extra last input.
   */
  scanSlices?: { first: number; count: number; length: number; reverse: boolean };
}

class Planner {
  readonly pc: PlanCtx;
  readonly vals: ValState[] = [];
  private pending: { slot: number; node: Node }[] = [];
  private readonly maxLeaves: number;

  constructor(
    readonly backend: WebGpuBackend,
    readonly uses: number[],
    readonly avals: ShapedArray[],
    firstSlot: number,
  ) {
    this.pc = new PlanCtx(backend.ctx, firstSlot);
    this.maxLeaves = Math.max(2, backend.ctx.limits.maxStorageBuffers - 4);
  }

  get steps(): Step[] {
    return this.pc.steps;
  }

  newSlot(): number {
    return this.pc.nextSlot++;
  }

  /** The node reading a reference (flushing pending kernels whose buffers it reads). */
  node(ref: Ref, avals: ShapedArray[]): Node {
    if (typeof ref !== "number") return new LiteralNode(ref.literal, ref.dtype);
    const st = this.vals[ref];
    if (st.kind === "slot") {
      if (st.pending) this.flush();
      const a = avals[ref];
      return new InputNode(st.slot, a.shape, a.dtype);
    }
    if (st.kind === "deferred") return st.d.acc;
    return st.node;
  }

  /** Makes a value a buffer (its kernel is emitted at the next flush). */
  materialize(v: number, avals: ShapedArray[]): number {
    const st = this.vals[v];
    if (st.kind === "slot") return st.slot;
    if (st.kind === "deferred") return this.resolve(st.d, avals);
    const slot = this.newSlot();
    this.pending.push({ slot, node: st.node });
    this.vals[v] = { kind: "slot", slot, pending: true };
    return slot;
  }

  /** A slot holding `ref` now (literals are materialized as one-element buffers). */
  slotNow(ref: Ref, avals: ShapedArray[], aval: ShapedArray): number {
    if (typeof ref !== "number") {
      const slot = this.newSlot();
      const node = new LiteralNode(ref.literal, ref.dtype);
      const view = aval.shape.length === 0 ? node : broadcastInDim(node, [...aval.shape], []);
      this.pending.push({ slot, node: view });
      this.flush();
      return slot;
    }
    const slot = this.materialize(ref, avals);
    this.flush();
    return slot;
  }

  /** Computes a deferred reduction/matmul into its own buffer. */
  resolve(d: Deferred, avals: ShapedArray[]): number {
    const v = d.eqn.outs[0];
    const st = this.vals[v];
    if (st.kind === "slot") return st.slot;
    const slot = this.newSlot();
    this.pc.steps.push({ op: "alloc", slot, bytes: d.eqn.outAvals[0].size * 4 });
    this.planSpecial(d.eqn, d.ins, [slot], null);
    const a = avals[v];
    d.acc.fallback = new InputNode(slot, a.shape, a.dtype);
    d.done = true;
    this.vals[v] = { kind: "slot", slot, pending: false };
    return slot;
  }

  /** Resolves the deferred results a node reads (before it is used outside an epilogue). */
  prepare(node: Node, avals: ShapedArray[]): void {
    for (const d of deferredIn(node)) this.resolve(d, avals);
  }

  planSpecial(eqn: FlatEqn, ins: Node[], outSlots: number[], epi: Epilogue | null): void {
    const special = SPECIALS[eqn.name];
    if (!special) throw new Error(`The WebGPU backend has no kernel for primitive '${eqn.name}'`);
    special(this.pc, ins, eqn.params, eqn.inAvals, eqn.outAvals, outSlots, [epi]);
  }

  /** Emits the kernels of pending values: one per shape, or a deferred op with its epilogue. */
  flush(): void {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const groups = new Map<string, { slot: number; node: Node }[]>();
      for (const p of batch) {
        const ds = deferredIn(p.node);
        if (ds.length === 1 && epilogueOk(p.node, ds[0].acc) && this.soleReader(ds[0], p, batch)) {
          const d = ds[0];
          this.pc.steps.push({ op: "alloc", slot: p.slot, bytes: p.node.size * 4 });
          this.planSpecial(d.eqn, d.ins, [p.slot], { node: p.node, acc: d.acc });
          d.done = true;
          continue;
        }
        for (const d of ds) this.resolve(d, this.avals);
        const key = p.node.shape.join(",");
        let g = groups.get(key);
        if (!g) groups.set(key, g = []);
        g.push(p);
      }
      for (const g of groups.values()) {
        for (const p of g) {
          this.pc.steps.push({ op: "alloc", slot: p.slot, bytes: p.node.size * 4 });
        }
        if (g[0].node.size === 0) continue;
        // Respect the binding limit: split a group whose leaves do not fit one kernel.
        let part: { slot: number; node: Node }[] = [];
        let leaves = new Set<number>();
        const emit = () => {
          if (part.length === 0) return;
          this.pc.steps.push({
            op: "kernel",
            kernel: elementwiseKernel(this.backend.ctx.limits, part, "fused"),
          });
          part = [];
          leaves = new Set();
        };
        for (const p of g) {
          const mine = leafSlots(p.node);
          const union = new Set([...leaves, ...mine]);
          if (part.length > 0 && union.size + part.length + 1 > this.maxLeaves + 2) emit();
          part.push(p);
          for (const s of mine) leaves.add(s);
        }
        emit();
      }
    }
  }

  /** Uses of each value not yet consumed by the equations walked so far (and the outputs). */
  remaining: number[] = [];

  /**
   * Whether pending entry `p` is the only reader of a deferred result: no other pending entry and
   * no value still to be used holds a node reading it (else its raw value must be stored).
   */
  soleReader(d: Deferred, p: { slot: number; node: Node }, batch: { node: Node }[]): boolean {
    for (const q of batch) if (q !== p && deferredIn(q.node).includes(d)) return false;
    for (let v = 0; v < this.vals.length; v++) {
      const st = this.vals[v];
      if (st.kind === "node" && this.remaining[v] > 0 && deferredIn(st.node).includes(d)) {
        return false;
      }
    }
    return true;
  }

  /** Keeps the leaves of a node under the binding limit by materializing its widest operands. */
  fitLeaves(args: Node[], refs: Ref[], avals: ShapedArray[]): Node[] {
    const out = args.slice();
    for (;;) {
      const all = new Set<number>();
      for (const a of out) for (const s of leafSlots(a)) all.add(s);
      if (all.size <= this.maxLeaves) return out;
      let best = -1, bestCount = 1;
      out.forEach((a, i) => {
        const c = leafSlots(a).size;
        if (c > bestCount && typeof refs[i] === "number") (best = i), (bestCount = c);
      });
      if (best < 0) return out; // operands are plain buffers already; the kernel must cope
      const v = refs[best] as number;
      this.materialize(v, avals);
      out[best] = this.node(v, avals);
    }
  }

  /** Slot-count of distinct buffers bound by pending and future kernels (for limits). */
  get maxLeavesPerKernel(): number {
    return this.maxLeaves;
  }
}

const ixZero = Ix.flat([], "0");

/**
 * Placeholder ids (negative, unlike slots) of deferred results not yet in a buffer: each becomes
 * one buffer the kernel binds once it is resolved, so it counts as a leaf from the start (else a
 * fused node counted under the limit grows past it when its deferred operands are resolved).
 */
const pendingLeafIds = new WeakMap<AccNode, number>();
let nextPendingLeafId = -1;

/** The distinct buffer slots a node reads (or will read, for deferred results). */
function leafSlots(n: Node, acc = new Set<number>()): Set<number> {
  if (n instanceof InputNode) acc.add(n.slot);
  else if (n instanceof AccNode) {
    if (n.fallback) leafSlots(n.fallback, acc);
    else {
      let id = pendingLeafIds.get(n);
      if (id === undefined) pendingLeafIds.set(n, id = nextPendingLeafId--);
      acc.add(id);
    }
  } else for (const c of n.children()) leafSlots(c, acc);
  return acc;
}

const deferredOf = new WeakMap<AccNode, Deferred>();

function deferredIn(n: Node, out: Deferred[] = [], seen = new Set<Node>()): Deferred[] {
  if (seen.has(n)) return out;
  seen.add(n);
  if (n instanceof AccNode) {
    const d = deferredOf.get(n);
    if (d && !d.done && !out.includes(d)) out.push(d);
    return out;
  }
  for (const c of n.children()) deferredIn(c, out, seen);
  return out;
}

/** Whether `acc` is read only at the root's own index through elementwise ops of its shape. */
function epilogueOk(root: Node, acc: AccNode): boolean {
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((v, i) => v === b[i]);
  if (!same(root.shape, acc.shape)) return false;
  const walk = (n: Node): boolean => {
    if (n === acc) return true;
    if (n instanceof ElemNode) {
      return n.args.every((a) => !containsNode(a, acc) || (same(a.shape, n.shape) && walk(a)));
    }
    return !containsNode(n, acc);
  };
  return walk(root);
}

function containsNode(n: Node, target: Node): boolean {
  if (n === target) return true;
  for (const c of n.children()) if (containsNode(c, target)) return true;
  return false;
}

/** Primitives that may become epilogue-carrying kernels when their only use is elementwise. */
const DEFERRABLE = new Set(["dot_general", ...REDUCTION_NAMES]);

/** Compiles a closed jaxpr into a program of fused kernels. */
export function compileForWebGpu(
  closed: ClosedJaxpr,
  backend: WebGpuBackend,
  opts: CompileOptions = {},
): WebGpuProgram {
  const flat = flatten(closed);
  const avals = flat.avals;
  const uses = new Array<number>(flat.nvals).fill(0);
  const consumers: FlatEqn[][] = Array.from({ length: flat.nvals }, () => []);
  for (const e of flat.eqns) {
    for (const r of e.ins) {
      if (typeof r === "number") {
        uses[r]++;
        consumers[r].push(e);
      }
    }
  }
  for (const r of flat.outs) if (typeof r === "number") uses[r]++;

  let nextSlot = 0;
  const inSlots: number[] = [];
  const constSlots: number[] = [];
  const constBufs: GpuBuffer[] = [];
  const pl = new Planner(backend, uses, avals, 0);
  const vals = pl.vals;
  for (let v = 0; v < flat.nvals; v++) {
    vals.push({ kind: "node", node: new LiteralNode(0, "int32") });
  }
  // Inputs (and the scan counter) take the first slots.
  const nIn = flat.inputs.length;
  const slices = opts.scanSlices;
  const ctrSlot = slices ? nIn : -1;
  nextSlot = nIn + (slices ? 1 : 0);
  flat.inputs.forEach((v, i) => {
    inSlots.push(i);
    vals[v] = { kind: "slot", slot: i, pending: false };
  });
  if (slices) inSlots.push(ctrSlot);
  for (const c of flat.consts) {
    const slot = nextSlot++;
    constSlots.push(slot);
    constBufs.push(constBuffer(backend, c.array, avals[c.val]));
    vals[c.val] = { kind: "slot", slot, pending: false };
  }
  pl.pc.nextSlot = nextSlot;
  if (slices) {
    for (let j = 0; j < slices.count; j++) {
      const i = slices.first + j;
      const v = flat.inputs[i];
      const a = avals[v];
      const full = new InputNode(i, [slices.length, ...a.shape], a.dtype);
      const ctr = new InputNode(ctrSlot, [], "int32");
      vals[v] = { kind: "node", node: scanSlice(full, ctr, a, slices.length, slices.reverse) };
    }
  }

  pl.remaining = uses.slice();
  for (const eqn of flat.eqns) {
    for (const r of eqn.ins) if (typeof r === "number") pl.remaining[r]--;
    const name = eqn.name;
    const cf = CONTROL_FLOW[name];
    if (cf) {
      const inSlotsCf = eqn.ins.map((r, i) => pl.slotNow(r, avals, eqn.inAvals[i]));
      const outSlotsCf = eqn.outs.map(() => pl.newSlot());
      pl.steps.push(cf(backend, eqn, inSlotsCf, outSlotsCf));
      eqn.outs.forEach((v, i) => (vals[v] = { kind: "slot", slot: outSlotsCf[i], pending: false }));
      continue;
    }
    let ins = eqn.ins.map((r) => pl.node(r, avals));
    if (isFusable(name) && !(name === "concatenate" && eqn.ins.length > pl.maxLeavesPerKernel)) {
      const outSize = eqn.outAvals[0].size;
      // Expanding ops (broadcasts, gathers) would recompute an expensive operand per copy.
      ins = ins.map((n, i) => {
        const r = eqn.ins[i];
        if (typeof r === "number" && n.size < outSize && n.cost() > EXPAND_COST) {
          pl.materialize(r, avals);
          return pl.node(r, avals);
        }
        return n;
      });
      ins = pl.fitLeaves(ins, eqn.ins, avals);
      const nodes = lowerFusable(name, ins, eqn.params, eqn.inAvals, eqn.outAvals)!;
      eqn.outs.forEach((v, i) => {
        vals[v] = { kind: "node", node: nodes[i] };
        const n = nodes[i];
        if (uses[v] > 1 && n.cost() > SHARE_COST && !n.inlineOnly) pl.materialize(v, avals);
      });
      continue;
    }
    if (name === "concatenate") {
      // More operands than bindings: concatenate in groups first.
      const { node } = concatInGroups(pl.pc, ins, eqn.params);
      vals[eqn.outs[0]] = { kind: "node", node };
      if (uses[eqn.outs[0]] > 1) pl.materialize(eqn.outs[0], avals);
      continue;
    }
    // A primitive with its own kernels: operands as nodes (prologue), outputs in buffers.
    ins = ins.map((n, i) => {
      const r = eqn.ins[i];
      const limit = name === "dot_general" ? DOT_OPERAND_COST : name === "sort" ? 1 : Infinity;
      if (typeof r === "number" && n.cost() > limit) {
        pl.materialize(r, avals);
        return pl.node(r, avals);
      }
      return n;
    });
    ins = pl.fitLeaves(ins, eqn.ins, avals);
    for (const n of ins) pl.prepare(n, avals);
    const v0 = eqn.outs[0];
    const only = consumers[v0];
    if (
      DEFERRABLE.has(name) && eqn.outs.length === 1 && uses[v0] === 1 && only.length === 1 &&
      only[0].name in wgslTemplates
    ) {
      const a = eqn.outAvals[0];
      const acc = new AccNode(a.shape, a.dtype);
      const d: Deferred = { eqn, ins, acc, done: false };
      deferredOf.set(acc, d);
      vals[v0] = { kind: "deferred", d };
      continue;
    }
    const outSlots = eqn.outs.map(() => pl.newSlot());
    eqn.outAvals.forEach((a, i) =>
      pl.steps.push({ op: "alloc", slot: outSlots[i], bytes: a.size * 4 })
    );
    pl.planSpecial(eqn, ins, outSlots, null);
    eqn.outs.forEach((v, i) => (vals[v] = { kind: "slot", slot: outSlots[i], pending: false }));
  }
  // Outputs.
  const outs: OutSpec[] = flat.outs.map((r) => {
    if (typeof r !== "number") return { literal: r.literal, dtype: r.dtype };
    pl.remaining[r]--;
    return { slot: pl.materialize(r, avals) };
  });
  pl.flush();
  const keep = new Set<number>([
    ...inSlots,
    ...constSlots,
    ...outs.filter((o): o is { slot: number } => "slot" in o).map((o) => o.slot),
  ]);
  const steps = insertFrees(pl.steps, keep);
  let kernels = countKernels(steps);
  for (const s of steps) if (s.op === "host") kernels += (s as HostStep).kernelCount ?? 0;
  return new WebGpuProgram(
    backend,
    steps,
    pl.pc.nextSlot,
    inSlots,
    constSlots,
    constBufs,
    outs,
    closed.jaxpr.outvars.map((v) => v.aval),
    kernels,
  );
}

/** Element t of a stacked value, t from the scan counter (reversed scans count down). */
function scanSlice(full: Node, ctr: Node, a: ShapedArray, length: number, reverse: boolean): Node {
  return new ScanSliceNode(full, ctr, a, length, reverse);
}

class ScanSliceNode extends ViewNode {
  constructor(full: Node, ctr: Node, a: ShapedArray, length: number, reverse: boolean) {
    const size = a.size;
    super(full, a.shape, (k, ix) => {
      const t = ctr.emit(k, ixZero);
      const step = reverse ? `(${length - 1} - ${t})` : t;
      return Ix.flat(full.shape, `(${step} * ${size} + ${ix.flat(k)})`);
    }, "scan_slice");
    this.ctr = ctr;
  }
  ctr: Node;
  override children(): Node[] {
    return [this.x, this.ctr];
  }
}

/** The buffer of a jaxpr constant on this backend (uploaded if it lives elsewhere). */
function constBuffer(backend: WebGpuBackend, array: unknown, aval: ShapedArray): GpuBuffer {
  if (array instanceof ArrayImpl) {
    if (array.device.backend === backend) {
      const buf = array.buffer as GpuBuffer;
      backend.ctx.retain(buf);
      return buf;
    }
    const host = array.peek();
    if (host) return backend.fromHost(host, aval);
    throw new Error(
      `A jit constant of shape ${aval.strLong()} lives on ${array.device} and is not on the host;` +
        ` await it (x.blockUntilReady()) before using it on WebGPU.`,
    );
  }
  throw new Error("jaxpr constants must be concrete arrays");
}

/** Adds `free` steps after the last step that touches each temporary slot. */
function insertFrees(steps: Step[], keep: Set<number>): Step[] {
  const last = new Map<number, number>();
  steps.forEach((s, i) => {
    for (const slot of touched(s)) last.set(slot, i);
  });
  const freesAfter = new Map<number, number[]>();
  for (const [slot, i] of last) {
    if (keep.has(slot)) continue;
    let l = freesAfter.get(i);
    if (!l) freesAfter.set(i, l = []);
    l.push(slot);
  }
  const out: Step[] = [];
  steps.forEach((s, i) => {
    out.push(s);
    for (const slot of freesAfter.get(i) ?? []) out.push({ op: "free", slot });
  });
  return out;
}

function touched(s: Step): number[] {
  switch (s.op) {
    case "alloc":
    case "free":
      return [s.slot];
    case "kernel":
      return s.kernel.params.map((p) => p.slot);
    case "host":
      return [...((s as HostStep).reads ?? []), ...((s as HostStep).writes ?? [])];
  }
}
