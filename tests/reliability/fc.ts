/**
 * fast-check, pinned, loaded the same way on Deno and Bun. Deno resolves the `npm:` specifier
 * (its global cache; `deno check` reads the types from it); Bun does not support `npm:`
 * specifiers, so it takes the bare name from node_modules (package.json pins the same version as
 * a devDependency).
 */

// The pin lives here on purpose (Deno needs no package.json entry to run these tests).
// deno-lint-ignore no-import-prefix
import type fcType from "npm:fast-check@4.10.2";
// deno-lint-ignore no-import-prefix
import type { Arbitrary as FcArbitrary } from "npm:fast-check@4.10.2";

const spec = "Deno" in globalThis ? "npm:fast-check@4.10.2" : "fast-check";
const mod = await import(spec);
/** The fast-check namespace (`fc.property`, `fc.assert`, arbitraries). */
const fc: typeof fcType = mod.default ?? mod;
export default fc;
export type Arbitrary<T> = FcArbitrary<T>;
