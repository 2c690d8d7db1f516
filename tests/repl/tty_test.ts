/**
 * The REPL on a real terminal: drives it in tmux (a TTY, raw mode, readline) and checks property
 * completion (`jnp.aran<Tab>`), history (Up), the continuation prompt, Ctrl-C on a typed line,
 * on a pending `await` and in a synchronous loop, and the history file. tmux comes from Debian's packages: when it is
 * missing the test tries `apt-get install -y tmux` (as root), else skips with a printed reason.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { assert, test } from "../harness.ts";
import { parsersMissing } from "./transcript.ts";

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const RUNTIME = (process.versions as Record<string, string>).bun ? "bun" : "deno";

function hasTmux(): boolean {
  return spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
}

/** Why the test cannot run, or undefined when tmux is there (installing it if we may). */
function tmuxMissing(): string | undefined {
  if (hasTmux()) return undefined;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  // Only under Deno: Bun's runner gives a test 60 s, too little for apt; the suite runs Deno
  // first, so Bun finds the tmux Deno's run installed.
  if (root && RUNTIME === "deno" && spawnSync("apt-get", ["--version"]).status === 0) {
    console.log("tmux not found: trying `apt-get install -y tmux`");
    const install = () =>
      spawnSync("apt-get", ["install", "-y", "tmux"], { stdio: "ignore", timeout: 300_000 });
    if (install().status !== 0) {
      spawnSync("apt-get", ["update"], { stdio: "ignore", timeout: 300_000 });
      install();
    }
    if (hasTmux()) return undefined;
  }
  return "tmux is not installed (Debian: apt-get install -y tmux)";
}

const ESC = String.fromCharCode(27);
/** A foreground-colour escape (SGR 30–39), and IPython's green of the In prompt. */
const COLOUR = new RegExp(`${ESC}\\[[0-9;]*3[0-9]m`);
const GREEN = new RegExp(`${ESC}\\[[0-9;]*32m`);

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`REPL on a TTY in tmux: completion, history, continuation, Ctrl-C (${RUNTIME})`, async () => {
  const why = (await parsersMissing()) ?? tmuxMissing();
  if (why) {
    console.log(`SKIP tty test: ${why}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "jaxscript-tty-"));
  const history = join(dir, "history");
  const socket = `jaxscript-tty-${process.pid}-${RUNTIME}`;
  const main = join(ROOT, "repl", "main.ts");
  const cmd = RUNTIME === "bun"
    ? [process.execPath, main]
    : [process.execPath, "run", "-A", "--no-lock", main];
  const shell = `cd ${quote(ROOT)} && env NO_COLOR=1 JAXSCRIPT_REPL_NO_LIBRARY=1 ` +
    `JAXSCRIPT_HISTORY=${quote(history)} ${cmd.map(quote).join(" ")} --no-banner; ` +
    `echo REPL-EXITED-$?; sleep 60`;
  const tmux = (...args: string[]) =>
    spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  const screen = () => tmux("capture-pane", "-p", "-t", "repl").stdout ?? "";
  const waitFor = async (re: RegExp, what: string) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (re.test(screen())) return;
      await sleep(50);
    }
    assert.fail(`timed out waiting for ${what} (${re}); screen:\n${screen()}`);
  };
  const keys = (...k: string[]) => tmux("send-keys", "-t", "repl", ...k);
  const type = (text: string) => tmux("send-keys", "-t", "repl", "-l", text);
  try {
    const started = tmux("new-session", "-d", "-s", "repl", "-x", "120", "-y", "50", shell);
    assert.equal(started.status, 0, `tmux failed: ${started.stderr}`);
    await waitFor(/^In \[1\]: ?$/m, "the first prompt");

    type("const jnp = { arange: (n: number) => n * 2, array: 0 }");
    keys("Enter");
    await waitFor(/^In \[2\]: ?$/m, "prompt 2");

    // Completion of an object's property: unique prefix completes in place.
    type("jnp.aran");
    keys("Tab");
    await waitFor(/^In \[2\]: jnp\.arange$/m, "jnp.aran<Tab> completing to jnp.arange");
    type("(21)");
    keys("Enter");
    await waitFor(/^Out\[2\]: 42$/m, "Out[2]: 42");

    // History: Up recalls the previous line.
    await waitFor(/^In \[3\]: ?$/m, "prompt 3");
    keys("Up");
    await waitFor(/^In \[3\]: jnp\.arange\(21\)$/m, "the recalled line");
    keys("Enter");
    await waitFor(/^Out\[3\]: 42$/m, "Out[3]: 42");

    // Continuation prompt while a block is open.
    await waitFor(/^In \[4\]: ?$/m, "prompt 4");
    type("function f() {");
    keys("Enter");
    await waitFor(/^ {3}\.\.\.: ?$/m, "the continuation prompt");
    type("return 7");
    keys("Enter");
    type("}");
    keys("Enter");
    await waitFor(/^In \[5\]: ?$/m, "prompt 5");
    type("f()");
    keys("Enter");
    await waitFor(/^Out\[5\]: 7$/m, "Out[5]: 7");

    // Ctrl-C on a typed line discards it; on a pending await interrupts it.
    await waitFor(/^In \[6\]: ?$/m, "prompt 6");
    type("abc");
    keys("C-c");
    await waitFor(/KeyboardInterrupt\n+In \[6\]: ?$/m, "KeyboardInterrupt and the same prompt");
    type("await new Promise(() => {})");
    keys("Enter");
    await sleep(300);
    keys("C-c");
    await waitFor(/KeyboardInterrupt\n+In \[7\]: ?$/m, "the pending await interrupted");
    type("1+1");
    keys("Enter");
    await waitFor(/^Out\[7\]: 2$/m, "the session still working");

    // Ctrl-C in a synchronous loop: Bun stops it (vm's breakOnSigint, with raw mode off while
    // the cell runs); Deno cannot, so the loop finishes and the key counts at the next prompt.
    await waitFor(/^In \[8\]: ?$/m, "prompt 8");
    if (RUNTIME === "bun") {
      type('let n = 0; console.log("spinning"); while (true) { n++ }');
      keys("Enter");
      await waitFor(/^spinning$/m, "the loop running");
      await sleep(100);
      keys("C-c");
      await waitFor(/KeyboardInterrupt\n+In \[9\]: ?$/m, "the endless loop interrupted");
      type("n > 0");
      keys("Enter");
      await waitFor(/^Out\[9\]: true$/m, "its state kept");
      // Raw mode is back: Up recalls the line instead of typing an escape sequence.
      await waitFor(/^In \[10\]: ?$/m, "prompt 10");
      keys("Up");
      await waitFor(/^In \[10\]: n > 0$/m, "history after the interrupt");
      keys("Enter");
      await waitFor(/^Out\[10\]: true$/m, "Out[10]: true");
    } else {
      type('console.log("spinning"); const t0 = Date.now(); while (Date.now() - t0 < 1500) {}; 3');
      keys("Enter");
      await waitFor(/^spinning$/m, "the loop running");
      keys("C-c");
      await waitFor(
        /^Out\[8\]: 3\n+In \[9\]: ?\nKeyboardInterrupt\n+In \[9\]: ?$/m,
        "the loop run to completion, then Ctrl-C at the prompt",
      );
    }

    // NO_COLOR=1: not a single colour escape on the terminal.
    const raw = tmux("capture-pane", "-e", "-p", "-t", "repl").stdout ?? "";
    assert.ok(!COLOUR.test(raw), `colour despite NO_COLOR:\n${raw}`);

    keys("C-d");
    await waitFor(/REPL-EXITED-0/, "exit status 0 on Ctrl-D");
    const saved = readFileSync(history, "utf8");
    assert.match(saved, /^jnp\.arange\(21\)$/m);
    assert.match(saved, /^return 7$/m);

    // Without NO_COLOR, a TTY gets IPython's coloured prompts. The new session starts before the
    // old one ends: a tmux server exits with its last session, and a new-session racing that
    // exit fails ("server exited unexpectedly").
    const plain = shell.replace("env NO_COLOR=1 ", "env -u NO_COLOR ");
    const colour = tmux("new-session", "-d", "-s", "colour", "-x", "120", "-y", "50", plain);
    assert.equal(colour.status, 0, `tmux failed: ${colour.stderr}`);
    tmux("kill-session", "-t", "repl");
    tmux("rename-session", "-t", "colour", "repl");
    await waitFor(/^In \[1\]: ?$/m, "the coloured session's prompt");
    const coloured = tmux("capture-pane", "-e", "-p", "-t", "repl").stdout ?? "";
    assert.match(coloured, GREEN, "green In prompt");
  } finally {
    tmux("kill-server");
    rmSync(dir, { recursive: true, force: true });
  }
});
