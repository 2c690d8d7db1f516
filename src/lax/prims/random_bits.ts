/** threefry2x32: the Threefry-2x32 block cipher (20 rounds) that jax.random is built on. */

import { definePrimitive, type Primitive } from "../../core/primitive.ts";
import { broadcastingShape } from "./util.ts";
import { aval } from "./util.ts";

/**
 * threefry2x32(k1, k2, x1, x2) → (y1, y2): all uint32, broadcast as lax does; see
 * jax_semantics.md §A.1 for the rounds.
 */
export const threefry2x32_p: Primitive = definePrimitive("threefry2x32", true);
threefry2x32_p.abstractEval = (avals) => {
  for (const a of avals) {
    if (a.dtype !== "uint32") {
      throw new TypeError(
        `threefry2x32 requires uint32 arguments, got ${avals.map((a) => a.dtype)}`,
      );
    }
  }
  const shape = broadcastingShape("threefry2x32", avals);
  return [aval(shape, "uint32"), aval(shape, "uint32")];
};
