import { defineRule } from '../src/engine/rule.js';
import { enclosingFunction } from '../src/project/ast.js';
import { guidelineRef } from '../src/platform/guideline.js';
import { sharedHttpCalls } from '../src/analysis/http-calls.js';
import { LoginAnalysis, sharedLoginAnalysis } from '../src/analysis/login.js';

/** Keys that name a LINE user id outright. */
const LINE_USER_ID_KEY = /^(line_?(user_?)?id|lineUserId|line_?uid|lineUid)$/i;
/** Generic keys that are a LINE user id when the client sends one there from LIFF, or in account-linking code. */
const GENERIC_USER_ID_KEY = /^(user_?id|userId|uid)$/i;
const LINKING_CODE = /link|liff|member|account|bind|register|connect|login|signin|sign_in/i;

export default defineRule({
  meta: {
    id: 'no-client-supplied-user-id',
    description: 'Disallow trusting a LINE user ID sent by the client without verifying an ID token or access token',
    category: 'security',
    recommended: 'error',
    guideline: guidelineRef('login-id-linking'),
    auditItems: ['login-id-linking', 'liff'],
    precision: 'medium',
    securitySeverity: 8.1,
    tags: ['security', 'external/cwe/cwe-639', 'external/cwe/cwe-290'],
    runtimeHelper: 'verifyIdToken',
    messages: {
      clientUserId:
        'This LINE user id comes from the request ({{source}}) and is used as the caller\'s identity without verifying an ID token or access token, so anyone can act as any LINE user. Send the ID token (liff.getIDToken()) instead and take the user id from the verified token (verifyIdToken from line-bot-guard/runtime).',
    },
  },
  textHint: /user_?id|lineId|line_?uid|\buid\b/i,
  check({ file, facts, report }) {
    if (!/user_?id|lineId|line_?uid|\buid\b/i.test(file.text)) return;
    const login = sharedLoginAnalysis(facts, sharedHttpCalls(facts));
    const linePackage = LoginAnalysis.isLinePackage(file.package);
    const linkingFile = LINKING_CODE.test(file.relative) || LINKING_CODE.test(file.text);
    const isLineUserIdKey = (key: string): boolean => {
      if (LINE_USER_ID_KEY.test(key)) return true;
      if (!GENERIC_USER_ID_KEY.test(key)) return false;
      return login.liffSentKeys().has(key) || (linePackage && linkingFile);
    };
    for (const read of login.userIdReadsIn(file, isLineUserIdKey)) {
      const fn = enclosingFunction(read);
      if (fn && login.verifiesToken(fn)) continue;
      const source = /params/.test(read.getText()) ? 'route params' : /query|searchParams/.test(read.getText()) ? 'query' : /header/i.test(read.getText()) ? 'headers' : 'body';
      report({ node: read, messageId: 'clientUserId', data: { source } });
    }
  },
});
