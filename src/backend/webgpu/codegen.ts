/**
 * Building WGSL kernels: bindings (buffers larger than one storage binding are bound as several
 * pages and read through accessor functions), memoized `let`s in nested scopes, helper functions,
 * and the dispatch grid (2-D when more than 65535 workgroups are needed, plus a grid-stride loop
 * so any element count is covered).
 */

import type { DType } from "../../dtype.ts";
import { type Access, type GpuLimits, WebGpuError } from "./device.ts";
import { helperCode } from "./wgsl_helpers.ts";
import { type ExprCtx, wgslType } from "./wgsl_expr.ts";

export type WType = "f32" | "i32" | "u32";

/** A buffer parameter of a kernel: which value (slot) it binds, and how. */
export interface Param {
  /** The value bound: a slot number of the program (or a temporary's id, negative). */
  slot: number;
  name: string;
  type: WType;
  elements: number;
  access: Access;
  atomic: boolean;
  /** Elements per page (= elements when the buffer fits one binding). */
  pageElems: number;
  pages: number;
  /** Bytes into the buffer where the binding starts (a single page; stage tables). */
  byteOffset?: number;
  /**
   * Bound with exactly `elements` items (its last page exactly), so `arrayLength` in the kernel
   * gives the element count: kernels that take their size from it are shape-generic.
   */
  exact?: boolean;
}

/** A generated kernel: its source, parameters (binding order) and grid. */
export interface Kernel {
  code: string;
  params: Param[];
  groups: [number, number, number];
  /** A label for debugging and kernel counts. */
  label: string;
}

/** Elements per page for a buffer of `elements` 32-bit words under the device limits. */
export function pageElements(limits: GpuLimits, elements: number): number {
  const maxBytes = Math.floor(limits.maxStorageBinding / limits.offsetAlign) * limits.offsetAlign;
  const per = Math.floor(maxBytes / 4);
  return elements <= per ? Math.max(elements, 1) : per;
}

/** A 2-D grid of workgroups covering `total` workgroups (the kernel loops over the rest). */
export function grid(limits: GpuLimits, total: number): [number, number, number] {
  if (total <= 0) return [0, 0, 0];
  const max = limits.maxWorkgroupsPerDim;
  const x = Math.min(total, max);
  const y = Math.min(Math.ceil(total / x), max);
  return [x, y, 1];
}

export class KernelBuilder implements ExprCtx {
  readonly params: Param[] = [];
  private bySlot = new Map<string, Param>();
  private helpers = new Set<string>();
  private defs = new Map<string, string>();
  private decls: string[] = [];
  private blocks: string[][] = [[]];
  private memos: Map<string, string>[] = [new Map()];
  private indent = 1;
  private tmp = 0;

  constructor(readonly limits: GpuLimits) {}

  // Expression context ----------------------------------------------------------------------
  need(helper: string): void {
    this.helpers.add(helper);
  }
  define(name: string, code: string): void {
    this.defs.set(name, code);
  }
  /** Adds a module-scope declaration (workgroup arrays, constants). */
  declare(code: string): void {
    this.decls.push(code);
  }

  // Parameters ------------------------------------------------------------------------------

  /** Binds value `slot` as a read-only array of `elements` items of `dtype`; returns its name. */
  input(slot: number, dtype: DType, elements: number): Param {
    return this.param(slot, wgslType(dtype), elements, "read", false);
  }

  /** Binds value `slot` as a writable array. */
  output(slot: number, dtype: DType, elements: number, atomic = false): Param {
    return this.param(slot, wgslType(dtype), elements, "read_write", atomic);
  }

  param(slot: number, type: WType, elements: number, access: Access, atomic: boolean): Param {
    const key = `${slot}:${access}`;
    const have = this.bySlot.get(key);
    if (have) return have;
    const other = this.bySlot.get(`${slot}:${access === "read" ? "read_write" : "read"}`);
    if (other) {
      // A buffer bound both ways would alias a writable binding: read through the writable one.
      if (access === "read") return other;
      throw new Error("internal: a kernel output is also bound as an input");
    }
    const pageElems = pageElements(this.limits, elements);
    const p: Param = {
      slot,
      name: `b${this.params.length}`,
      type,
      elements,
      access,
      atomic,
      pageElems,
      pages: Math.max(1, Math.ceil(elements / pageElems)),
    };
    this.params.push(p);
    this.bySlot.set(key, p);
    return p;
  }

  /** An expression loading element `idx` (an i32 expression) of a parameter. */
  load(p: Param, idx: string): string {
    if (p.pages === 1) return `${p.name}[${idx}]`;
    return `ld_${p.name}(${idx})`;
  }

  /** A statement storing `value` at element `idx`. */
  store(p: Param, idx: string, value: string): string {
    if (p.pages === 1) return `${p.name}[${idx}] = ${value};`;
    return `st_${p.name}(${idx}, ${value});`;
  }

  /**
   * A statement applying `op(ptrExpr)` to the atomic element `idx` (e.g. `atomicAdd(&x, v)`);
   * pages are selected with an if-chain because WGSL functions cannot take storage pointers.
   */
  atomicStmt(p: Param, idx: string, op: (ptr: string) => string): string {
    if (p.pages === 1) return `${op(`&${p.name}[${idx}]`)};`;
    const parts: string[] = [];
    for (let k = 0; k < p.pages; k++) {
      const lo = k * p.pageElems;
      const cond = k === p.pages - 1 ? "" : `if (${idx} < ${lo + p.pageElems}) `;
      parts.push(`${k > 0 ? "else " : ""}${cond}{ ${op(`&${p.name}_${k}[${idx} - ${lo}]`)}; }`);
    }
    return parts.join(" ");
  }

  /**
   * The element count of `p` read at run time (`arrayLength` of its exactly bound pages) instead
   * of a literal: a kernel whose only shape-dependent constant is its size then has one source,
   * hence one pipeline, for every shape.
   */
  runtimeLength(p: Param): string {
    p.exact = true;
    if (p.pages === 1) return `arrayLength(&${p.name})`;
    const last = p.pages - 1;
    return `(${last * p.pageElems}u + arrayLength(&${p.name}_${last}))`;
  }

  // Statements and lets ---------------------------------------------------------------------

  line(s: string): void {
    this.blocks[this.blocks.length - 1].push("  ".repeat(this.indent) + s);
  }

  /** Opens a nested block (`if`, `loop`): lets made inside are forgotten when it closes. */
  open(header: string): void {
    this.line(header + " {");
    this.indent++;
    this.memos.push(new Map());
  }

  close(trailer = "}"): void {
    this.indent--;
    this.memos.pop();
    this.line(trailer);
  }

  /** Looks a memoized value up in the open scopes. */
  recall(key: string): string | undefined {
    for (let i = this.memos.length - 1; i >= 0; i--) {
      const v = this.memos[i].get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  remember(key: string, name: string): void {
    this.memos[this.memos.length - 1].set(key, name);
  }

  /** Emits `let tN: type = expr;` and returns tN (trivial expressions are returned as is). */
  let(expr: string, type?: WType | string): string {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(expr) || /^-?[0-9]+[iu]?$/.test(expr)) return expr;
    const name = `t${this.tmp++}`;
    this.line(type ? `let ${name}: ${type} = ${expr};` : `let ${name} = ${expr};`);
    return name;
  }

  /** A fresh variable name. */
  fresh(prefix = "v"): string {
    return `${prefix}${this.tmp++}`;
  }

  // Index math ------------------------------------------------------------------------------

  /** Row-major coordinates of flat index `flat` (i32 expression) in `shape`, memoized. */
  unflatten(flat: string, shape: readonly number[]): string[] {
    const key = `uf|${flat}|${shape.join(",")}`;
    const have = this.recall(key);
    if (have !== undefined) return have.split("|");
    const coords: string[] = new Array(shape.length);
    let stride = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (shape[d] === 1) coords[d] = "0";
      else {
        const q = stride === 1 ? flat : `(${flat} / ${stride})`;
        const isOuter = shape.slice(0, d).every((s) => s === 1);
        coords[d] = this.let(isOuter ? q : `(${q} % ${shape[d]})`, "i32");
      }
      stride *= shape[d];
    }
    this.remember(key, coords.join("|"));
    return coords;
  }

  /** The row-major flat index (i32 expression) of coordinates in `shape`. */
  flatten(coords: readonly string[], shape: readonly number[]): string {
    const terms: string[] = [];
    let stride = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (shape[d] !== 1 && coords[d] !== "0") {
        terms.push(stride === 1 ? coords[d] : `${coords[d]} * ${stride}`);
      }
      stride *= shape[d];
    }
    if (terms.length === 0) return "0";
    return terms.length === 1 ? terms[0] : `(${terms.reverse().join(" + ")})`;
  }

  // Assembly --------------------------------------------------------------------------------

  /** Statements emitted so far (the current body), which the caller wraps into `main`. */
  takeBody(): string[] {
    const b = this.blocks[0];
    this.blocks[0] = [];
    return b;
  }

  private paramDecls(): string {
    const out: string[] = [];
    let binding = 0;
    for (const p of this.params) {
      const elem = p.atomic ? `atomic<${p.type}>` : p.type;
      // Every binding is read_write: small arrays share slab buffers, and WebGPU forbids one
      // buffer as read-only and writable storage in the same dispatch (ranges do not matter).
      const acc = "read_write";
      if (p.pages === 1) {
        out.push(
          `@group(0) @binding(${binding++}) var<storage, ${acc}> ${p.name}: array<${elem}>;`,
        );
        continue;
      }
      for (let k = 0; k < p.pages; k++) {
        out.push(
          `@group(0) @binding(${binding++}) var<storage, ${acc}> ${p.name}_${k}: array<${elem}>;`,
        );
      }
      if (p.atomic) continue;
      const ld = [`fn ld_${p.name}(i: i32) -> ${p.type} {`];
      const st = [`fn st_${p.name}(i: i32, v: ${p.type}) {`];
      for (let k = 0; k < p.pages; k++) {
        const lo = k * p.pageElems;
        const guard = k === p.pages - 1 ? "" : `if (i < ${lo + p.pageElems}) `;
        ld.push(`  ${guard}{ return ${p.name}_${k}[i - ${lo}]; }`);
        st.push(`  ${guard}{ ${p.name}_${k}[i - ${lo}] = v; return; }`);
      }
      ld.push("}");
      st.push("}");
      out.push(ld.join("\n"));
      if (p.access !== "read") out.push(st.join("\n"));
    }
    if (binding > this.limits.maxStorageBuffers) {
      throw new WebGpuError(
        `A WebGPU kernel would need ${binding} storage buffer bindings (buffers larger than ` +
          `maxStorageBufferBindingSize = ${this.limits.maxStorageBinding} bytes take one binding ` +
          `per page); the device allows ${this.limits.maxStorageBuffers}`,
      );
    }
    return out.join("\n");
  }

  /** Number of storage bindings the kernel uses so far (pages counted). */
  get bindingCount(): number {
    let n = 0;
    for (const p of this.params) n += p.pages;
    return n;
  }

  /**
   * Wraps `body` in an entry point. With `threads`, the body runs once per index `i` (an i32)
   * in [0, threads) through a grid-stride loop (bounded by the u32 expression `bound` when given,
   * e.g. a `runtimeLength`, so the count is not baked into the source); otherwise the body uses
   * `wid`, `lid` and `nwg` itself.
   */
  assemble(
    body: string[],
    workgroupSize: number,
    threads: number | null,
    label: string,
    groupsOverride?: [number, number, number],
    bound?: string,
  ): Kernel {
    const helpers = helperCode(this.helpers);
    if (helpers.opq) {
      // Opaque 1.0s (see f_opq): every dispatch has one workgroup along z, which no compiler can
      // know (a comparison with an impossible count, nwg.x == 0xffffffff, was folded on NVIDIA).
      body = [
        `  OPQ1 = f32(nwg.z);`,
        `  OPQ2 = f32(nwg.z * nwg.z);`,
        ...body,
      ];
    }
    const head = [
      this.paramDecls(),
      helpers.code,
      ...this.defs.values(),
      ...this.decls,
    ].filter((s) => s.length > 0).join("\n");
    const sig = `@compute @workgroup_size(${workgroupSize})\nfn main(@builtin(workgroup_id) wid: ` +
      `vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) ` +
      `lid: u32) {`;
    let main: string;
    let groups: [number, number, number];
    if (threads !== null) {
      groups = grid(this.limits, Math.ceil(threads / workgroupSize));
      const pre = helpers.opq ? body.splice(0, 2) : [];
      main = [
        sig,
        ...pre,
        `  let stride = nwg.x * nwg.y * ${workgroupSize}u;`,
        `  for (var gi = (wid.y * nwg.x + wid.x) * ${workgroupSize}u + lid; ` +
        `gi < ${bound ?? `${threads}u`}; ` +
        `gi = gi + stride) {`,
        `    let i = i32(gi);`,
        ...body.map((l) => "  " + l),
        `  }`,
        `}`,
      ].join("\n");
    } else {
      groups = groupsOverride!;
      main = [sig, ...body, "}"].join("\n");
    }
    return { code: head + "\n" + main + "\n", params: this.params, groups, label };
  }
}
