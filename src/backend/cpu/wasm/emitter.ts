/**
 * A small WebAssembly bytecode emitter: enough of the binary format (types, one imported memory,
 * functions, exports) and of the instruction set (integer and float scalars, 128-bit SIMD) to
 * write the CPU backend's hot kernels in TypeScript and assemble them at run time. There is no
 * build step and no binary file, so importing mod.ts by URL keeps working.
 *
 * Functions are written with a typed builder: `f.local("i32")` declares a local, instruction
 * methods append opcodes (`f.get(x).i32Const(4).i32Add().set(x)`), and structured control flow
 * takes callbacks (`f.loop(() => …)`, `f.block(() => …)`).
 */

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128";

/** SIMD instructions without immediates: name → opcode after the 0xfd prefix. */
export const SIMD_OPS = {
  "v128.bitselect": 0x52,
  "v128.and": 0x4e,
  "f32x4.ceil": 0x67,
  "f32x4.floor": 0x68,
  "f32x4.abs": 0xe0,
  "f32x4.neg": 0xe1,
  "f32x4.sqrt": 0xe3,
  "f32x4.add": 0xe4,
  "f32x4.sub": 0xe5,
  "f32x4.mul": 0xe6,
  "f32x4.div": 0xe7,
  "f32x4.min": 0xe8,
  "f32x4.max": 0xe9,
  "f64x2.floor": 0x75,
  "f32x4.lt": 0x43,
  "f32x4.ge": 0x46,
  "i32x4.all_true": 0xa3,
  "f64x2.eq": 0x47,
  "f64x2.ne": 0x48,
  "f64x2.lt": 0x49,
  "f64x2.ge": 0x4c,
  "f64x2.add": 0xf0,
  "f64x2.sub": 0xf1,
  "f64x2.mul": 0xf2,
  "f64x2.pmin": 0xf6,
  "f64x2.pmax": 0xf7,
  "f32x4.demote_f64x2_zero": 0x5e,
  "f64x2.promote_low_f32x4": 0x5f,
  "i32x4.trunc_sat_f64x2_s_zero": 0xfc,
} as const;

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128. */
function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

/** Signed LEB128 (32-bit values). */
function sleb(out: number[], v: number): void {
  v |= 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

function bytesOfString(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

/** A local variable or parameter of a function being built. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/** Builds one function's body. */
export class FuncBuilder {
  readonly code: number[] = [];
  readonly params: Local[];
  private readonly extra: ValType[] = [];

  constructor(
    readonly name: string,
    paramTypes: ValType[],
    readonly results: ValType[],
    readonly exported = true,
  ) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }

  /** Declares a new local. */
  local(type: ValType): Local {
    const l = { index: this.params.length + this.extra.length, type };
    this.extra.push(type);
    return l;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  private simd(sub: number): this {
    this.code.push(0xfd);
    uleb(this.code, sub);
    return this;
  }

  private memarg(align: number, offset: number): this {
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }

  // Variables and constants
  get(l: Local): this {
    this.code.push(0x20);
    uleb(this.code, l.index);
    return this;
  }
  set(l: Local): this {
    this.code.push(0x21);
    uleb(this.code, l.index);
    return this;
  }
  tee(l: Local): this {
    this.code.push(0x22);
    uleb(this.code, l.index);
    return this;
  }
  i32Const(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v);
    return this;
  }
  f32Const(v: number): this {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return this.op(0x43, ...b);
  }
  f64Const(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return this.op(0x44, ...b);
  }
  drop(): this {
    return this.op(0x1a);
  }

  // Control flow
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0b);
  }
  if(then: () => void, otherwise?: () => void): this {
    this.op(0x04, 0x40);
    then();
    if (otherwise) {
      this.op(0x05);
      otherwise();
    }
    return this.op(0x0b);
  }
  /** `if` whose branches each leave one value of `type` (the condition is on the stack). */
  ifValue(type: ValType, then: () => void, otherwise: () => void): this {
    this.op(0x04, VALTYPE[type]);
    then();
    this.op(0x05);
    otherwise();
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(this.code, depth);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(this.code, depth);
    return this;
  }
  return(): this {
    return this.op(0x0f);
  }
  call(funcIndex: number): this {
    this.code.push(0x10);
    uleb(this.code, funcIndex);
    return this;
  }

  // i32
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32DivU(): this {
    return this.op(0x6e);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32ShrU(): this {
    return this.op(0x76);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32LeS(): this {
    return this.op(0x4c);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32Load(offset = 0): this {
    return this.op(0x28).memarg(2, offset);
  }
  i32Store(offset = 0): this {
    return this.op(0x36).memarg(2, offset);
  }

  // f32 / f64 scalars
  f32Load(offset = 0): this {
    return this.op(0x2a).memarg(2, offset);
  }
  f32Store(offset = 0): this {
    return this.op(0x38).memarg(2, offset);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b).memarg(3, offset);
  }
  f64Store(offset = 0): this {
    return this.op(0x39).memarg(3, offset);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  f32DemoteF64(): this {
    return this.op(0xb6);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }

  // SIMD (v128)
  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).memarg(4, offset);
  }
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09).memarg(2, offset);
  }
  v128Load64Zero(offset = 0): this {
    return this.simd(0x5d).memarg(3, offset);
  }
  /** Loads 8 bytes into lane `lane` of the vector on the stack (address below it). */
  v128Load64Lane(offset: number, lane: number): this {
    return this.simd(0x57).memarg(3, offset).op(lane);
  }
  i32x4Shl(): this {
    return this.simd(0xab);
  }
  v128Const0(): this {
    this.simd(0x0c);
    for (let i = 0; i < 16; i++) this.code.push(0);
    return this;
  }
  /** A v128 constant of two float64 lanes. */
  v128ConstF64x2(a: number, b: number): this {
    this.simd(0x0c);
    for (const x of new Uint8Array(new Float64Array([a, b]).buffer)) this.code.push(x);
    return this;
  }
  i8x16Shuffle(lanes: number[]): this {
    this.simd(0x0d);
    for (const l of lanes) this.code.push(l);
    return this;
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f).op(lane);
  }
  f64x2ExtractLane(lane: number): this {
    return this.simd(0x21).op(lane);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  /** Any SIMD instruction without immediates, by its opcode (see SIMD_OPS). */
  simdOp(name: keyof typeof SIMD_OPS): this {
    return this.simd(SIMD_OPS[name]);
  }
  i32x4ExtractLane(lane: number): this {
    return this.simd(0x1b).op(lane);
  }
  f64x2ReplaceLane(lane: number): this {
    return this.simd(0x22).op(lane);
  }
  f32x4ReplaceLane(lane: number): this {
    return this.simd(0x20).op(lane);
  }
  f64Sub(): this {
    return this.op(0xa1);
  }
  /** a·b + c (relaxed SIMD: fused or not, as the engine chooses). Operands: a, b, c. */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }

  /** The function body as the code section encodes it (locals, instructions, end). */
  encodeBody(): number[] {
    const body: number[] = [];
    // Group consecutive locals of one type.
    const groups: [number, ValType][] = [];
    for (const t of this.extra) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(body, groups.length);
    for (const [n, t] of groups) {
      uleb(body, n);
      body.push(VALTYPE[t]);
    }
    body.push(...this.code, 0x0b);
    const out: number[] = [];
    uleb(out, body.length);
    return out.concat(body);
  }
}

/** A module: one imported memory ("env", "memory"), functions, their exports. */
export class ModuleBuilder {
  readonly funcs: FuncBuilder[] = [];

  /** `shared` memories need a maximum; sizes are in 64 KiB pages. */
  constructor(readonly memory: { initial: number; maximum: number; shared: boolean }) {}

  func(name: string, params: ValType[], results: ValType[] = [], exported = true): FuncBuilder {
    const f = new FuncBuilder(name, params, results, exported);
    this.funcs.push(f);
    return f;
  }

  /** The index of a function, for `call`. */
  indexOf(f: FuncBuilder): number {
    return this.funcs.indexOf(f);
  }

  encode(): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, content: number[]) => {
      out.push(id);
      uleb(out, content.length);
      for (const b of content) out.push(b);
    };
    // Types: one per function (duplicates are allowed).
    const types: number[] = [];
    uleb(types, this.funcs.length);
    for (const f of this.funcs) {
      types.push(0x60);
      uleb(types, f.params.length);
      for (const p of f.params) types.push(VALTYPE[p.type]);
      uleb(types, f.results.length);
      for (const r of f.results) types.push(VALTYPE[r]);
    }
    section(1, types);
    // Import: env.memory.
    const imports: number[] = [];
    uleb(imports, 1);
    for (const s of ["env", "memory"]) {
      const b = bytesOfString(s);
      uleb(imports, b.length);
      imports.push(...b);
    }
    imports.push(0x02, this.memory.shared ? 0x03 : 0x01);
    uleb(imports, this.memory.initial);
    uleb(imports, this.memory.maximum);
    section(2, imports);
    // Functions.
    const fns: number[] = [];
    uleb(fns, this.funcs.length);
    this.funcs.forEach((_, i) => uleb(fns, i));
    section(3, fns);
    // Exports.
    const exported = this.funcs.filter((f) => f.exported);
    const exps: number[] = [];
    uleb(exps, exported.length);
    for (const f of exported) {
      const b = bytesOfString(f.name);
      uleb(exps, b.length);
      exps.push(...b, 0x00);
      uleb(exps, this.funcs.indexOf(f));
    }
    section(7, exps);
    // Code.
    const code: number[] = [];
    uleb(code, this.funcs.length);
    for (const f of this.funcs) code.push(...f.encodeBody());
    section(10, code);
    return new Uint8Array(out);
  }
}
