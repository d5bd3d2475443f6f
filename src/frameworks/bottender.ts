/**
 * Bottender: `bottender.config.js` enables `channels.line`; Bottender's own server verifies the signature
 * and runs the handler exported by `index.js` (`async function App(context)`) once per event. It answers
 * before the handler finishes, unless the channel sets `sync: true`.
 */
import { ts, unwrap } from '../project/ast.js';
import { BOTTENDER } from '../platform/libraries.js';
import type { Endpoint, FrameworkAdapter } from './types.js';
import { objectLiteralOf, propertyValue, propertyNode, booleanLiteral, functionOf } from './shared.js';

export const bottenderAdapter: FrameworkAdapter = {
  id: 'bottender',
  mayMatch: (file) => BOTTENDER.configFile.test(file.relative),
  endpoints(file, { project, origins }) {
    const config = origins.exportOf(file.path, 'default');
    const object = config.kind === 'expression' && ts.isObjectLiteralExpression(config.node) ? config.node : undefined;
    const channels = objectLiteralOf(origins, propertyValue(object, 'channels'));
    const line = objectLiteralOf(origins, propertyValue(channels, 'line'));
    if (!line || booleanLiteral(propertyValue(line, 'enabled')) === false) return [];
    const pathValue = propertyValue(line, 'path');
    const route = (pathValue ? origins.staticString(pathValue) : undefined) ?? BOTTENDER.defaultPath;
    const sync = booleanLiteral(propertyValue(line, BOTTENDER.syncOption)) === true;
    // The handler: the package's index.js (what `bottender start` requires).
    const root = file.package?.root ?? project.root;
    let handler;
    for (const entry of BOTTENDER.entryFiles) {
      const entryFile = project.getFile(`${root}/${entry}`);
      if (!entryFile) continue;
      const value = origins.exportOf(entryFile.path, 'default');
      handler = value.kind === 'function' && !ts.isClassLike(value.node) ? value.node : functionOf(origins, value.kind === 'expression' ? unwrap(value.node) : undefined);
      if (handler) break;
    }
    const registration = (propertyNode(channels, 'line') as ts.Node | undefined) ?? line;
    const endpoint: Endpoint = {
      framework: 'bottender',
      registration,
      method: 'POST',
      route,
      chain: [{ node: line, role: { kind: 'verifying-package' } }],
      handler,
      style: 'library',
      answer: sync ? 'settle' : 'library',
      host: 'server',
    };
    return [endpoint];
  },
};
