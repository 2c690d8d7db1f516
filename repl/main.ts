/**
 * The jaxscript REPL: TypeScript in, arrays out as JAX prints them, IPython's prompts and magics.
 *
 *     deno run -A repl/main.ts        bun repl/main.ts
 *
 * On a TTY it uses `node:readline` (history, tab completion, Ctrl-C); with piped stdin it reads
 * line by line, echoes each input after its prompt (so a transcript reads like a notebook) and
 * exits when input ends. Options: `--no-banner`. Environment: `NO_COLOR`, `JAXSCRIPT_HISTORY`
 * (history file; empty disables), `JAXSCRIPT_REPL_NO_LIBRARY=1` (do not preload mod.ts).
 *
 * The first prompt appears before the parsers (sucrase, acorn) and the library are loaded: they
 * load in the background and the first cell waits for them (bench/repl_startup_bench.ts).
 *
 * @module
 */

import process from "node:process";
import * as readline from "node:readline";
import { appendFileSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { BREAKS_ON_SIGINT, Engine, KeyboardInterrupt } from "./engine.ts";
import {
  colorFor,
  continuationPrompt,
  type ErrorStyle,
  formatError,
  formatValue,
  inPrompt,
  outPrompt,
  outText,
} from "./printing.ts";
import {
  CELL_MAGICS,
  LINE_MAGICS,
  type MagicContext,
  type MagicResult,
  runMagic,
} from "./magics.ts";
import { showHelp } from "./help.ts";
import { complete } from "./completion.ts";
import { isIncomplete } from "./transform.ts";

const INTERRUPT = Symbol("interrupt");
type Line = string | null | typeof INTERRUPT;

/** Lines from readline as a pull API; lines typed (or piped) ahead wait in a queue. */
class LineReader {
  private queue: Line[] = [];
  private waiter: ((l: Line) => void) | undefined;
  private closed = false;

  constructor(readonly rl: readline.Interface, readonly tty: boolean) {
    rl.on("line", (l) => this.push(l));
    rl.on("close", () => {
      this.closed = true;
      this.push(null);
    });
  }

  /** Whether a read is waiting at a prompt. */
  get waiting(): boolean {
    return this.waiter !== undefined;
  }

  push(l: Line): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(l);
    } else if (l !== INTERRUPT) this.queue.push(l);
  }

  read(prompt: string): Promise<Line> {
    if (this.queue.length) return Promise.resolve(this.queue.shift()!);
    if (this.closed) return Promise.resolve(null);
    if (this.tty) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
    }
    return new Promise((r) => (this.waiter = r));
  }
}

const HELP = /^\s*(\?{1,2})?\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(\?{1,2})?\s*$/;
const EXIT = /^\s*(exit|quit)(\(\))?\s*;?\s*$/;

function env(name: string): string | undefined {
  try {
    return process.env[name];
  } catch {
    return undefined;
  }
}

function banner(): string {
  let version = "";
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    version = ` ${pkg.version}`;
  } catch { /* no package.json next to the REPL */ }
  const v = process.versions as Record<string, string | undefined>;
  const runtime = v.deno ? `Deno ${v.deno}` : v.bun ? `Bun ${v.bun}` : `Node ${v.node}`;
  return `jaxscript${version} REPL on ${runtime}. %lsmagic: magics, obj?: help, Ctrl-D: quit.\n`;
}

/** Loads the readline history file (most recent first, as readline wants it). */
function loadHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).slice(-1000).reverse();
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const tty = !!process.stdin.isTTY;
  const color = colorFor(process.stdout);
  const engine = new Engine(process.cwd());
  const print = (s: string) => console.log("%s", s);
  const historyFile = env("JAXSCRIPT_HISTORY") ?? join(homedir(), ".jaxscript_history");

  if (!args.includes("--no-banner")) print(banner());

  const magicNames = [
    ...Object.keys(LINE_MAGICS),
    ...Object.keys(CELL_MAGICS).map((m) => `%${m}`),
  ];
  const rl = readline.createInterface({
    input: process.stdin,
    output: tty ? process.stdout : undefined,
    terminal: tty,
    completer: tty ? (line: string) => complete(line, magicNames, engine.baseDir) : undefined,
    history: tty ? loadHistory(historyFile) : [],
    historySize: 1000,
    removeHistoryDuplicates: true,
  } as readline.ReadLineOptions);
  const reader = new LineReader(rl, tty);

  // The interrupt of the cell now running, if any (Ctrl-C rejects the await it is stuck in).
  let interrupt: (() => void) | undefined;
  const interruptible = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => {}); // an abandoned cell's later failure must not end the session
    const stop = new Promise<never>((_, reject) => {
      interrupt = () => reject(new KeyboardInterrupt());
    });
    return Promise.race([work, stop]).finally(() => (interrupt = undefined));
  };

  rl.on("SIGINT", () => {
    if (interrupt) return interrupt();
    const r = rl as unknown as { clearLine?: () => void };
    if (typeof r.clearLine === "function") r.clearLine();
    else {
      rl.write(null, { ctrl: true, name: "e" });
      rl.write(null, { ctrl: true, name: "u" });
      process.stdout.write("\n");
    }
    reader.push(INTERRUPT);
  });
  if (!tty) {
    try {
      process.on("SIGINT", () => (interrupt ? interrupt() : process.exit(130)));
    } catch { /* runtime without signal listeners */ }
  } else if (BREAKS_ON_SIGINT) {
    // In raw mode (readline's) Ctrl-C is a key, not a signal, and the key is only read once
    // the code running returns. So, as Node's REPL does, raw mode is off while a cell runs
    // synchronously: Ctrl-C then sends SIGINT, which `breakOnSigint` turns into a
    // KeyboardInterrupt. A SIGINT just outside that run interrupts the await, if any.
    const stdin = process.stdin as unknown as { isRaw?: boolean; setRawMode(raw: boolean): void };
    engine.aroundSync = (run) => {
      const raw = !!stdin.isRaw;
      if (raw) stdin.setRawMode(false);
      try {
        return run();
      } finally {
        if (raw) stdin.setRawMode(true);
      }
    };
    process.on("SIGINT", () => interrupt?.());
  }

  const errorStyle = (): ErrorStyle => ({
    color,
    verbose: engine.verbose,
    sources: engine.sources,
    internal: engine.internalPaths,
  });
  // Errors of work the user left running (a rejected promise nobody awaited, a throwing timer)
  // are reported, never fatal.
  const report = (e: unknown) => print(formatError(e, errorStyle()));
  process.on("unhandledRejection", report);
  process.on("uncaughtException", report);

  let warned = false;
  const warnOnce = () => {
    if (warned || !engine.warning) return;
    warned = true;
    print(engine.warning);
  };
  if (tty) {
    // Above the prompt as soon as it is known, rather than on the first cell.
    engine.libraryReady.then(() => {
      if (!engine.warning || !reader.waiting) return;
      process.stdout.write("\r\x1b[K");
      warnOnce();
      rl.prompt(true);
    });
  }

  const magicContext = (file: string): MagicContext => ({
    engine,
    file,
    color,
    print,
    ask: tty
      ? async (q) => {
        const a = await reader.read(q);
        return typeof a === "string" ? a : null;
      }
      : undefined,
  });

  const runCell = async (src: string, n: number) => {
    engine.inputs[n] = src;
    const file = `In [${n}]`;
    if (!tty) await engine.libraryReady; // so the warning's place in a transcript is fixed
    warnOnce();
    try {
      let res: MagicResult;
      const help = src.startsWith("%") ? null : HELP.exec(src);
      if (src.startsWith("%")) res = await interruptible(runMagic(src, magicContext(file)));
      else if (help && (help[1] || help[3])) {
        await showHelp(help[2], (help[1] ?? help[3]).length === 2, magicContext(file));
        res = { hasValue: false };
      } else res = await interruptible(engine.evaluate(src, file));
      if (res.load !== undefined) {
        for (const l of res.load.split("\n")) print(continuationPrompt(n, color) + l);
        engine.inputs[n] = res.load;
        res = await interruptible(engine.evaluate(res.load, file));
      }
      if (res.hasValue && res.value !== undefined) {
        const repr = await formatValue(res.value, { color, precision: engine.precision });
        print(outPrompt(n, color) + outText(repr));
        engine.recordOutput(n, res.value);
      }
    } catch (e) {
      print(formatError(e, errorStyle(), file));
      if (e instanceof KeyboardInterrupt && e.terminated) {
        const note = await engine.repairAfterInterrupt();
        if (note) print(note);
      }
    }
    print("");
  };

  const needsMore = async (lines: string[]): Promise<boolean> => {
    const first = lines[0];
    if (first.startsWith("%%")) return lines.length === 1 || lines[lines.length - 1].trim() !== "";
    if (first.startsWith("%") || EXIT.test(first)) return false;
    const src = lines.join("\n");
    const help = HELP.exec(src);
    if (help && (help[1] || help[3])) return false;
    try {
      return isIncomplete((await engine.deps()).sucrase, src);
    } catch {
      return false; // the parsers failed to load: evaluating reports why
    }
  };

  if (tty) {
    // Warm the parsers while the user types. Deno's module loader may clear the terminal line
    // (its progress display) while it loads npm packages, so the prompt is redrawn afterwards.
    engine.deps().then(() => reader.waiting && rl.prompt(true), () => {});
  }

  const remember = (line: string) => {
    if (!tty || !historyFile || !line.trim()) return;
    try {
      appendFileSync(historyFile, line + "\n");
    } catch { /* read-only home: history stays in memory */ }
  };

  for (;;) {
    const n = engine.count;
    const line = await reader.read(inPrompt(n, color));
    if (line === null) break;
    if (line === INTERRUPT) {
      print("KeyboardInterrupt\n");
      continue;
    }
    if (!tty) print(inPrompt(n, color) + line);
    if (!line.trim()) continue;
    if (EXIT.test(line)) break;
    remember(line);
    const lines = [line];
    let cancelled = false;
    while (await needsMore(lines)) {
      const next = await reader.read(continuationPrompt(n, color));
      if (next === null) break;
      if (next === INTERRUPT) {
        cancelled = true;
        break;
      }
      if (!tty) print(continuationPrompt(n, color) + next);
      remember(next);
      lines.push(next);
    }
    if (cancelled) {
      print("KeyboardInterrupt\n");
      continue;
    }
    while (lines.length > 1 && !lines[lines.length - 1].trim()) lines.pop();
    engine.count++;
    await runCell(lines.join("\n"), n);
  }
  if (tty) print("");
  rl.close();
  process.exit(0);
}

await main();
