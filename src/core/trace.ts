/**
 * The tracing core (Autodidax's design): a stack of main traces, tracers that belong to them, and
 * one `bind` through which every primitive application goes. `bind` finds the highest-level trace
 * among its arguments (and the dynamic trace that `jit` installs), raises the arguments into it,
 * and lets that trace's interpreter process the primitive.
 */

import type { ShapedArray } from "./aval.ts";
import { DeviceArray, inspectSymbol } from "./array.ts";
import type { Params, Primitive } from "./primitive.ts";
import type { TypedArray } from "../dtype.ts";
import {
  ConcretizationTypeError,
  TracerArrayConversionError,
  UnexpectedTracerError,
} from "../errors.ts";

/** A constructor of a trace type (EvalTrace, JVPTrace, BatchTrace, …). */
export type TraceType = new (main: MainTrace) => Trace;

/** One entry of the trace stack: a transformation in progress. */
export class MainTrace {
  /** False once the transformation has finished: its tracers must not be used any more. */
  active = true;
  /** The trace object that processes primitives for this main (one per main, reused). */
  readonly trace: Trace;
  constructor(
    readonly level: number,
    traceType: TraceType,
    public globalData: unknown,
  ) {
    this.trace = new traceType(this);
  }
}

/** An interpreter: how one transformation processes primitives. */
export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Wraps a value from outside any transformation as a tracer of this trace. */
  abstract pure(val: DeviceArray): DeviceArray;
  /** Wraps a tracer of a lower-level trace. */
  lift(val: DeviceArray): DeviceArray {
    return this.pure(val);
  }
  abstract processPrimitive(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray[];
  /** The name JAX prints for this trace type in tracer reprs (`JVPTrace`, …). */
  get name(): string {
    return this.constructor.name;
  }
}

/** A value standing in for an array while a transformation traces a function. */
export abstract class Tracer extends DeviceArray {
  abstract readonly trace: Trace;

  /** The tracer with every trivial wrapper removed (a batch tracer that is not mapped, …). */
  fullLower(): DeviceArray {
    return this;
  }

  /**
   * The concrete value behind this tracer if one is known (as the primal of a JVP tracer
   * outside jit), so that JS control flow on values keeps working under `grad`, as in JAX.
   */
  toConcrete(): DeviceArray | null {
    return null;
  }

  data(): Promise<TypedArray> {
    const c = this.toConcrete();
    if (c) return c.data();
    return Promise.reject(
      new TracerArrayConversionError(
        `The numpy.ndarray conversion method __array__() was called on traced array with ` +
          `shape ${this.aval.strLong()}. A traced value has no data while a transformation ` +
          `(jit, vmap, grad, …) traces the function; return it instead of reading it.`,
      ),
    );
  }

  blockUntilReady(): Promise<this> {
    return Promise.resolve(this);
  }

  /** Called when JS needs a number: `x > 0`, `+x`, template strings. */
  [Symbol.toPrimitive](hint: string): number | string {
    const c = this.toConcrete();
    if (c) {
      return (c as unknown as { [Symbol.toPrimitive](h: string): number | string })[
        Symbol.toPrimitive
      ](hint);
    }
    if (hint === "string") return this.describe();
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: traced array with ` +
        `shape ${this.aval.strLong()}.\nThe problem arose when JavaScript converted the traced ` +
        `value to a primitive (a comparison, an \`if\`, arithmetic with JS operators, …). ` +
        `Use lax.cond, lax.select or jnp.where for value-dependent control flow, or mark the ` +
        `argument static with jit's staticArgnums.\n\nSee ` +
        `https://docs.jax.dev/en/latest/errors.html#jax.errors.ConcretizationTypeError`,
    );
  }

  /** `Traced<ShapedArray(float32[3])>with<JVPTrace(level=1/0)>`, as JAX prints tracers. */
  describe(): string {
    return `Traced<${this.aval}>with<${this.trace.name}(level=${this.trace.main.level}/0)>`;
  }

  override toString(): string {
    return this.describe();
  }

  override [inspectSymbol](): string {
    return this.describe();
  }
}

/** The trace stack; level 0 is the eval trace, which runs primitives on a backend. */
export const traceStack: MainTrace[] = [];
let dynamicTrace: MainTrace;

/** Installs the eval trace at level 0 (called once by the eval interpreter's module). */
export function installEvalTrace(evalType: TraceType): void {
  if (traceStack.length) return;
  const main = new MainTrace(0, evalType, null);
  traceStack.push(main);
  dynamicTrace = main;
}

/** Runs `fn` with a new main trace pushed on the stack; pops it afterwards, even on error. */
export function withNewMain<T>(
  traceType: TraceType,
  globalData: unknown,
  fn: (main: MainTrace) => T,
): T {
  const main = new MainTrace(traceStack.length, traceType, globalData);
  traceStack.push(main);
  try {
    return fn(main);
  } finally {
    main.active = false;
    traceStack.pop();
  }
}

/**
 * Makes `main` the dynamic trace while `fn` runs: every bind then goes at least to `main`,
 * even when its arguments are constants (how jit stages out whole functions).
 */
export function withDynamic<T>(main: MainTrace, fn: () => T): T {
  const prev = dynamicTrace;
  dynamicTrace = main;
  try {
    return fn();
  } finally {
    dynamicTrace = prev;
  }
}

/**
 * Unwinds the trace stack to the eval trace: the repair after code was terminated inside a
 * transformation without running its `finally` blocks (the REPL's Ctrl-C on Bun). Returns
 * whether anything was open. The abandoned traces are marked inactive, so a tracer leaked
 * from them fails clearly instead of joining later computations.
 */
export function resetTraceState(): boolean {
  const open = traceStack.length > 1 || dynamicTrace !== traceStack[0];
  while (traceStack.length > 1) traceStack.pop()!.active = false;
  dynamicTrace = traceStack[0];
  return open;
}

/** True when no transformation is active, so primitives run eagerly. */
export function isEager(): boolean {
  return traceStack.length === 1 && dynamicTrace.level === 0;
}

function findTopTrace(args: readonly DeviceArray[]): Trace {
  let top = dynamicTrace;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a instanceof Tracer) {
      const m = a.trace.main;
      if (m.level > top.level) top = m;
    }
  }
  return top.trace;
}

/** Raises `val` into `trace`: wraps constants and lower-level tracers. */
export function fullRaise(trace: Trace, val: DeviceArray): DeviceArray {
  if (!(val instanceof Tracer)) return trace.pure(val);
  const main = val.trace.main;
  if (!main.active) throw escapedTracerError(val);
  if (main === trace.main) return val;
  if (main.level < trace.main.level) return trace.lift(val);
  throw new UnexpectedTracerError(
    `Can't lift a tracer of level ${main.level} to level ${trace.main.level}: ${val.describe()}`,
  );
}

function escapedTracerError(t: Tracer): UnexpectedTracerError {
  return new UnexpectedTracerError(
    `Encountered an unexpected tracer. A function transformed by JAX had a side effect, ` +
      `allowing for a reference to an intermediate value with type ${t.aval.strLong()} wrapped ` +
      `in a ${t.constructor.name} to escape the scope of the transformation.\nJAX transformations ` +
      `require that functions explicitly return their outputs, and disallow saving intermediate ` +
      `values to global state.`,
  );
}

/** Removes trivial tracer wrappers. */
export function fullLower(val: DeviceArray): DeviceArray {
  return val instanceof Tracer ? val.fullLower() : val;
}

/**
 * Applies a primitive to arguments under whatever transformations are active. Returns the
 * outputs (one for most primitives).
 */
export function bind(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray[] {
  const trace = findTopTrace(args);
  // Level 0 means no argument is a tracer: run the primitive eagerly.
  if (trace.main.level === 0) return trace.processPrimitive(prim, args, params);
  if (!trace.main.active) throw escapedTracerError(args.find((a) => a instanceof Tracer) as Tracer);
  const tracers = new Array<DeviceArray>(args.length);
  for (let i = 0; i < args.length; i++) tracers[i] = fullRaise(trace, args[i]);
  const outs = trace.processPrimitive(prim, tracers, params);
  for (let i = 0; i < outs.length; i++) outs[i] = fullLower(outs[i]);
  return outs;
}

/** `bind` for primitives with one output. */
export function bind1(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray {
  return bind(prim, args, params)[0];
}

/** The aval of any array or tracer. */
export function avalOf(x: DeviceArray): ShapedArray {
  return x.aval;
}
