/**
 * IPython's magics: `%timeit`, `%%timeit`, `%time`, `%%time`, `%who`, `%whos`, `%reset`, `%run`,
 * `%load`, `%history`, `%lsmagic`, `%devices`, `%jaxpr`, `%precision`, `%xmode`, `%pinfo`.
 * The namespace magics live in namespace.ts, the help ones in help.ts.
 */

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { inspect } from "node:util";
import { time, timeit, timeitAsync } from "../src/timeit.ts";
import type { Engine, Evaluated } from "./engine.ts";
import { parseExpression } from "./transform.ts";
import { who, whos } from "./namespace.ts";
import { showHelp } from "./help.ts";

/** IPython's `UsageError`: a magic used wrongly. Printed without a stack. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What a magic needs from the REPL around it. */
export interface MagicContext {
  engine: Engine;
  /** The cell's file name for stack traces, `In [n]`. */
  file: string;
  color: boolean;
  print(line: string): void;
  /** Asks the user a question (TTY only); undefined when input is piped. */
  ask?: (question: string) => Promise<string | null>;
}

/** A magic's outcome: a value to show as `Out[n]`, or source to run as the cell (`%load`). */
export interface MagicResult extends Evaluated {
  load?: string;
}

type LineMagic = (args: string, ctx: MagicContext) => Promise<MagicResult> | MagicResult;
type CellMagic = (args: string, body: string, ctx: MagicContext) => Promise<MagicResult>;

const NONE: MagicResult = { hasValue: false };

/**
 * Splits leading getopt-style options off `args` (`spec` like IPython's `"n:r:p:qo"`: a letter
 * followed by `:` takes a value, `-n10` or `-n 10`; flags may be grouped, `-qo`). The statement
 * after the options is returned verbatim.
 */
export function parseOptions(
  args: string,
  spec: string,
): { opts: Record<string, string | true>; rest: string } {
  const opts: Record<string, string | true> = {};
  let i = 0;
  const skipSpace = () => {
    while (i < args.length && /\s/.test(args[i])) i++;
  };
  for (;;) {
    skipSpace();
    if (args[i] !== "-" || !/[A-Za-z]/.test(args[i + 1] ?? "")) break;
    const start = i;
    i++;
    let consumed = false;
    while (i < args.length && /[A-Za-z]/.test(args[i])) {
      const letter = args[i];
      const at = spec.indexOf(letter);
      if (at < 0) {
        if (i === start + 1) throw new UsageError(`option -${letter} not recognized`);
        break;
      }
      i++;
      if (spec[at + 1] === ":") {
        let value = "";
        if (i < args.length && !/\s/.test(args[i])) {
          while (i < args.length && !/\s/.test(args[i])) value += args[i++];
        } else {
          skipSpace();
          while (i < args.length && !/\s/.test(args[i])) value += args[i++];
        }
        if (!value) throw new UsageError(`option -${letter} requires argument`);
        opts[letter] = value;
        consumed = true;
        break;
      }
      opts[letter] = true;
    }
    if (!consumed && i < args.length && !/\s/.test(args[i])) break;
  }
  return { opts, rest: args.slice(i).trim() };
}

function intOption(v: string | true | undefined, name: string): number | undefined {
  if (v === undefined || v === true) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer`);
  return n;
}

async function runTimeit(
  stmt: string,
  setup: string | undefined,
  opts: Record<string, string | true>,
  ctx: MagicContext,
): Promise<MagicResult> {
  if (!stmt.trim()) throw new UsageError("%timeit needs a statement to time");
  const timed = await ctx.engine.compileTimed(stmt, ctx.file, setup);
  const { fn, isAsync, seconds } = timed;
  const options = {
    setup: timed.setup,
    number: intOption(opts.n, "-n"),
    repeat: intOption(opts.r, "-r"),
    precision: intOption(opts.p, "-p"),
    quiet: opts.q === true,
    compileTime: seconds,
    log: ctx.print,
  };
  if (options.repeat === 0) throw new UsageError("-r must be at least 1");
  const result = isAsync ? await timeitAsync(fn, options) : await timeit(fn, options);
  if (typeof opts.v === "string") (globalThis as Record<string, unknown>)[opts.v] = result;
  return opts.o ? { hasValue: true, value: result } : NONE;
}

async function runTime(src: string, ctx: MagicContext): Promise<MagicResult> {
  if (!src.trim()) throw new UsageError("%time needs a statement");
  const { run, seconds } = await ctx.engine.compile(src, ctx.file);
  return await time(run, { compileTime: seconds, log: ctx.print });
}

function readUserFile(name: string, ctx: MagicContext): { path: string; text: string } {
  const arg = name.trim().replace(/^(["'])(.*)\1$/, "$2");
  if (!arg) throw new UsageError("a file name is required");
  const path = resolve(ctx.engine.baseDir, arg);
  try {
    return { path, text: readFileSync(path, "utf8") };
  } catch {
    throw new UsageError(`File \`${arg}\` not found.`);
  }
}

/** `%history` ranges: `4`, `4-6`, `2 5-7`; none means the whole session. */
function historyLines(args: string, engine: Engine, numbered: boolean): string[] {
  const last = engine.count - 1;
  const picks: number[] = [];
  for (const part of args.split(/\s+/).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`bad history range: ${part}`);
    const a = Number(m[1]), b = m[2] ? Number(m[2]) : a;
    for (let k = a; k <= Math.min(b, last); k++) picks.push(k);
  }
  if (!picks.length) { for (let k = 1; k <= last; k++) picks.push(k); }
  const out: string[] = [];
  for (const k of picks) {
    const src = engine.inputs[k] ?? "";
    src.split("\n").forEach((l, i) =>
      out.push(numbered ? `${i ? " ".repeat(String(k).length) : k}: ${l}` : l)
    );
  }
  return out;
}

function library(ctx: MagicContext): Record<string, unknown> {
  if (!ctx.engine.library) throw new UsageError("the library (mod.ts) is not loaded");
  return ctx.engine.library;
}

type Fn = (...a: unknown[]) => unknown;

function devicesMagic(args: string, ctx: MagicContext): MagicResult {
  const lib = library(ctx);
  const devices = lib.devices as (p?: string) => unknown[];
  const all = devices();
  const choice = args.trim();
  if (choice) {
    let dev: unknown;
    if (/^\d+$/.test(choice)) dev = all[Number(choice)];
    else {
      const [platform, id] = choice.split(":");
      const list = devices(platform.toLowerCase());
      dev = id === undefined ? list[0] : list.find((d) => (d as { id?: number }).id === Number(id));
    }
    if (dev === undefined) throw new UsageError(`no device ${choice}; %devices lists them`);
    (lib.setDefaultDevice as Fn)(dev);
    ctx.print(`Default device: ${inspect(dev)}`);
    return NONE;
  }
  const current = (lib.defaultDevice as Fn)();
  all.forEach((d, i) => ctx.print(`${d === current ? "*" : " "} [${i}] ${inspect(d)}`));
  ctx.print("(* = default; `%devices N` or `%devices webgpu` switches)");
  return NONE;
}

async function jaxprMagic(args: string, ctx: MagicContext): Promise<MagicResult> {
  const usage = "usage: %jaxpr f(args), e.g. %jaxpr jnp.sin(x)";
  if (!args.trim()) throw new UsageError(usage);
  const deps = await ctx.engine.deps();
  const { js, node } = parseExpression(deps, args);
  if (node.type !== "CallExpression") throw new UsageError(usage);
  const callee = js.slice(node.callee.start, node.callee.end);
  const argv = node.arguments.map((a: { start: number; end: number }) => js.slice(a.start, a.end));
  const { value } = await ctx.engine.evaluate(`[${callee}, [${argv.join(", ")}]]`, ctx.file);
  const [fn, callArgs] = value as [Fn, unknown[]];
  const makeJaxpr = library(ctx).makeJaxpr as (f: Fn) => Fn;
  return { hasValue: true, value: await makeJaxpr(fn)(...callArgs) };
}

function precisionMagic(args: string, ctx: MagicContext): MagicResult {
  const a = args.trim();
  const jnp = ctx.engine.library?.jnp as Record<string, unknown> | undefined;
  const setPrint = (jnp?.setPrintoptions ?? jnp?.set_printoptions) as Fn | undefined;
  if (!a) {
    ctx.engine.precision = undefined;
    setPrint?.({ precision: 8 });
    return { hasValue: true, value: "%r" };
  }
  const p = intOption(a, "%precision");
  ctx.engine.precision = p;
  setPrint?.({ precision: p });
  return { hasValue: true, value: `%.${p}f` };
}

function xmodeMagic(args: string, ctx: MagicContext): MagicResult {
  const modes = ["Plain", "Context", "Verbose", "Minimal"];
  const a = args.trim().toLowerCase();
  let mode: string;
  if (!a) mode = ctx.engine.verbose ? "Context" : "Verbose";
  else {
    const found = modes.find((m) => m.toLowerCase() === a);
    if (!found) throw new UsageError(`Valid modes: ${modes.join(", ")}`);
    mode = found;
  }
  ctx.engine.verbose = mode === "Verbose";
  ctx.print(`Exception reporting mode: ${mode}`);
  return NONE;
}

async function resetMagic(args: string, ctx: MagicContext): Promise<MagicResult> {
  const force = /(^|\s)-f(\s|$)/.test(args);
  if (!force && ctx.ask) {
    const answer = await ctx.ask("Once deleted, variables cannot be recovered. Proceed (y/[n])? ");
    if (!/^y(es)?$/i.test((answer ?? "").trim())) {
      ctx.print("Nothing done.");
      return NONE;
    }
  }
  ctx.engine.reset();
  return NONE;
}

async function runMagicFile(args: string, ctx: MagicContext): Promise<MagicResult> {
  const { path, text } = readUserFile(args, ctx);
  const saved = ctx.engine.baseDir;
  ctx.engine.baseDir = dirname(path); // the file's own imports resolve next to it
  try {
    await ctx.engine.evaluate(text, path);
  } finally {
    ctx.engine.baseDir = saved;
  }
  return NONE;
}

/** Line magics by name. */
export const LINE_MAGICS: Record<string, LineMagic> = {
  timeit: (args, ctx) => {
    const { opts, rest } = parseOptions(args, "n:r:p:qov:tc");
    return runTimeit(rest, undefined, opts, ctx);
  },
  time: (args, ctx) => runTime(args, ctx),
  who: (args, ctx) => (who(ctx.engine, args, ctx.print), NONE),
  whos: (args, ctx) => (whos(ctx.engine, args, ctx.print), NONE),
  reset: resetMagic,
  run: runMagicFile,
  load: (args, ctx) => {
    const { text } = readUserFile(args, ctx);
    return { hasValue: false, load: `// %load ${args.trim()}\n${text.replace(/\n$/, "")}` };
  },
  history: (args, ctx) => {
    const { opts, rest } = parseOptions(args, "n");
    for (const l of historyLines(rest, ctx.engine, opts.n === true)) ctx.print(l);
    return NONE;
  },
  hist: (args, ctx) => LINE_MAGICS.history(args, ctx),
  lsmagic: (_args, ctx) => {
    ctx.print("Available line magics:");
    ctx.print(Object.keys(LINE_MAGICS).sort().map((m) => `%${m}`).join("  "));
    ctx.print("");
    ctx.print("Available cell magics:");
    ctx.print(Object.keys(CELL_MAGICS).sort().map((m) => `%%${m}`).join("  "));
    ctx.print("");
    ctx.print("Automagic is OFF, % prefix IS needed for line magics.");
    return NONE;
  },
  devices: devicesMagic,
  jaxpr: jaxprMagic,
  precision: precisionMagic,
  xmode: xmodeMagic,
  pinfo: (args, ctx) => showHelp(args.trim(), false, ctx).then(() => NONE),
  pinfo2: (args, ctx) => showHelp(args.trim(), true, ctx).then(() => NONE),
  psource: (args, ctx) => showHelp(args.trim(), true, ctx).then(() => NONE),
};

/** Cell magics by name. */
export const CELL_MAGICS: Record<string, CellMagic> = {
  timeit: (args, body, ctx) => {
    const { opts, rest } = parseOptions(args, "n:r:p:qov:tc");
    return runTimeit(body, rest, opts, ctx);
  },
  time: (args, body, ctx) => runTime(args.trim() ? `${args}\n${body}` : body, ctx),
};

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Magic names close to `name` (edit distance ≤ 2, or sharing a prefix), best first. */
export function closeMatches(name: string, names: string[]): string[] {
  return names
    .map((n) => ({ n, d: n.startsWith(name) || name.startsWith(n) ? 0.5 : distance(name, n) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, 5)
    .map((x) => x.n);
}

/** Runs a magic cell (`%name args` or `%%name args\nbody`). */
export function runMagic(src: string, ctx: MagicContext): Promise<MagicResult> {
  const cell = src.startsWith("%%");
  const nl = src.indexOf("\n");
  const first = cell ? (nl < 0 ? src : src.slice(0, nl)) : src;
  const m = /^%%?([A-Za-z_]\w*)\s*([\s\S]*)$/.exec(first);
  if (!m) throw new UsageError(`not a magic: ${first}`);
  const [, name, args] = m;
  if (cell) {
    const magic = CELL_MAGICS[name];
    if (!magic) {
      const close = closeMatches(name, Object.keys(CELL_MAGICS)).map((n) => `%%${n}`);
      throw new UsageError(`Cell magic \`%%${name}\` not found.${suggest(close)}`);
    }
    return magic(args, nl < 0 ? "" : src.slice(nl + 1), ctx);
  }
  const magic = LINE_MAGICS[name];
  if (!magic) {
    const close = closeMatches(name, Object.keys(LINE_MAGICS)).map((n) => `%${n}`);
    throw new UsageError(`Line magic function \`%${name}\` not found.${suggest(close)}`);
  }
  return Promise.resolve(magic(args, ctx));
}

function suggest(close: string[]): string {
  return close.length ? ` Did you mean: ${close.join(", ")}?` : " %lsmagic lists the magics.";
}
