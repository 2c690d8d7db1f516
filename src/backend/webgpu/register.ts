/**
 * Imported by mod.ts for its side effect: initialises WebGPU at import (top-level await), so
 * `devices()` lists it. Costs ~30 ms on Deno with llvmpipe; nothing where `JAX_PLATFORMS` names
 * only cpu or the runtime has no `navigator.gpu`. See init.ts.
 */

import { initWebGpu } from "./init.ts";

await initWebGpu();
