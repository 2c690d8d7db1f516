/** Every lax primitive, re-exported (importing this module defines them all). */

export * from "./elementwise.ts";
export * from "./shape_ops.ts";
export * from "./reductions.ts";
export * from "./dot.ts";
export * from "./indexing.ts";
export * from "./sort.ts";
export * from "./random_bits.ts";
