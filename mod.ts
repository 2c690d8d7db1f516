/**
 * jaxscript: JAX for TypeScript.
 * @module
 */

import "./src/core/eval.ts";
import "./src/backend/cpu/cpu_backend.ts";
export * from "./src/lax/prims/index.ts";
