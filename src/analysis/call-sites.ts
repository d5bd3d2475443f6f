/**
 * Who calls a project function: `OriginService.callSitesOf`, plus `new C(...)` for a constructor and calls
 * of a class method through an injected service or an instance (`this.loginService.exchange(code)`), found
 * with `calledFunction` from ./calls.ts in the class's own file and the files that import it.
 */
import { ts, walk, calleeName, propertyNameText, type FunctionLike } from '../project/ast.js';
import type { OriginService } from '../project/origin.js';
import { calledFunction } from './calls.js';

type Sites = readonly (ts.CallExpression | ts.NewExpression)[];
/** One cache per OriginService (a new one is made whenever the project's text changes). */
const caches = new WeakMap<OriginService, WeakMap<FunctionLike, Sites>>();

export function callSitesOfFunction(origins: OriginService, fn: FunctionLike): Sites {
  let cache = caches.get(origins);
  if (!cache) caches.set(origins, (cache = new WeakMap()));
  const cached = cache.get(fn);
  if (cached) return cached;
  let sites: (ts.CallExpression | ts.NewExpression)[];
  if (ts.isConstructorDeclaration(fn)) {
    sites = ts.isClassDeclaration(fn.parent) ? [...origins.callSitesOf(fn.parent)] : [];
  } else {
    sites = [...origins.callSitesOf(fn)];
    if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
      const name = propertyNameText(fn.name);
      const className = fn.parent.name?.text;
      const own = fn.getSourceFile();
      const project = origins.project;
      const files = [own.fileName, ...project.importersOf(own.fileName)];
      for (const fileName of files) {
        const file = project.getFile(fileName);
        if (!file || !name || !file.text.includes(name) || (fileName !== own.fileName && className && !file.text.includes(className))) continue;
        walk(file.sourceFile, (node) => {
          if (ts.isCallExpression(node) && calleeName(node) === name && !sites.includes(node) && calledFunction(origins, node) === fn) sites.push(node);
        });
      }
    }
  }
  cache.set(fn, sites);
  return sites;
}
