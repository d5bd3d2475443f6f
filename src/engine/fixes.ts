/**
 * Edits shared by every rule's fixes and suggestions. A suggestion that switches to a runtime helper adds
 * the import it needs in the same suggestion, as ESM or CommonJS to match the file.
 */
import { ts } from '../project/ast.js';
import { RUNTIME_MODULE } from '../platform/sdk.js';
import type { TextEdit } from './types.js';

export function replaceNode(node: ts.Node, text: string): TextEdit {
  return { start: node.getStart(), end: node.getEnd(), text };
}

export function insertBefore(node: ts.Node, text: string): TextEdit {
  const start = node.getStart();
  return { start, end: start, text };
}

/** ESM when the file has import/export syntax or is TypeScript/.mjs; CommonJS when it only `require`s. */
export function moduleStyle(sourceFile: ts.SourceFile): 'esm' | 'cjs' {
  const name = sourceFile.fileName;
  if (/\.(cjs|cts)$/.test(name)) return 'cjs';
  if (/\.(mjs|mts)$/.test(name)) return 'esm';
  const hasEsm = sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)));
  if (hasEsm) return 'esm';
  if (/\brequire\s*\(|module\.exports|exports\./.test(sourceFile.text)) return 'cjs';
  return /\.tsx?$/.test(name) ? 'esm' : 'cjs';
}

/** The local name `name` of line-bot-guard/runtime already has in the file, if imported. */
function existingRuntimeBinding(sourceFile: ts.SourceFile, name: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === RUNTIME_MODULE) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        const element = bindings.elements.find((e) => (e.propertyName ?? e.name).text === name);
        if (element) return element.name.text;
      }
    }
  }
  return undefined;
}

/**
 * The edits that make `name` from line-bot-guard/runtime available in the file, and the local name to
 * use. The import goes after the file's last top-level import or require.
 */
export function ensureRuntimeImport(sourceFile: ts.SourceFile, name: string): { edits: TextEdit[]; local: string } {
  const existing = existingRuntimeBinding(sourceFile, name);
  if (existing) return { edits: [], local: existing };
  const style = moduleStyle(sourceFile);
  const line = style === 'esm' ? `import { ${name} } from '${RUNTIME_MODULE}';\n` : `const { ${name} } = require('${RUNTIME_MODULE}');\n`;
  let anchor: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    const isImport = ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement);
    const isRequire = ts.isVariableStatement(statement) && /\brequire\s*\(/.test(statement.getText(sourceFile)) && statement.declarationList.declarations.length === 1;
    if (isImport || isRequire) anchor = statement;
    else if (anchor) break;
  }
  if (anchor) {
    const end = anchor.getEnd();
    return { edits: [{ start: end, end, text: '\n' + line.trimEnd() }], local: name };
  }
  // No imports: after a leading 'use strict' / shebang, else at the top.
  const first = sourceFile.statements[0];
  const start = first ? first.getStart(sourceFile) : 0;
  return { edits: [{ start, end: start, text: line }], local: name };
}
