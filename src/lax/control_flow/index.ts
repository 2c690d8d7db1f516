/** Control flow and custom derivatives (importing this module defines their primitives). */

export { cond, switch_ } from "./cond.ts";
export { forILoop, whileLoop } from "./while_loop.ts";
export { scan, type ScanOptions } from "./scan.ts";
export { associativeScan, type AssociativeScanOptions } from "./associative_scan.ts";
export {
  customJvp,
  type CustomJvpFunction,
  customVjp,
  type CustomVjpFunction,
  stopGradient,
} from "./custom_derivatives.ts";
