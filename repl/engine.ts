/**
 * The evaluation engine: runs compiled cells with `vm.runInThisContext` (the user's names live
 * on `globalThis`, see transform.ts), preloads the library, and keeps IPython's history objects
 * (`In`, `Out`, `_`, `__`, `___`, `_<n>`).
 */

import vm from "node:vm";
import process from "node:process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Acorn, loadDeps, type Sucrase } from "./deps.ts";
import { compileCell, compileFunction, compileTimedCell, HOOK } from "./transform.ts";
import { MOD_URL, replImport, resolveSpecifier } from "./resolve.ts";

/** Python's KeyboardInterrupt: Ctrl-C while a cell runs. */
export class KeyboardInterrupt extends Error {
  override name = "KeyboardInterrupt";
  /**
   * @param terminated The code was stopped where it ran (`breakOnSigint`), not just no longer
   *   awaited: its own `catch` and `finally` blocks did not run.
   */
  constructor(readonly terminated = false) {
    super();
  }
}

/**
 * Whether `vm`'s `breakOnSigint` stops running code when SIGINT arrives. Bun's does (the run
 * throws `ERR_SCRIPT_EXECUTION_INTERRUPTED`, and the process goes on). Deno 2.9.6 accepts the
 * option and ignores it — its `op_vm_script_run_in_context` never reads the flag — so there a
 * SIGINT waits until the code finishes: JavaScript cannot be pre-empted from JavaScript.
 */
export const BREAKS_ON_SIGINT = typeof (process.versions as Record<string, unknown>).bun ===
  "string";

/** The two parsers, once loaded. */
export type Deps = { sucrase: Sucrase; acorn: Acorn };

/** The outcome of a cell: its value, if it ended in an expression. */
export interface Evaluated {
  hasValue: boolean;
  value?: unknown;
}

const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const g = globalThis as unknown as Record<string, unknown>;
/** Names the REPL itself keeps on globalThis (history objects), hidden from `%who`. */
const REPL_NAMES = /^(_|__|___|_\d+|In|Out|_i|_ii|_iii|__repl__)$/;
/** Globals runtimes create lazily (after the startup snapshot), never the user's. */
const RUNTIME_NAMES = new Set(["nodeBootstrap"]);

/** The REPL's state: namespace bookkeeping, history, library, settings shared by the magics. */
export class Engine {
  /** The execution counter: the `n` of the next `In [n]`. */
  count = 1;
  /** `In`: the source of each cell by number (index 0 is empty, as IPython's). */
  readonly inputs: string[] = [""];
  /** `Out`: each displayed result by cell number. */
  readonly outputs: Record<number, unknown> = {};
  /** Source of each evaluated cell file. */
  readonly sources = new Map<string, string>();
  /** Directory that relative imports resolve against (the user's cwd; a `%run` file's dir). */
  baseDir: string;
  /** `%xmode verbose`. */
  verbose = false;
  /** `%precision`. */
  precision: number | undefined;
  /** The library's exports (`jnp`, `lax`, …) once loaded; null if loading failed. */
  library: Record<string, unknown> | null = null;
  /** Set when the library failed to load: a one-line warning, printed once. */
  warning: string | undefined;
  /** Resolves when the library has loaded (or failed to). */
  readonly libraryReady: Promise<void>;
  /** Paths whose stack frames are the REPL's or library's own. */
  readonly internalPaths = [
    join(REPO_ROOT, "repl") + "/",
    join(REPO_ROOT, "src") + "/",
    join(REPO_ROOT, "mod.ts"),
  ];
  /**
   * Wraps every synchronous run of user code; main.ts sets it on a terminal, where raw mode
   * (readline's) must be off for Ctrl-C to raise SIGINT at all.
   */
  aroundSync: <T>(run: () => T) => T = (run) => run();
  private hidden: Set<string>;
  private underscore: unknown = undefined;

  constructor(cwd: string) {
    this.baseDir = cwd;
    g.In = this.inputs;
    g.Out = this.outputs;
    const base = () => this.baseDir;
    g[HOOK] = {
      import: (spec: string, opts?: { with?: Record<string, string> }) =>
        replImport(spec, base(), opts),
      get meta() {
        const file = join(base(), "$repl$.ts");
        return {
          url: pathToFileURL(file).href,
          main: true,
          filename: file,
          dirname: base(),
          resolve: (s: string) => resolveSpecifier(s, base()),
        };
      },
    };
    this.hidden = new Set(Object.getOwnPropertyNames(globalThis));
    this.libraryReady = this.loadLibrary();
  }

  /** Imports `mod.ts` and puts its exports on globalThis; a failure is a warning, not fatal. */
  private async loadLibrary(): Promise<void> {
    let skip: string | undefined;
    try {
      skip = process.env.JAXSCRIPT_REPL_NO_LIBRARY;
    } catch { /* no env access */ }
    if (skip) return;
    try {
      const mod = await import(MOD_URL) as Record<string, unknown>;
      this.library = mod;
      for (const [k, v] of Object.entries(mod)) {
        if (k === "default") continue;
        g[k] = v;
        this.hidden.add(k);
      }
    } catch (e) {
      const msg = String((e as Error)?.message ?? e).split("\n")[0];
      this.warning = `Warning: could not load the library (mod.ts): ${msg}. ` +
        "Continuing without jnp, lax, … preloaded.";
    }
    // Globals the library created while loading are not the user's.
    for (const k of Object.getOwnPropertyNames(globalThis)) this.hidden.add(k);
  }

  /** The parsers (loaded on first use, so the first prompt does not wait for them). */
  deps(): Promise<Deps> {
    return loadDeps();
  }

  /** Compiles and runs a cell; `file` names it in stack traces (`In [3]`, or a `%run` path). */
  async evaluate(src: string, file: string): Promise<Evaluated> {
    const deps = await this.deps();
    await this.libraryReady;
    this.sources.set(file, src);
    const c = compileCell(deps, src);
    const script = new vm.Script(c.code, { filename: file });
    const boxed = await (this.run(script) as Promise<{ v: unknown } | undefined>);
    return boxed ? { hasValue: true, value: boxed.v } : { hasValue: false };
  }

  /**
   * Runs a compiled cell. Its synchronous part (up to its first `await`) stops on SIGINT with a
   * KeyboardInterrupt where the runtime supports it ({@link BREAKS_ON_SIGINT}).
   */
  private run(script: vm.Script): unknown {
    if (!BREAKS_ON_SIGINT) return script.runInThisContext();
    return this.aroundSync(() => {
      try {
        return script.runInThisContext({ breakOnSigint: true });
      } catch (e) {
        if ((e as { code?: unknown })?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") {
          throw new KeyboardInterrupt(true);
        }
        throw e;
      }
    });
  }

  /**
   * Compiles a cell without running it: a thunk that runs it (for `%time`), and the seconds the
   * compilation took.
   */
  async compile(
    src: string,
    file: string,
  ): Promise<{ run: () => Promise<Evaluated>; seconds: number }> {
    const deps = await this.deps();
    await this.libraryReady;
    this.sources.set(file, src);
    const t0 = performance.now();
    const c = compileCell(deps, src);
    const script = new vm.Script(c.code, { filename: file });
    const seconds = (performance.now() - t0) / 1000;
    const run = async () => {
      const boxed = await (this.run(script) as Promise<{ v: unknown } | undefined>);
      return boxed ? { hasValue: true, value: boxed.v } : { hasValue: false };
    };
    return { run, seconds };
  }

  /**
   * Compiles a statement for `%timeit`: a function running it (declarations local to it, the
   * last expression returned), async only if it awaits. With `setup` (`%%timeit`), also a
   * `setup` function for `timeit`'s option of that name: it runs the setup before each timing
   * run, and the statement of that run sees its locals.
   */
  async compileTimed(
    stmt: string,
    file: string,
    setup?: string,
  ): Promise<{ fn: () => unknown; setup?: () => unknown; isAsync: boolean; seconds: number }> {
    const deps = await this.deps();
    await this.libraryReady;
    this.sources.set(file, setup === undefined ? stmt : `${setup}\n${stmt}`);
    const t0 = performance.now();
    if (setup === undefined) {
      const c = compileFunction(deps, stmt);
      const fn = vm.runInThisContext(c.code, { filename: file }) as () => unknown;
      return { fn, isAsync: c.hasAwait, seconds: (performance.now() - t0) / 1000 };
    }
    const c = compileTimedCell(deps, setup, stmt);
    type Body = () => unknown;
    const factory = vm.runInThisContext(c.code, { filename: file }) as (
      useBody: (b: Body) => void,
    ) => () => unknown;
    // The body of the latest setup run; this file's frames are hidden from the user's stacks.
    let body: Body | undefined;
    const setupRun = factory((b) => (body = b));
    const seconds = (performance.now() - t0) / 1000;
    return { fn: () => body!(), setup: setupRun, isAsync: c.bodyAsync, seconds };
  }

  /**
   * After a {@link KeyboardInterrupt} that stopped code where it ran: termination skips `finally`
   * blocks, so one that stopped inside a transformation (`jit`, `vmap`, `grad`, …) left the
   * library's trace stack open, and every later operation would be traced into the dead
   * transformation. Unwinds it (the library's `resetTraceState`) and says so.
   */
  async repairAfterInterrupt(): Promise<string | undefined> {
    if (!this.library) return undefined;
    // The same module instance as the REPL's mod.ts (same URL), so the same trace stack.
    const trace = await import(new URL("../src/core/trace.ts", import.meta.url).href);
    if (!(trace.resetTraceState as () => boolean)()) return undefined;
    return "The interrupt stopped a transformation (jit, vmap, grad, …) midway; " +
      "its trace was discarded.";
  }

  /** Records a displayed result as `Out[n]`, `_n`, and shifts `_`, `__`, `___`. */
  recordOutput(n: number, value: unknown): void {
    this.outputs[n] = value;
    g[`_${n}`] = value;
    // Once the user assigns `_` themselves (e.g. lodash), it is theirs: stop updating it.
    if (g._ !== this.underscore) return;
    g.___ = g.__;
    g.__ = g._;
    g._ = value;
    this.underscore = value;
  }

  /** The user's variables: globals that were not there at startup, sorted by name. */
  userNames(): string[] {
    return Object.getOwnPropertyNames(globalThis)
      .filter((k) => !this.hidden.has(k) && !REPL_NAMES.test(k) && !RUNTIME_NAMES.has(k))
      .sort();
  }

  /** `%reset`: deletes the user's variables and the output history. */
  reset(): void {
    for (const k of this.userNames()) delete g[k];
    for (const k of Object.keys(this.outputs)) {
      delete this.outputs[Number(k)];
      delete g[`_${k}`];
    }
    g._ =
      g.__ =
      g.___ =
      this.underscore =
        undefined;
  }
}
