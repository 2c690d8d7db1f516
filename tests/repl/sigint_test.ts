/**
 * SIGINT (what Ctrl-C sends) while a cell runs a synchronous loop, with piped input and a real
 * signal. On Bun, `vm`'s `breakOnSigint` stops the loop: the REPL prints KeyboardInterrupt and the
 * session goes on with its state. Deno ignores `breakOnSigint` (repl/README.md), so there the
 * loop runs to completion and the signal is handled afterwards, as if it had come at the prompt:
 * piped input then ends the REPL (status 130). A stop inside `jit` skips the library's `finally`
 * blocks, so the REPL warns that the trace state is left open. The terminal case is in
 * tty_test.ts.
 */

import { spawn } from "node:child_process";
import process from "node:process";
import { assert, test } from "../harness.ts";
import { parsersMissing, replCommand, ROOT, RUNTIME } from "./transcript.ts";

/** Starts the REPL on piped input; `until` waits for text on its stdout. */
function startRepl(withLibrary = false) {
  const [cmd, ...args] = replCommand(["--no-banner"]);
  const library = withLibrary ? { JAX_PLATFORMS: "cpu" } : { JAXSCRIPT_REPL_NO_LIBRARY: "1" };
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, JAXSCRIPT_HISTORY: "", ...library },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "", stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal }))
  );
  const until = async (text: string) => {
    const deadline = Date.now() + 30_000;
    while (!stdout.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) {
        assert.fail(`no ${JSON.stringify(text)} in the output:\n${stdout}\nstderr:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, exited, until, output: () => stdout };
}

test(`SIGINT during a synchronous loop (${RUNTIME})`, async () => {
  const missing = await parsersMissing();
  if (missing) {
    console.log(`SKIP sigint test: ${missing}`);
    return;
  }
  const repl = startRepl();
  const killer = setTimeout(() => repl.child.kill("SIGKILL"), 50_000);
  try {
    if (RUNTIME === "bun") {
      repl.child.stdin!.write('let n = 0; console.log("spinning"); while (true) { n++ }\n');
      await repl.until("spinning\n");
      await new Promise((r) => setTimeout(r, 100));
      repl.child.kill("SIGINT");
      await repl.until("KeyboardInterrupt");
      repl.child.stdin!.end("n > 0\n");
      assert.deepEqual(await repl.exited, { code: 0, signal: null }, repl.output());
      assert.match(
        repl.output(),
        /^spinning\nKeyboardInterrupt\n\nIn \[2\]: n > 0\nOut\[2\]: true$/m,
      );
    } else {
      repl.child.stdin!.write(
        'console.log("spinning"); const t0 = Date.now(); while (Date.now() - t0 < 1500) {}; "done"\n',
      );
      await repl.until("spinning\n");
      repl.child.kill("SIGINT");
      // The REPL's SIGINT handler exits with 130; Deno reports that exit as death by SIGINT.
      const { code, signal } = await repl.exited;
      assert.ok(code === 130 || signal === "SIGINT", `exit ${code} ${signal}:\n${repl.output()}`);
      assert.match(repl.output(), /^spinning\nOut\[1\]: 'done'$/m);
    }
  } finally {
    clearTimeout(killer);
    repl.child.kill("SIGKILL");
  }
});

test(`SIGINT inside jit: the REPL discards the open trace and computes on (${RUNTIME})`, async () => {
  const missing = await parsersMissing();
  if (missing || RUNTIME !== "bun") {
    console.log(`SKIP: ${missing ?? "only Bun stops running code on SIGINT (repl/README.md)"}`);
    return;
  }
  const repl = startRepl(true);
  const killer = setTimeout(() => repl.child.kill("SIGKILL"), 50_000);
  try {
    repl.child.stdin!.write('jit((x) => { console.log("spinning"); while (true) {} })(1)\n');
    await repl.until("spinning\n");
    await new Promise((r) => setTimeout(r, 100));
    repl.child.kill("SIGINT");
    await repl.until("KeyboardInterrupt");
    repl.child.stdin!.end("1 + 1\njnp.add(1, 2)\n");
    assert.deepEqual(await repl.exited, { code: 0, signal: null }, repl.output());
    assert.match(
      repl.output(),
      /^KeyboardInterrupt\nThe interrupt stopped a transformation \(jit, vmap, grad, …\) midway; its trace was discarded\.$/m,
    );
    assert.match(repl.output(), /^Out\[2\]: 2$/m);
    // Eager again: a value, not a tracer of the abandoned jit.
    assert.match(repl.output(), /^Out\[3\]: DeviceArray\(3, dtype=int32, weak_type=True\)$/m);
  } finally {
    clearTimeout(killer);
    repl.child.kill("SIGKILL");
  }
});
