/**
 * How arrays print: JAX's repr and numpy's str from the host values, print options
 * (`jnp.setPrintoptions`), and what is shown when values are not on the host.
 */

import { type DeviceArray, inspectSymbol } from "../core/array.ts";
import { ArrayImpl } from "../core/array_impl.ts";
import { config } from "../config.ts";
import { pyShape } from "../shape.ts";
import type { PrintOptions } from "../print/array2string.ts";
import { formatHtml, formatRepr, formatStr } from "../print/repr.ts";

let printOptions: PrintOptions = {};

/**
 * Sets numpy's print options for array printing (precision, threshold, edgeitems, linewidth,
 * suppress, floatmode), as `np.set_printoptions`.
 *
 * @example
 * ```ts
 * jnp.setPrintoptions({ precision: 3 });
 * ```
 */
export function setPrintoptions(opts: PrintOptions): void {
  printOptions = { ...printOptions, ...opts };
}

/** The current print options. */
export function getPrintoptions(): PrintOptions {
  return { ...printOptions };
}

/** Why values cannot be shown, or null when they are on the host. */
function unavailable(x: DeviceArray): string | null {
  if (!(x instanceof ArrayImpl)) return null;
  if (x.isDeleted()) return "<deleted>";
  if (x.peek() === null) return `<not on the host yet: await x.data() or x.blockUntilReady()>`;
  return null;
}

/** JAX's repr: `DeviceArray([0, 1, 2], dtype=int32)`. */
export function repr(x: DeviceArray): string {
  const prefix = config.jax_array_repr;
  const why = unavailable(x);
  if (why) {
    return `${prefix}(${why}, shape=${pyShape(x.shape)}, dtype=${x.dtype}` +
      (x.weakType ? ", weak_type=True" : "") + ")";
  }
  const values = (x as ArrayImpl).peek()!;
  return formatRepr(values, x.shape, x.dtype, x.weakType, { prefix, printOptions });
}

/** numpy's str: `[0 1 2]`. */
export function str(x: DeviceArray): string {
  const why = unavailable(x);
  if (why) return why;
  return formatStr((x as ArrayImpl).peek()!, x.shape, x.dtype, { printOptions });
}

/** `Symbol.for("Jupyter.display")`: text/plain and text/html bundles for `deno jupyter`. */
export function jupyterDisplay(x: DeviceArray): Record<string, string> {
  const why = unavailable(x);
  if (why || !(x instanceof ArrayImpl)) return { "text/plain": repr(x) };
  return {
    "text/plain": repr(x),
    "text/html": formatHtml(x.peek()!, x.shape, x.dtype, x.weakType),
  };
}

// Jupyter's display hook on every concrete array.
Object.defineProperty(ArrayImpl.prototype, Symbol.for("Jupyter.display"), {
  value(this: DeviceArray) {
    return jupyterDisplay(this);
  },
  writable: true,
  configurable: true,
});

export { inspectSymbol };
