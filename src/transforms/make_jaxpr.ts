/** `makeJaxpr`: the jaxpr of a function, printed as JAX prints it. */

import type { ClosedJaxpr } from "../core/jaxpr.ts";
import { traceToJaxpr } from "../interpreters/tracing.ts";
import { flatten, unflatten } from "../tree.ts";
import { funName, leafToArray } from "./args.ts";
import { checkOptions, isOptionsObject, tooManyArguments } from "../options.ts";
import { describeValue } from "../shape.ts";

/**
 * Returns a function that traces `f` on the given arguments and returns its jaxpr (a
 * `ClosedJaxpr`; `String(j)` and `console.log(j)` print JAX's text form).
 *
 * @example
 * ```ts
 * import { type DeviceArray, jnp, makeJaxpr } from "@jaxscript/jaxscript";
 * console.log(String(makeJaxpr(jnp.sin)(jnp.ones([3]))));
 * // { lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }
 * // static arguments: JAX's positional static_argnums, or { staticArgnums: 1 }
 * makeJaxpr((x: DeviceArray, n: number) => jnp.power(x, n), 1)(jnp.ones([3]), 2);
 * ```
 */
export function makeJaxpr(
  // deno-lint-ignore no-explicit-any
  f: (...args: any[]) => any,
  staticArgnums?: number | readonly number[] | { staticArgnums?: number | readonly number[] },
): (...args: unknown[]) => ClosedJaxpr {
  if (arguments.length > 2) throw tooManyArguments("makeJaxpr", 1, 2, arguments.length);
  let opts: { staticArgnums?: number | readonly number[] } = {};
  if (isOptionsObject(staticArgnums)) {
    checkOptions("makeJaxpr", staticArgnums, ["staticArgnums"]);
    opts = staticArgnums;
  } else if (staticArgnums !== undefined) {
    if (typeof staticArgnums !== "number" && !Array.isArray(staticArgnums)) {
      throw new TypeError(
        `makeJaxpr: staticArgnums must be an integer or a list of them, got ` +
          describeValue(staticArgnums),
      );
    }
    opts = { staticArgnums };
  }
  const statics = new Set(
    opts.staticArgnums === undefined
      ? []
      : typeof opts.staticArgnums === "number"
      ? [opts.staticArgnums]
      : opts.staticArgnums,
  );
  return (...args: unknown[]) => {
    const dynamic = args.filter((_, i) => !statics.has(i));
    const [leaves, tree] = flatten(dynamic);
    const avals = leaves.map((l, i) =>
      leafToArray(l, () => `${funName(f)} (argument leaf ${i})`).aval
    );
    return traceToJaxpr((...tracers) => {
      const dyn = unflatten(tree, tracers) as unknown[];
      let k = 0;
      const full = args.map((a, i) => (statics.has(i) ? a : dyn[k++]));
      const [outs] = flatten(f(...full));
      return outs.map((o, i) => leafToArray(o, () => `the output leaf ${i} of ${funName(f)}`));
    }, avals);
  };
}
