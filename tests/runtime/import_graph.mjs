// The library's import graph, read statically with the TypeScript parser: every module reachable
// from mod.ts and every specifier each one uses. A library file may import only relative `.ts`
// paths that exist and `node:` built-ins — the one kind of graph that loads unchanged by URL
// (`deno run https://…/mod.ts`), from JSR, under Bun and, after tsc rewrites `.ts` to `.js`, under
// Node. A bare name needs an import map or package.json the importer does not have; `jsr:`/`npm:`
// tie the code to Deno; a path without `.ts` is a 404 over HTTP.
//
// Used by url_import.mjs, which also loads the graph over HTTP; this pass names the offending
// line, where a failing `deno run` only names the first module it could not load.

import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import ts from "typescript";

/**
 * Walks the graph from `entry` (an absolute path); returns `{ files, problems }`: the files
 * reached (absolute paths) and one `file:line: message` string per violation.
 */
export function scanImportGraph(entry) {
  const root = dirname(entry);
  const files = [];
  const problems = [];
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const where = (node) =>
      `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;

    const use = (spec, node) => {
      if (spec.startsWith("node:")) return;
      if (!spec.startsWith("./") && !spec.startsWith("../")) {
        const scheme = /^[a-z]+:/.test(spec) ? `"${spec.split(":")[0]}:"` : "bare";
        problems.push(`${where(node)}: imports a ${scheme} specifier "${spec}"`);
        return;
      }
      if (!spec.endsWith(".ts")) {
        problems.push(`${where(node)}: imports "${spec}" without the .ts extension`);
        return;
      }
      const target = resolve(dirname(file), spec);
      if (!existsSync(target)) {
        problems.push(`${where(node)}: imports "${spec}", which does not exist`);
        return;
      }
      if (relative(root, target).startsWith("..")) {
        problems.push(`${where(node)}: imports "${spec}", outside the package`);
        return;
      }
      queue.push(target);
    };

    for (const ref of sf.typeReferenceDirectives) {
      problems.push(`${relative(root, file)}: /// <reference types="${ref.fileName}"> is bare`);
    }
    for (const ref of sf.libReferenceDirectives) {
      if (ref.fileName.startsWith("deno")) {
        problems.push(`${relative(root, file)}: /// <reference lib="${ref.fileName}"> is Deno's`);
      }
    }

    const visit = (node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        use(node.moduleSpecifier.text, node);
      } else if (
        ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
      ) {
        problems.push(`${where(node)}: uses import = require()`);
      } else if (ts.isImportTypeNode(node)) {
        const arg = node.argument;
        if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) {
          use(arg.literal.text, node);
        }
      } else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (callee.kind === ts.SyntaxKind.ImportKeyword) {
          const arg = node.arguments[0];
          if (arg && ts.isStringLiteralLike(arg)) use(arg.text, node);
          // A computed specifier cannot be checked here, nor rewritten by tsc for Node, nor
          // analysed by `deno publish`.
          else problems.push(`${where(node)}: dynamic import() of a computed specifier`);
        } else if (ts.isIdentifier(callee) && callee.text === "require") {
          problems.push(`${where(node)}: calls require()`);
        }
      } else if (
        ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) &&
        (node.expression.text === "Deno" || node.expression.text === "Bun")
      ) {
        // Runtime namespaces do not exist on the other runtimes (a ReferenceError there).
        problems.push(`${where(node)}: uses ${node.expression.text}.${node.name.text}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { files, problems };
}
