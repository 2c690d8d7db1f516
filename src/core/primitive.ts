/**
 * Primitives: the operations every interpreter understands. A primitive carries its rule tables
 * (abstract evaluation, JVP, transpose, batching, partial evaluation); interpreters look rules up
 * here and backends execute primitives by name.
 */

import type { ShapedArray } from "./aval.ts";
import type { DeviceArray } from "./array.ts";
import type { Tangent, UndefPrimal } from "./ad_util.ts";

/**
 * Static parameters of a primitive application (axes, shapes, sub-jaxprs, …).
 *
 * @example
 * ```ts
 * import { jnp, makeJaxpr, type Params } from "@jaxscript/jaxscript";
 * const params: Params = makeJaxpr((x) => jnp.sum(x, { axis: 0 }))(jnp.ones([2, 3]))
 *   .jaxpr.eqns[0].params;
 * params.axes; // [ 0 ]
 * ```
 */
export type Params = Record<string, unknown>;

/** A batch dimension: the axis that vmap maps over, or null when the value is not mapped. */
export type BatchDim = number | null;

export type AbstractEvalRule = (avals: ShapedArray[], params: Params) => ShapedArray[];
export type JvpRule = (
  primals: DeviceArray[],
  tangents: Tangent[],
  params: Params,
) => [DeviceArray[], Tangent[]];
/** Returns one cotangent per operand: null for operands that are not linear inputs. */
export type TransposeRule = (
  cts: Tangent[],
  args: (DeviceArray | UndefPrimal)[],
  params: Params,
) => (Tangent | null)[];
export type BatchRule = (
  args: DeviceArray[],
  dims: BatchDim[],
  params: Params,
  axisSize: number,
) => [DeviceArray[], BatchDim[]];
/** Evaluates a primitive on concrete arrays without a backend kernel (control flow, jit calls). */
export type ImplRule = (args: DeviceArray[], params: Params) => DeviceArray[];

/**
 * A primitive operation (JAX's `core.Primitive`): what jaxpr equations apply and backends
 * execute. Its rule tables (abstract evaluation, JVP, transpose, batching) are internal.
 *
 * @example
 * ```ts
 * import { jnp, makeJaxpr, type Primitive } from "@jaxscript/jaxscript";
 * const p: Primitive = makeJaxpr(jnp.cos)(jnp.ones([2])).jaxpr.eqns[0].primitive;
 * String(p); // "cos"
 * ```
 */
export class Primitive {
  /** @ignore */
  abstractEval: AbstractEvalRule = () => {
    throw new Error(`primitive ${this.name} has no abstract evaluation rule`);
  };
  /** @ignore */
  impl: ImplRule | null = null;
  /** @ignore */
  jvp: JvpRule | null = null;
  /** @ignore */
  transpose: TransposeRule | null = null;
  /** @ignore */
  batch: BatchRule | null = null;
  /**
   * Chooses and orders params for jaxpr printing (values are printed as Python would print
   * them; strings as they are). The default prints every param, sorted by name.
   *
   * @ignore
   */
  ppParams: ((params: Params) => [string, unknown][]) | null = null;
  /**
   * Print the nested `jaxpr` param with the caller's variable names (JAX does so for jit).
   *
   * @ignore
   */
  ppSuggestNames = false;
  /**
   * Primitives whose params hold sub-jaxprs (for traversal by compilers and printers).
   *
   * @ignore
   */
  subJaxprs: ((params: Params) => unknown[]) | null = null;

  /** A primitive (use `definePrimitive`, which registers it). */
  constructor(
    /** The name jaxprs print, as JAX's (`sin`, `dot_general`, …). */
    readonly name: string,
    /** Whether it returns a list of results rather than one. */
    readonly multipleResults = false,
  ) {}

  /** The name. */
  toString(): string {
    return this.name;
  }
}

const registry = new Map<string, Primitive>();

/** Creates and registers a primitive; names are unique. */
export function definePrimitive(name: string, multipleResults = false): Primitive {
  if (registry.has(name)) throw new Error(`primitive ${name} defined twice`);
  const p = new Primitive(name, multipleResults);
  registry.set(name, p);
  return p;
}

/** Every primitive defined so far (used by tests that check rule coverage). */
export function allPrimitives(): Primitive[] {
  return [...registry.values()];
}
