/**
 * Which JavaScript engine compiles the WebAssembly kernels. Results never depend on it; only the
 * shape of the code does, where JavaScriptCore's compiler (Bun) and V8's (Deno, Node) reward
 * different forms: the matrix product's register tiling (gemm_kernel.ts) and where the SIMD exp
 * keeps its constants (simd_exp.ts).
 */

/** True under JavaScriptCore (Bun). */
export const javaScriptCore: boolean = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";
