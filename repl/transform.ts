/**
 * From a cell of TypeScript to a script `vm.runInThisContext` can run with REPL semantics.
 *
 * 1. sucrase strips the types (`keepUnusedImports`: an import used only by a later cell must
 *    survive) and keeps the line structure, so stack traces point at the user's lines.
 * 2. acorn parses the result; top-level declarations are rewritten in place into assignments to
 *    globals (`const x = 1` → `;(x = 1);`), so they outlive the cell and can be redeclared, as in
 *    `deno repl`. Function declarations stay hoisted and are copied to globals in a prologue.
 * 3. `import` declarations become `await __repl__.import(spec)` destructurings and `import()`
 *    calls `__repl__.import(...)`: evaluated code's own `import()` would resolve against the
 *    REPL's module, not the user's directory.
 * 4. The cell is wrapped in an async arrow (top-level await) that returns `{ v: lastExpression }`
 *    — boxed, so a promise typed at the prompt is shown, not awaited.
 *
 * Every rewrite keeps newlines, and the wrapper sits on line 1, so line numbers are the user's.
 */

import type { Acorn, Node, Sucrase } from "./deps.ts";

/** The global through which rewritten code reaches the REPL (imports, `import.meta`). */
export const HOOK = "__repl__";

/** A syntax error in a cell, positioned in the user's source. */
export class CellSyntaxError extends SyntaxError {
  override name = "SyntaxError";
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

/** The result of compiling a cell. */
export interface Compiled {
  /** Script text for `vm.runInThisContext`. */
  code: string;
  /** Names the cell declares at top level (they become globals in cell mode). */
  declared: string[];
  /** Whether the code awaits at top level (or imports), so needs an async wrapper. */
  hasAwait: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const SUCRASE_OPTS = {
  transforms: ["typescript"],
  keepUnusedImports: true,
  disableESTransforms: true,
};
const ACORN_OPTS = {
  ecmaVersion: "latest",
  sourceType: "module",
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: false,
  allowHashBang: true,
  // Keeps `({ a: 1 })`'s parentheses in the expression's range, where the result box goes.
  preserveParens: true,
};

function lineCol(src: string, pos: number): [number, number] {
  const before = src.slice(0, Math.max(0, pos));
  const line = before.split("\n").length;
  return [line, pos - (before.lastIndexOf("\n") + 1)];
}

function syntaxError(e: unknown, src: string): CellSyntaxError {
  const err = e as { message: string; pos?: number };
  const message = err.message.replace(/ \(\d+:\d+\)$/, "");
  const [line, col] = lineCol(src, err.pos ?? 0);
  return new CellSyntaxError(message, line, col);
}

/**
 * Whether `src` is an unfinished statement that more lines may complete: a parse error at the
 * very end of the input, or an unterminated template literal or comment (those may span lines;
 * an unterminated '…' string may not, so it is an error).
 */
export function isIncomplete(sucrase: Sucrase, src: string): boolean {
  try {
    sucrase.transform(src, SUCRASE_OPTS);
    return false;
  } catch (e) {
    const err = e as { message?: string; pos?: number };
    const msg = String(err.message ?? "");
    if (/^Unterminated (template|comment)/.test(msg)) return true;
    if (/^Unexpectedly reached the end of input/.test(msg)) return true;
    return typeof err.pos === "number" && err.pos >= src.trimEnd().length;
  }
}

/** Types stripped; an input that is an object literal `{ a: 1 }` is read as one (as Node does). */
function stripTypes(sucrase: Sucrase, acorn: Acorn, src: string): string {
  if (/^\s*\{/.test(src) && /\}\s*;?\s*$/.test(src)) {
    try {
      const js = sucrase.transform(`(${src.replace(/;\s*$/, "")})`, SUCRASE_OPTS).code;
      const ast = acorn.parse(js, ACORN_OPTS);
      if (ast.body.length === 1 && ast.body[0].type === "ExpressionStatement") return js;
    } catch { /* not an object literal: a block */ }
  }
  try {
    return sucrase.transform(src, SUCRASE_OPTS).code;
  } catch (e) {
    throw syntaxError(e, src);
  }
}

/** Calls `fn` on every node under `node`; `enterFunctions` false stops at function bodies. */
function walk(node: Node, fn: (n: Node) => void, enterFunctions = true): void {
  fn(node);
  for (const key of Object.keys(node)) {
    if (key === "type" || key === "start" || key === "end") continue;
    const v = node[key];
    const children = Array.isArray(v) ? v : [v];
    for (const c of children) {
      if (!c || typeof c !== "object" || typeof c.type !== "string") continue;
      const isFn = c.type === "FunctionDeclaration" || c.type === "FunctionExpression" ||
        c.type === "ArrowFunctionExpression";
      if (isFn && !enterFunctions) continue;
      walk(c, fn, enterFunctions);
    }
  }
}

/** The identifiers a binding pattern binds. */
function patternNames(p: Node, out: string[]): void {
  switch (p.type) {
    case "Identifier":
      out.push(p.name);
      break;
    case "ObjectPattern":
      for (const prop of p.properties) {
        patternNames(prop.type === "RestElement" ? prop : prop.value, out);
      }
      break;
    case "ArrayPattern":
      for (const el of p.elements) if (el) patternNames(el, out);
      break;
    case "RestElement":
      patternNames(p.argument, out);
      break;
    case "AssignmentPattern":
      patternNames(p.left, out);
      break;
  }
}

/** `text`, padded with the newlines of the source it replaces, so later lines keep their numbers. */
function keepLines(js: string, start: number, end: number, text: string): string {
  const n = (js.slice(start, end).match(/\n/g) ?? []).length;
  return text + "\n".repeat(n);
}

function importText(node: Node, js: string, local: boolean): string {
  const spec = js.slice(node.source.start, node.source.end);
  const attrs = node.attributes?.length
    ? `, { with: { ${
      node.attributes.map((a: Node) =>
        `${js.slice(a.key.start, a.key.end)}: ${js.slice(a.value.start, a.value.end)}`
      )
        .join(", ")
    } } }`
    : "";
  const call = `await ${HOOK}.import(${spec}${attrs})`;
  const named: string[] = [];
  let ns: string | undefined;
  for (const s of node.specifiers) {
    if (s.type === "ImportNamespaceSpecifier") ns = s.local.name;
    else if (s.type === "ImportDefaultSpecifier") named.push(`default: ${s.local.name}`);
    else {
      const imported = s.imported.type === "Literal"
        ? JSON.stringify(s.imported.value)
        : s.imported.name;
      named.push(imported === s.local.name ? imported : `${imported}: ${s.local.name}`);
    }
  }
  const decl = local ? "const " : "";
  if (ns && named.length) {
    return `;${decl}${ns} = ${call}; ${local ? "const " : ";("}{ ${named.join(", ")} } = ${ns}${
      local ? "" : ")"
    };`;
  }
  if (ns) return `;${decl}${ns} = ${call};`;
  if (named.length) {
    return local
      ? `;const { ${named.join(", ")} } = ${call};`
      : `;({ ${named.join(", ")} } = ${call});`;
  }
  return `;${call};`;
}

/** Rewrites one top-level statement (cell mode) into edits; returns the names it declares. */
function rewriteTopLevel(node: Node, js: string, edits: Edit[], prologue: string[]): string[] {
  const names: string[] = [];
  switch (node.type) {
    case "VariableDeclaration": {
      const ds: Node[] = node.declarations;
      edits.push({
        start: node.start,
        end: ds[0].start,
        text: keepLines(js, node.start, ds[0].start, ";("),
      });
      ds.forEach((d, i) => {
        patternNames(d.id, names);
        // `let x` is a fresh undefined; `var x` keeps an existing value, as JS does.
        const init = d.init
          ? ""
          : ` = ${node.kind === "var" ? `globalThis[${JSON.stringify(d.id.name)}]` : "undefined"}`;
        const next = ds[i + 1];
        const end = next ? next.start : node.end;
        edits.push({
          start: d.end,
          end,
          text: keepLines(js, d.end, end, init + (next ? "), (" : ");")),
        });
      });
      break;
    }
    case "FunctionDeclaration":
      // Left in place so it stays hoisted within the cell; the prologue publishes it.
      names.push(node.id.name);
      prologue.push(`globalThis[${JSON.stringify(node.id.name)}] = ${node.id.name};`);
      break;
    case "ClassDeclaration":
      names.push(node.id.name);
      edits.push({ start: node.start, end: node.start, text: `;${node.id.name} = ` });
      edits.push({ start: node.end, end: node.end, text: ";" });
      break;
    case "ImportDeclaration":
      for (const s of node.specifiers) names.push(s.local.name);
      edits.push({
        start: node.start,
        end: node.end,
        text: keepLines(js, node.start, node.end, importText(node, js, false)),
      });
      break;
  }
  return names;
}

/** Strips `export` from a top-level statement; returns the statement to process next. */
function unexport(node: Node, js: string, edits: Edit[]): Node | null {
  if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration") {
    const decl: Node | null = node.declaration;
    if (!decl) {
      edits.push({
        start: node.start,
        end: node.end,
        text: keepLines(js, node.start, node.end, ""),
      });
      return null;
    }
    const anonymous = /^(Function|Class)Declaration$/.test(decl.type) && !decl.id;
    edits.push({ start: node.start, end: decl.start, text: anonymous ? ";(" : "" });
    if (anonymous) edits.push({ start: decl.end, end: decl.end, text: ");" });
    if (anonymous || !/Declaration$/.test(decl.type)) {
      // An anonymous default export is already parenthesised: not a candidate for the result.
      const directive = anonymous ? "export" : undefined;
      return {
        type: "ExpressionStatement",
        start: decl.start,
        end: decl.end,
        expression: decl,
        directive,
      };
    }
    return decl;
  }
  if (node.type === "ExportAllDeclaration") {
    edits.push({ start: node.start, end: node.end, text: keepLines(js, node.start, node.end, "") });
    return null;
  }
  return node;
}

function applyEdits(js: string, edits: Edit[]): string {
  // From the end backwards; at one position the replacement goes first, then insertions, so an
  // insertion lands before the text replaced there.
  edits.sort((a, b) => b.start - a.start || (b.end - b.start) - (a.end - a.start));
  let out = js;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** How a compiled body ends: the last expression boxed (cells), returned (functions) or dropped. */
type Result = "box" | "return" | "none";

function compileBody(
  deps: { sucrase: Sucrase; acorn: Acorn },
  src: string,
  global: boolean,
  result: Result,
): { code: string; declared: string[]; hasAwait: boolean; prologue: string } {
  const js = stripTypes(deps.sucrase, deps.acorn, src);
  let ast: Node;
  try {
    ast = deps.acorn.parse(js, ACORN_OPTS);
  } catch (e) {
    throw syntaxError(e, js);
  }
  const edits: Edit[] = [];
  const prologue: string[] = [];
  const declared: string[] = [];
  let hasAwait = false;
  walk(ast, (n) => {
    if (n.type === "ImportExpression") {
      edits.push({ start: n.start, end: n.start + "import".length, text: `${HOOK}.import` });
    } else if (n.type === "MetaProperty" && n.meta.name === "import") {
      edits.push({ start: n.start, end: n.end, text: `${HOOK}.meta` });
    }
  });
  walk(ast, (n) => {
    if (n.type === "AwaitExpression" || (n.type === "ForOfStatement" && n.await)) hasAwait = true;
  }, false);
  const body: Node[] = ast.body;
  body.forEach((stmt, i) => {
    let node = unexport(stmt, js, edits);
    if (!node) return;
    if (node.type === "ImportDeclaration") hasAwait = true;
    if (global) declared.push(...rewriteTopLevel(node, js, edits, prologue));
    else if (node.type === "ImportDeclaration") {
      edits.push({
        start: node.start,
        end: node.end,
        text: keepLines(js, node.start, node.end, importText(node, js, true)),
      });
    }
    if (
      i === body.length - 1 && node.type === "ExpressionStatement" && node.directive !== "export" &&
      result !== "none"
    ) {
      node = node.expression as Node;
      const open = result === "box" ? "return { v: (" : "return (";
      edits.push({ start: node.start, end: node.start, text: open });
      edits.push({ start: node.end, end: node.end, text: result === "box" ? ") };" : ");" });
    }
  });
  return { code: applyEdits(js, edits), declared, hasAwait, prologue: prologue.join(" ") };
}

/**
 * Compiles a cell: declarations become globals, the script evaluates to a promise of
 * `{ v: value }` (or `undefined` when the cell does not end in an expression).
 */
export function compileCell(deps: { sucrase: Sucrase; acorn: Acorn }, src: string): Compiled {
  const { code, declared, hasAwait, prologue } = compileBody(deps, src, true, "box");
  const head = `(async () => {${prologue}`;
  return { code: `${head}${code}\n})()`, declared, hasAwait };
}

/**
 * Compiles a statement into a function expression for timing (`%timeit`): declarations stay
 * local, the last expression is returned, `async` only when the code awaits.
 */
export function compileFunction(deps: { sucrase: Sucrase; acorn: Acorn }, src: string): Compiled {
  const { code, hasAwait } = compileBody(deps, src, false, "return");
  const head = `(${hasAwait ? "async " : ""}function () {`;
  return { code: `${head}${code}\n})`, declared: [], hasAwait };
}

/**
 * `%%timeit`'s setup and body as a factory for `timeit`'s `setup` option: called with a
 * callback, it returns the setup function, and each call of that hands a fresh body function to
 * the callback:
 *
 *     (function (useBody) { return function () { SETUP; useBody(function () { BODY }) }; })
 *
 * As IPython puts the setup inside its timed function, ahead of the clock, each timing run gets
 * its own run of the setup: a fresh scope whose locals the body sees, made before the clock
 * starts. The setup function is async when the setup awaits, the body when it awaits
 * (`bodyAsync`). Both stay anonymous, so stack frames read `In [n]:line`; the setup's line is
 * line 1 and the body starts on line 2, as in the cell.
 */
export function compileTimedCell(
  deps: { sucrase: Sucrase; acorn: Acorn },
  setup: string,
  body: string,
): Compiled & { bodyAsync: boolean } {
  const s = compileBody(deps, setup, false, "none");
  const b = compileBody(deps, body, false, "return");
  const code = `(function (useBody) { return ${s.hasAwait ? "async " : ""}function () {` +
    `${s.code}\nuseBody(${b.hasAwait ? "async " : ""}function () {${b.code}\n});\n}; })`;
  return { code, declared: [], hasAwait: s.hasAwait, bodyAsync: b.hasAwait };
}

/** Parses `src` (TypeScript) as one expression; returns its JS and AST (for `%jaxpr f(x)`). */
export function parseExpression(
  deps: { sucrase: Sucrase; acorn: Acorn },
  src: string,
): { js: string; node: Node } {
  const js = stripTypes(deps.sucrase, deps.acorn, `(${src}\n)`);
  let ast: Node;
  try {
    ast = deps.acorn.parse(js, ACORN_OPTS);
  } catch (e) {
    throw syntaxError(e, js);
  }
  if (ast.body.length !== 1 || ast.body[0].type !== "ExpressionStatement") {
    throw new CellSyntaxError("expected an expression", 1, 0);
  }
  let node: Node = ast.body[0].expression;
  while (node.type === "ParenthesizedExpression") node = node.expression;
  return { js, node };
}
