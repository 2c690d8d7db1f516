/**
 * How arrays print: JAX's repr and numpy's str from the host values, print options
 * (`jnp.setPrintoptions`), and what is shown when values are not on the host.
 */

import { type DeviceArray, inspectSymbol } from "../core/array.ts";
import { ArrayImpl } from "../core/array_impl.ts";
import { config } from "../config.ts";
import { checkOptions, tooManyArguments } from "../options.ts";
import { pyShape } from "../shape.ts";
import { DEFAULT_PRINT_OPTIONS, type PrintOptions } from "../print/array2string.ts";
import { formatHtml, formatRepr, formatStr } from "../print/repr.ts";

// numpy's print options (every one has a default): set_printoptions rejects other keywords.
const PRINT_KEYS = Object.keys(DEFAULT_PRINT_OPTIONS);

let printOptions: PrintOptions = {};

/**
 * Sets numpy's print options for array printing (precision, threshold, edgeitems, linewidth,
 * suppress, floatmode, sign, …), as `np.set_printoptions`; options not given keep their values.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.setPrintoptions({ precision: 3 });
 * console.log(jnp.array([Math.PI, 1 / 3])); // DeviceArray([3.142, 0.333], dtype=float32)
 * jnp.setPrintoptions({ precision: 8 });
 * ```
 */
export function setPrintoptions(opts: PrintOptions): void {
  // numpy's set_printoptions raises for an unknown keyword; a typo would otherwise do nothing.
  if (arguments.length > 1) throw tooManyArguments("jnp.setPrintoptions", 0, 1, arguments.length);
  checkOptions("jnp.setPrintoptions", opts, PRINT_KEYS);
  printOptions = { ...printOptions, ...opts };
}

/**
 * The current print options (those set with `setPrintoptions`; the rest are numpy's defaults).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.setPrintoptions({ threshold: 5 });
 * jnp.getPrintoptions(); // { threshold: 5 }
 * console.log(jnp.arange(10)); // DeviceArray([0, 1, 2, ..., 7, 8, 9], dtype=int32)
 * jnp.setPrintoptions({ threshold: 1000 });
 * ```
 */
export function getPrintoptions(): PrintOptions {
  if (arguments.length > 0) throw tooManyArguments("jnp.getPrintoptions", 0, 0, arguments.length);
  return { ...printOptions };
}

/** Why values cannot be shown, or null when they are on the host. */
function unavailable(x: DeviceArray): string | null {
  if (!(x instanceof ArrayImpl)) return null;
  if (x.isDeleted()) return "<deleted>";
  if (x.peek() === null) return `<not on the host yet: await x.data() or x.blockUntilReady()>`;
  return null;
}

/**
 * JAX's repr of an array, `DeviceArray([0, 1, 2], dtype=int32)` (what `console.log` shows);
 * `Array(...)` with `config.update("jax_array_repr", "Array")`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import { repr } from "./printing.ts";
 * repr(jnp.arange(3)); // "DeviceArray([0, 1, 2], dtype=int32)"
 * ```
 */
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

/**
 * numpy's str of an array, `[0 1 2]` (what `String(x)` gives).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import { str } from "./printing.ts";
 * str(jnp.array([[1.5, 2], [3, 4]])); // "[[1.5 2. ]\n [3.  4. ]]"
 * ```
 */
export function str(x: DeviceArray): string {
  const why = unavailable(x);
  if (why) return why;
  return formatStr((x as ArrayImpl).peek()!, x.shape, x.dtype, { printOptions });
}

/**
 * The MIME bundle `deno jupyter` shows for an array (`x[Symbol.for("Jupyter.display")]()`):
 * text/plain, plus an HTML table for small 1-d and 2-d arrays whose values are on the host.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import { jupyterDisplay } from "./printing.ts";
 * Object.keys(jupyterDisplay(jnp.arange(3))); // [ "text/plain", "text/html" ]
 * ```
 */
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
