/**
 * Shape manipulation of jax.numpy: reshape, transpose, stacking and splitting, tiling,
 * flipping, `where` and `clip`. This module gathers them from the files that hold each kind:
 * shape changes, joining and splitting, repeating and reordering, selection, and resultType.
 */

import { AxisError } from "../shape.ts";

export * from "./reshaping.ts";
export * from "./joining.ts";
export * from "./rearranging.ts";
export * from "./selection.ts";
export * from "./result_type.ts";

export { AxisError };
