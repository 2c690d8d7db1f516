/**
 * Environment variables of the CPU backend (JAXSCRIPT_CPU_THREADS, JAXSCRIPT_CPU_FMA,
 * JAXSCRIPT_DEBUG_CODEGEN). Under Deno they are read only when env access is already granted:
 * reading them must never make Deno prompt for a permission (it would on a terminal) or throw.
 */

interface DenoLike {
  permissions?: { querySync?(d: { name: "env"; variable: string }): { state: string } };
  env: { get(name: string): string | undefined };
}

export function cpuEnv(name: string): string | undefined {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  try {
    if (deno) {
      const state = deno.permissions?.querySync?.({ name: "env", variable: name }).state;
      return state === "granted" ? deno.env.get(name) : undefined;
    }
    return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[
      name
    ];
  } catch {
    return undefined;
  }
}
