/**
 * Unit tests of the REPL's parts: the cell rewrite (persistence, imports, result box, line
 * numbers), incompleteness, magic option parsing, "did you mean", completion of properties
 * (a module namespace, as `jnp` is), error formatting and the transcript normaliser.
 */

import vm from "node:vm";
import { assert, test } from "../harness.ts";
import { loadDeps } from "../../repl/deps.ts";
import {
  compileCell,
  compileFunction,
  compileTimedCell,
  isIncomplete,
} from "../../repl/transform.ts";
import { closeMatches, parseOptions } from "../../repl/magics.ts";
import { complete } from "../../repl/completion.ts";
import { formatError } from "../../repl/printing.ts";
import { normalise, parsersMissing } from "./transcript.ts";
import * as fixture from "./fixtures/util.ts";

const missing = await parsersMissing();
if (missing) console.log(`SKIP the REPL's parser-based unit tests: ${missing}`);
const deps = missing ? undefined! : await loadDeps();

/** Registers a test that needs the parsers; without them it passes empty (reason printed above). */
function parserTest(name: string, fn: () => void | Promise<void>): void {
  test(name, missing ? () => {} : fn);
}
const g = globalThis as Record<string, unknown>;

/** Runs a cell; resolves to its result box (`{ v }`, or undefined without a result). */
async function box(src: string, file = "In [1]"): Promise<{ v: unknown } | undefined> {
  return await vm.runInThisContext(compileCell(deps, src).code, { filename: file });
}

async function run(src: string): Promise<unknown> {
  return (await box(src))?.v;
}

parserTest("cells: declarations persist as globals and may be redeclared", async () => {
  await run("const uA: number = 1; let uB = 2");
  assert.equal(await run("uA + uB"), 3);
  await run("const uA = 'again'");
  assert.equal(g.uA, "again");
  await run(
    "function uF(x: number) { return x + uA }\nclass UC { constructor(public v: number) {} }",
  );
  assert.equal(await run("uF(1) + new UC(2).v"), "1again2");
  for (const k of ["uA", "uB", "uF", "UC"]) delete g[k];
});

parserTest("cells: a promise result is shown, not awaited; await works at top level", async () => {
  const p = (await box("Promise.resolve(1)"))?.v;
  assert.ok(p instanceof Promise);
  assert.equal(await run("await Promise.resolve(2)"), 2);
  assert.deepEqual(await run("{ a: 1 }"), { a: 1 });
  assert.equal(await box("{ const local = 1 }"), undefined);
});

parserTest("cells: rewrites keep the user's line numbers", () => {
  const src =
    "import {\n  a,\n  b\n} from './x.ts'\nconst y = 1,\n  z = 2\nthrow new Error('line 7')";
  const code = compileCell(deps, src).code;
  assert.equal(code.split("\n")[6].includes("throw new Error('line 7')"), true, code);
});

parserTest("cells: declared names and the await flag", () => {
  const c = compileCell(
    deps,
    "const { a, b: [c] } = o\nimport d, * as ns from 'm'\nfunction f() {}",
  );
  assert.deepEqual(c.declared.sort(), ["a", "c", "d", "f", "ns"]);
  assert.equal(c.hasAwait, true);
  assert.equal(compileCell(deps, "x + 1").hasAwait, false);
  assert.equal(compileCell(deps, "async function h() { await 1 }").hasAwait, false);
});

parserTest("timed statements compile to a function returning the last expression", () => {
  const f = vm.runInThisContext(compileFunction(deps, "const q = 20\nq + 1").code) as () => number;
  assert.equal(f(), 21);
  assert.equal(compileFunction(deps, "await 1").hasAwait, true);
});

parserTest("%%timeit cells: every setup run gives the body a fresh scope", async () => {
  const c = compileTimedCell(deps, "const xs: number[] = [1, 2]", "xs.pop()");
  assert.equal(c.hasAwait, false);
  assert.equal(c.bodyAsync, false);
  let body: (() => unknown) | undefined;
  const factory = vm.runInThisContext(c.code) as (use: (b: () => unknown) => void) => () => void;
  const setup = factory((b) => (body = b));
  setup();
  assert.deepEqual([body!(), body!(), body!()], [2, 1, undefined]);
  setup();
  assert.equal(body!(), 2);
  const a = compileTimedCell(deps, "const y = await Promise.resolve(3)", "await y");
  assert.deepEqual([a.hasAwait, a.bodyAsync], [true, true]);
  const asyncSetup = (vm.runInThisContext(a.code) as typeof factory)((b) => (body = b));
  await asyncSetup();
  assert.equal(await body!(), 3);
  // The body starts on line 2, as in the cell (the setup is the `%%timeit` line).
  assert.equal(
    compileTimedCell(deps, "1", "throw 2").code.split("\n")[1].includes("throw 2"),
    true,
  );
});

parserTest("incomplete input continues, complete or broken input does not", () => {
  for (const s of ["foo(", "function f() {", "`abc", "/* x", "if (x) {\n", "a.b."]) {
    assert.equal(isIncomplete(deps.sucrase, s), true, s);
  }
  for (const s of ["foo()", "const x = 1", ")", "let s = 'abc"]) {
    assert.equal(isIncomplete(deps.sucrase, s), false, s);
  }
});

test("magic options: getopt style, statement kept verbatim", () => {
  assert.deepEqual(parseOptions("-n10 -r 3 -qo f(x, -1)", "n:r:p:qo"), {
    opts: { n: "10", r: "3", q: true, o: true },
    rest: "f(x, -1)",
  });
  assert.deepEqual(parseOptions("-1 + x", "n:"), { opts: {}, rest: "-1 + x" });
  assert.throws(() => parseOptions("-z f()", "n:"), /option -z not recognized/);
  assert.deepEqual(closeMatches("timit", ["timeit", "time", "who", "whos"]), ["timeit", "time"]);
});

test("completion: properties of a module namespace (jnp.ara<Tab>), globals, magics", () => {
  g.jnpFixture = fixture;
  try {
    assert.deepEqual(complete("jnpFixture.dou", [], "."), [
      ["jnpFixture.double"],
      "jnpFixture.dou",
    ]);
    const [all] = complete("jnpFixture.", [], ".");
    assert.deepEqual(all, ["jnpFixture.VERSION", "jnpFixture.double"]);
    assert.deepEqual(complete("x = jnpFixture", [], ".")[0], ["jnpFixture"]);
  } finally {
    delete g.jnpFixture;
  }
  assert.deepEqual(complete("%tim", ["timeit", "time", "who"], "."), [
    ["%time", "%timeit"],
    "%tim",
  ]);
  assert.deepEqual(complete("[1].fla", [], ".")[0], []); // only dotted names, nothing evaluated
});

test("errors: Python's last line, then only the user's frames", () => {
  const err = new TypeError("dot_general requires contracting dimensions to have the same shape");
  err.stack = [
    "TypeError: dot_general requires …",
    "    at dotGeneral (file:///repo/src/lax/dot.ts:10:5)",
    "    at layer (In [7]:1:20)",
    "    at In [8]:1:15",
    "    at In [8]:2:3",
    "    at Engine.evaluate (file:///repo/repl/engine.ts:120:29)",
  ].join("\n");
  const style = {
    color: false,
    verbose: false,
    sources: new Map([["In [7]", "const layer = (x) => f(x)"], ["In [8]", "layer(1)"]]),
    internal: ["/repo/src/", "/repo/repl/"],
  };
  assert.equal(
    formatError(err, style),
    "TypeError: dot_general requires contracting dimensions to have the same shape\n" +
      "    at layer (In [7]:1)\n    at In [8]:1",
  );
  assert.equal(formatError(err, { ...style, verbose: true }).split("\n").length, 6);
});

test("transcript normaliser hides timings only", () => {
  assert.equal(
    normalise("8.86 µs ± 102 ns per loop (mean ± std. dev. of 7 runs, 100,000 loops each)"),
    "<t> ± <t> per loop (mean ± std. dev. of 7 runs, 100,000 loops each)",
  );
  assert.equal(
    normalise("Wall time: 1min 2s\nOut[1]: 0x7f00aa"),
    "Wall time: <t>\nOut[1]: 0x<addr>",
  );
});
