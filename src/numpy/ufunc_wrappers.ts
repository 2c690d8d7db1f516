/**
 * Wrappers that lift lax functions (which require equal dtypes and do no rank promotion) to
 * numpy's dtype promotion and broadcasting rules; shared by the elementwise function files.
 */

import type { DeviceArray } from "../core/array.ts";
import { asarray, broadcastTo, promoteArgs, promoteArgsInexact, toInexact } from "./convert.ts";
import { broadcastShapes } from "../shape.ts";
import type { Binary, Unary } from "./ufunc_types.ts";

/** A float function: ints and bools are first converted to float32. */
export const inexact1 = (f: (x: DeviceArray) => DeviceArray): Unary => (x) =>
  f(toInexact(asarray(x)));
export const inexact2 = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgsInexact([x, y]);
  return f(a, b);
};
export const numeric2 = (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
  const [a, b] = promoteArgs([x, y]);
  return f(a, b);
};
/** Like numeric2, with both operands broadcast to the full shape (for rules built on select). */
export const numericFull =
  (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
    const [a, b] = promoteArgs([x, y]);
    const shape = broadcastShapes(a.shape, b.shape);
    return f(broadcastTo(a, shape), broadcastTo(b, shape));
  };
export const inexactFull =
  (f: (x: DeviceArray, y: DeviceArray) => DeviceArray): Binary => (x, y) => {
    const [a, b] = promoteArgsInexact([x, y]);
    const shape = broadcastShapes(a.shape, b.shape);
    return f(broadcastTo(a, shape), broadcastTo(b, shape));
  };
