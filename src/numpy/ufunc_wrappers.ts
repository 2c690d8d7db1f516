/**
 * Wrappers that lift lax functions (which require equal dtypes and do no rank promotion) to
 * numpy's dtype promotion and broadcasting rules; shared by the elementwise function files.
 *
 * Each also rejects arguments past the ones it takes, as Python does: `jnp.add(x, y, z)` would
 * otherwise be x + y and `jnp.log(x, 10)` the natural log. The (index, array) pair that
 * `xs.map(jnp.exp)` and `xs.reduce(jnp.add)` pass is let through.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { checkExtraArguments } from "../options.ts";
import { asarray, broadcastTo, promoteArgs, promoteArgsInexact, toInexact } from "./convert.ts";
import { broadcastShapes } from "../shape.ts";
import type { Binary, Unary } from "./ufunc_types.ts";

/** `jnp.<name>` of one argument: `f`, with extra arguments rejected. */
export function unary(name: string, f: (x: ArrayLike) => DeviceArray): Unary {
  const fn = `jnp.${name}`;
  return function (x: ArrayLike): DeviceArray {
    if (arguments.length > 1) {
      checkExtraArguments(fn, 1, 1, arguments.length, arguments[1], arguments[2]);
    }
    return f(x);
  };
}

/** `jnp.<name>` of two arguments: `f`, with extra arguments rejected. */
export function binary(name: string, f: (x: ArrayLike, y: ArrayLike) => DeviceArray): Binary {
  const fn = `jnp.${name}`;
  return function (x: ArrayLike, y: ArrayLike): DeviceArray {
    if (arguments.length > 2) {
      checkExtraArguments(fn, 2, 2, arguments.length, arguments[2], arguments[3]);
    }
    return f(x, y);
  };
}

/** A float function: ints and bools are first converted to float32. */
export const inexact1 = (name: string, f: (x: DeviceArray) => DeviceArray): Unary =>
  unary(name, (x) => f(toInexact(asarray(x))));
export const inexact2 = (
  name: string,
  f: (x: DeviceArray, y: DeviceArray) => DeviceArray,
): Binary =>
  binary(name, (x, y) => {
    const [a, b] = promoteArgsInexact([x, y]);
    return f(a, b);
  });
export const numeric2 = (
  name: string,
  f: (x: DeviceArray, y: DeviceArray) => DeviceArray,
): Binary =>
  binary(name, (x, y) => {
    const [a, b] = promoteArgs([x, y]);
    return f(a, b);
  });
/** Like numeric2, with both operands broadcast to the full shape (for rules built on select). */
export const numericFull = (
  name: string,
  f: (x: DeviceArray, y: DeviceArray) => DeviceArray,
): Binary =>
  binary(name, (x, y) => {
    const [a, b] = promoteArgs([x, y]);
    const shape = broadcastShapes(a.shape, b.shape);
    return f(broadcastTo(a, shape), broadcastTo(b, shape));
  });
export const inexactFull = (
  name: string,
  f: (x: DeviceArray, y: DeviceArray) => DeviceArray,
): Binary =>
  binary(name, (x, y) => {
    const [a, b] = promoteArgsInexact([x, y]);
    const shape = broadcastShapes(a.shape, b.shape);
    return f(broadcastTo(a, shape), broadcastTo(b, shape));
  });
