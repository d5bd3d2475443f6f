/** The shared HTTP call recogniser: clients, URLs across modules, methods, parameters and headers. */
import { describe, expect, it } from 'vitest';
import { SourceProject } from '../../src/project/project.js';
import { OriginService } from '../../src/project/origin.js';
import { HttpCallIndex, isLineUrl, paramsOf, urlParamsOf, urlPath, patternText, type HttpCall } from '../../src/analysis/http-calls.js';
import { classifyTokenCall } from '../../src/analysis/tokens.js';
import { ts, walk } from '../../src/project/ast.js';

const ROOT = '/virtual/app';
const LINE = new Set(['api.line.me']);

function calls(files: Record<string, string>): { calls: HttpCall[]; origins: OriginService; project: SourceProject } {
  const project = SourceProject.empty(ROOT);
  for (const [name, text] of Object.entries(files)) project.setFileText(`${ROOT}/${name}`, text);
  const origins = new OriginService(project);
  const index = new HttpCallIndex(project, origins);
  return { calls: index.all(), origins, project };
}

function values(origins: OriginService, call: HttpCall): Record<string, string | undefined> {
  const params = paramsOf(origins, call.body);
  return Object.fromEntries([...params.entries].map(([k, v]) => [k, v.text ?? (v.expression ? origins.staticString(v.expression) : undefined)]));
}

describe('HTTP calls', () => {
  it('recognises fetch with a URL constant from another module and a URLSearchParams body', () => {
    const { calls: found, origins } = calls({
      'urls.js': `export const API = 'https://api.line.me';`,
      'token.js': `import { API } from './urls.js';
export const issue = () => fetch(\`\${API}/oauth2/v3/token\`, { method: 'post', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: '1' }) });`,
    });
    expect(found).toHaveLength(1);
    const call = found[0]!;
    expect(call.library).toBe('fetch');
    expect(call.method).toBe('POST');
    expect(isLineUrl(call.url, LINE, '/oauth2/v3/token')).toBe(true);
    expect(values(origins, call)).toEqual({ grant_type: 'client_credentials', client_id: '1' });
    expect(classifyTokenCall(origins, call)).toEqual({ action: 'issue', kind: 'stateless' });
  });

  it('joins an axios instance baseURL with the path and merges instance headers', () => {
    const { calls: found, origins } = calls({
      'api.js': `const axios = require('axios');
const api = axios.create({ baseURL: 'https://api.line.me/', headers: { Authorization: 'Bearer ' + process.env.T } });
module.exports = (code) => api.post('/oauth2/v2.1/token', require('querystring').stringify({ grant_type: 'authorization_code', code }));`,
    });
    const call = found[0]!;
    expect(call.library).toBe('axios');
    expect(urlPath(call.url!)).toBe('/oauth2/v2.1/token');
    expect(call.headers.map((h) => h.name)).toEqual(['authorization']);
    expect(classifyTokenCall(origins, call)?.action).toBe('login');
  });

  it('reads superagent chains, got form bodies and form strings', () => {
    const { calls: found, origins } = calls({
      'a.js': `const request = require('superagent');
const got = require('got');
export const a = () => request.post('https://api.line.me/v2/oauth/revoke').type('form').send({ access_token: 't' }).set('Authorization', 'x');
export const b = () => got.post('https://api.line.me/v2/oauth/accessToken', { form: { grant_type: 'client_credentials' } });
export const c = (id) => fetch('https://api.line.me/v2/oauth/accessToken', { method: 'POST', body: \`grant_type=client_credentials&client_id=\${id}\` });`,
    });
    expect(found.map((c) => c.library)).toEqual(['superagent', 'got', 'fetch']);
    expect(found[0]!.headers[0]!.name).toBe('authorization');
    expect(values(origins, found[0]!)).toEqual({ access_token: 't' });
    expect(classifyTokenCall(origins, found[0]!)?.action).toBe('revoke');
    expect(classifyTokenCall(origins, found[1]!)).toEqual({ action: 'issue', kind: 'short-lived' });
    expect(Object.keys(values(origins, found[2]!))).toEqual(['grant_type', 'client_id']);
  });

  it('builds https.request URLs from options and ignores non-HTTP calls', () => {
    const { calls: found } = calls({
      'n.js': `const https = require('https');
const req = https.request({ hostname: 'api.line.me', path: '/v2/bot/message/push', method: 'POST', headers: { Authorization: 'Bearer x' } });
req.end(JSON.stringify({ to: 'U1' }));
console.log('fetch');`,
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.method).toBe('POST');
    expect(patternText(found[0]!.url!)).toBe('https://api.line.me/v2/bot/message/push');
    expect(found[0]!.body).toBeDefined();
  });

  it('collects query parameters of URL objects with searchParams.set', () => {
    const project = SourceProject.empty(ROOT);
    const file = project.setFileText(
      `${ROOT}/u.js`,
      `const url = new URL('https://access.line.me/oauth2/v2.1/authorize?response_type=code');
url.searchParams.set('state', s);
url.searchParams.append('scope', 'profile');
export const out = url.toString();`,
    );
    const origins = new OriginService(project);
    let out: ts.Expression | undefined;
    walk(file.sourceFile, (node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'out') out = node.initializer;
    });
    const params = urlParamsOf(origins, out!);
    expect([...params.entries.keys()].sort()).toEqual(['response_type', 'scope', 'state']);
    expect(params.complete).toBe(true);
  });
});
