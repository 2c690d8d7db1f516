/**
 * Where the bench-only npm packages are: the repository's node_modules (`npm install`). They are
 * imported by file URL so that Deno (whose deno.json sets `nodeModulesDir: none`) and Bun load
 * the same files, without a network fetch.
 */

import { createRequire } from "node:module";

const ROOT = new URL("../../", import.meta.url);

/** The file URL of `spec` (a path inside node_modules). */
export function nodeModule(spec: string): string {
  return new URL(`node_modules/${spec}`, ROOT).href;
}

/** A CommonJS `require` resolving from the repository root (for tfjs's Node bundles). */
export const requireFromRoot: (id: string) => unknown = createRequire(
  new URL("package.json", ROOT).pathname,
);

/** The repository root as a path. */
export const ROOT_PATH: string = ROOT.pathname;
