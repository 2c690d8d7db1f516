/**
 * The helper functions generated CPU code references as `h.name`: scalar_math.ts's, plus the
 * float64 exp shared with the WebAssembly loops (exp.ts).
 */

import { helpers } from "./scalar_math.ts";
import { expF64 } from "./exp.ts";

export const cpuHelpers: typeof helpers & { expF64: typeof expF64 } = { ...helpers, expF64 };
