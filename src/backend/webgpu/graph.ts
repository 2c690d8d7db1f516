/**
 * The fusion IR: a value that a kernel computes per element, as a tree of nodes. Leaves read
 * program values (buffers); elementwise nodes apply an expression template; index nodes
 * (broadcast, transpose, slice, pad, concatenate, gather, …) only change which coordinates their
 * operands are read at. A kernel evaluates a node at an index by emitting WGSL, so chains of
 * elementwise and indexing ops become one kernel, and reductions, matmuls and sorts read their
 * operands through the same emission (their prologue).
 */

import type { DType } from "../../dtype.ts";
import type { Params } from "../../core/primitive.ts";
import type { KernelBuilder, WType } from "./codegen.ts";
import { wgslLiteral, wgslTemplates, wgslType } from "./wgsl_expr.ts";

/** An element index of a node: a row-major flat index, coordinates, or both (computed lazily). */
export class Ix {
  constructor(
    readonly shape: readonly number[],
    private flatExpr: string | null,
    private coordExprs: string[] | null,
  ) {}
  static flat(shape: readonly number[], flat: string): Ix {
    return new Ix(shape, flat, null);
  }
  static coords(shape: readonly number[], coords: string[]): Ix {
    return new Ix(shape, null, coords);
  }
  coords(k: KernelBuilder): string[] {
    if (this.coordExprs === null) this.coordExprs = k.unflatten(this.flatExpr!, this.shape);
    return this.coordExprs;
  }
  flat(k: KernelBuilder): string {
    if (this.flatExpr === null) {
      this.flatExpr = k.let(k.flatten(this.coordExprs!, this.shape), "i32");
    }
    return this.flatExpr;
  }
  key(): string {
    return this.flatExpr !== null ? `f${this.flatExpr}` : `c${this.coordExprs!.join(",")}`;
  }
}

let nextNodeId = 0;

export abstract class Node {
  readonly id = nextNodeId++;
  readonly size: number;
  constructor(readonly shape: readonly number[], readonly dtype: DType) {
    let s = 1;
    for (const d of shape) s *= d;
    this.size = s;
  }
  get wtype(): WType {
    return wgslType(this.dtype);
  }
  /** The operands this node reads. */
  abstract children(): Node[];
  /** Emits the value at `ix` (memoized per index) and returns a WGSL expression for it. */
  /**
   * Nodes whose per-element value is not a scalar of their dtype (a vec2 shared by two outputs)
   * must stay inside kernels: the fusion planner never materializes them.
   */
  inlineOnly = false;
  /** The WGSL type of the emitted value. */
  protected letType(): string {
    return this.wtype;
  }
  emit(k: KernelBuilder, ix: Ix): string {
    const key = `n${this.id}@${ix.key()}`;
    const have = k.recall(key);
    if (have !== undefined) return have;
    const v = k.let(this.compute(k, ix), this.letType());
    k.remember(key, v);
    return v;
  }
  protected abstract compute(k: KernelBuilder, ix: Ix): string;
  /** Rough cost of evaluating one element (for fusion decisions). */
  cost(): number {
    let c = 1;
    for (const ch of this.children()) c += ch.cost();
    return c;
  }
}

/** A program value read from its buffer. */
export class InputNode extends Node {
  constructor(readonly slot: number, shape: readonly number[], dtype: DType) {
    super(shape, dtype);
  }
  children(): Node[] {
    return [];
  }
  protected compute(k: KernelBuilder, ix: Ix): string {
    const p = k.input(this.slot, this.dtype, this.size);
    let idx = this.size === 1 ? "0" : ix.flat(k);
    // Constant indices out of range (in branches never taken) are rejected by shader compilers.
    if (/^[-+*() 0-9]+$/.test(idx)) {
      const v = new Function(`return (${idx});`)() as number;
      if (!(v >= 0 && v < this.size)) idx = "0";
    }
    return k.load(p, idx);
  }
  override cost(): number {
    return 1;
  }
}

/** A scalar constant. */
export class LiteralNode extends Node {
  constructor(readonly value: number, dtype: DType) {
    super([], dtype);
  }
  children(): Node[] {
    return [];
  }
  override emit(): string {
    return wgslLiteral(this.value, this.dtype);
  }
  protected compute(): string {
    return wgslLiteral(this.value, this.dtype);
  }
  override cost(): number {
    return 0;
  }
}

/** The index of an operand broadcast by lax's rules (same rank with size-1 axes, or rank 0). */
export function broadcastIx(k: KernelBuilder, ix: Ix, arg: Node): Ix {
  if (arg.size === 1) return Ix.flat(arg.shape, "0");
  const out = ix.shape;
  let same = arg.shape.length === out.length;
  for (let d = 0; same && d < out.length; d++) same = arg.shape[d] === out[d];
  if (same) return ix;
  const c = ix.coords(k);
  return Ix.coords(arg.shape, arg.shape.map((s, d) => (s === 1 ? "0" : c[d])));
}

/** An elementwise primitive applied to its operands. */
export class ElemNode extends Node {
  constructor(
    readonly prim: string,
    readonly params: Params,
    readonly args: Node[],
    shape: readonly number[],
    dtype: DType,
  ) {
    super(shape, dtype);
  }
  children(): Node[] {
    return this.args;
  }
  protected compute(k: KernelBuilder, ix: Ix): string {
    const tmpl = wgslTemplates[this.prim];
    if (!tmpl) throw new Error(`WebGPU: no WGSL template for ${this.prim}`);
    const vals = this.args.map((a) => a.emit(k, broadcastIx(k, ix, a)));
    return tmpl(vals, this.args.map((a) => a.dtype), this.dtype, this.params, k);
  }
  override cost(): number {
    let c = EXPENSIVE.has(this.prim) ? 8 : 1;
    for (const a of this.args) c += a.cost();
    return c;
  }
}

const EXPENSIVE = new Set([
  "exp",
  "log",
  "log1p",
  "expm1",
  "tanh",
  "logistic",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "asinh",
  "acosh",
  "atanh",
  "pow",
  "atan2",
  "erf",
  "erfc",
  "erf_inv",
  "lgamma",
  "digamma",
  "cbrt",
  "rem",
]);

/** Pure re-indexing: out[coords] = x[f(coords)] (transpose, broadcast, slice, rev, reshape). */
export class ViewNode extends Node {
  constructor(
    readonly x: Node,
    shape: readonly number[],
    /** Maps output index → operand index. */
    readonly map: (k: KernelBuilder, ix: Ix) => Ix,
    readonly kind: string,
  ) {
    super(shape, x.dtype);
  }
  children(): Node[] {
    return [this.x];
  }
  override emit(k: KernelBuilder, ix: Ix): string {
    return this.x.emit(k, this.map(k, ix));
  }
  protected compute(k: KernelBuilder, ix: Ix): string {
    return this.emit(k, ix);
  }
  override cost(): number {
    return this.x.cost();
  }
}

export function broadcastInDim(x: Node, shape: number[], dims: number[]): Node {
  if (x.size === 1) return new ViewNode(x, shape, () => Ix.flat(x.shape, "0"), "broadcast");
  return new ViewNode(x, shape, (k, ix) => {
    const c = ix.coords(k);
    return Ix.coords(x.shape, dims.map((d, i) => (x.shape[i] === 1 ? "0" : c[d])));
  }, "broadcast");
}

export function reshape(x: Node, shape: number[]): Node {
  // Same row-major order: the flat index carries over unchanged.
  return new ViewNode(x, shape, (k, ix) => Ix.flat(x.shape, ix.flat(k)), "reshape");
}

export function transpose(x: Node, perm: number[]): Node {
  const shape = perm.map((p) => x.shape[p]);
  return new ViewNode(x, shape, (k, ix) => {
    const c = ix.coords(k);
    const xc = new Array<string>(perm.length);
    perm.forEach((p, i) => (xc[p] = c[i]));
    return Ix.coords(x.shape, xc);
  }, "transpose");
}

export function rev(x: Node, dims: number[]): Node {
  return new ViewNode(x, x.shape, (k, ix) => {
    const c = ix.coords(k);
    return Ix.coords(
      x.shape,
      c.map((e, d) => (dims.includes(d) && x.shape[d] > 1 ? `(${x.shape[d] - 1} - ${e})` : e)),
    );
  }, "rev");
}

export function slice(x: Node, start: number[], strides: number[], shape: number[]): Node {
  return new ViewNode(x, shape, (k, ix) => {
    const c = ix.coords(k);
    return Ix.coords(
      x.shape,
      c.map((e, d) => {
        const s = strides[d] === 1 ? e : `${e} * ${strides[d]}`;
        return start[d] === 0 ? s : `(${s} + ${start[d]})`;
      }),
    );
  }, "slice");
}

/** A node computed by a custom emitter (pad, concatenate, iota, dynamic slices, gather, …). */
export class CustomNode extends Node {
  constructor(
    readonly kind: string,
    readonly args: Node[],
    shape: readonly number[],
    dtype: DType,
    readonly fn: (k: KernelBuilder, ix: Ix, args: Node[]) => string,
    readonly valueType?: string,
  ) {
    super(shape, dtype);
    if (valueType) this.inlineOnly = true;
  }
  protected override letType(): string {
    return this.valueType ?? this.wtype;
  }
  children(): Node[] {
    return this.args;
  }
  protected compute(k: KernelBuilder, ix: Ix): string {
    return this.fn(k, ix, this.args);
  }
}

/** Emits `node` at `ix` into a variable declared before a branch (for if/else emitters). */
export function emitInto(k: KernelBuilder, target: string, node: Node, ix: Ix): void {
  k.line(`${target} = ${node.emit(k, ix)};`);
}

/** Clamps an integer scalar node (start index) to [0, hi] as an i32 expression. */
export function clampedIndex(k: KernelBuilder, idx: Node, hi: number): string {
  const v = idx.emit(k, Ix.flat([], "0"));
  if (idx.dtype === "uint32") return k.let(`i32(min(${v}, ${Math.max(hi, 0)}u))`, "i32");
  return k.let(`clamp(${v}, 0i, ${Math.max(hi, 0)}i)`, "i32");
}

/**
 * The raw result of a reduction or matmul inside its own kernel, for an epilogue: the kernel sets
 * `current` to the variable holding the value before emitting the epilogue at the store index.
 */
export class AccNode extends Node {
  current = "";
  /** Once the raw result is materialized, reads go to its buffer instead. */
  fallback: Node | null = null;
  children(): Node[] {
    return [];
  }
  override emit(k: KernelBuilder, ix: Ix): string {
    return this.fallback ? this.fallback.emit(k, ix) : this.current;
  }
  protected compute(): string {
    return this.current;
  }
}
