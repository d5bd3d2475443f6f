/** RuleTester cases for require-https-urls, through the ESLint plugin. */
import path from 'node:path';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const v7 = tempPackage('^7.7.0');
const at = (name: string, base = dir) => path.join(base, 'src', name);

const CLIENT = `import { messagingApi } from '@line/bot-sdk';
const client = new messagingApi.MessagingApiClient({ channelAccessToken: process.env.LINE_TOKEN! });
`;

const IMAGE = `${CLIENT}export const map = (replyToken: string, host: string) =>
  client.replyMessage({
    replyToken,
    messages: [{ type: 'image', originalContentUrl: \`http://\${host}/map.png\`, previewImageUrl: \`https://\${host}/map-s.png\` }],
  });`;

const FLEX = `${CLIENT}const CDN = 'http://cdn.example.com';
function bubble(photo: string): messagingApi.FlexBubble {
  return {
    type: 'bubble',
    hero: { type: 'image', url: \`\${CDN}/\${photo}\`, size: 'full' },
    body: { type: 'box', layout: 'vertical', contents: [{ type: 'icon', url: '//cdn.example.com/star.png' }] },
  };
}
export const rooms = (replyToken: string) =>
  client.replyMessage({ replyToken, messages: [{ type: 'flex', altText: 'Rooms', contents: { type: 'carousel', contents: [bubble('a.jpg')] } }] });`;

const QUICK_REPLY = `${CLIENT}export const ask = (replyToken: string) =>
  client.replyMessage({
    replyToken,
    messages: [
      {
        type: 'text',
        text: 'Pick one',
        sender: { name: 'Chef', iconUrl: 'http://cdn.example.com/chef.png' },
        quickReply: { items: [{ type: 'action', imageUrl: 'http://cdn.example.com/yes.png', action: { type: 'message', label: 'Yes', text: 'yes' } }] },
      },
    ],
  });`;

const HELPER = `${CLIENT}const photo = (url: string) => ({ type: 'image' as const, originalContentUrl: url, previewImageUrl: url });
export const send = (replyToken: string) => client.replyMessage({ replyToken, messages: [photo('http://cdn.example.com/p.jpg')] });`;

const WEBHOOK = `${CLIENT}export const register = (domain: string) => client.setWebhookEndpoint({ endpoint: \`http://\${domain}/webhook\` });`;

const RAW_WEBHOOK = `export const register = (domain) =>
  fetch('https://api.line.me/v2/bot/channel/webhook/endpoint', {
    method: 'PUT',
    headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` },
    body: JSON.stringify({ endpoint: \`http://\${domain}/callback\` }),
  });`;

const API = `const LINE_API = 'http://api.line.me/v2/bot';
export const profile = (id) => fetch(\`\${LINE_API}/profile/\${id}\`, { headers: { Authorization: \`Bearer \${process.env.LINE_TOKEN}\` } });`;

const LEGACY = `const line = require('@line/bot-sdk');
const client = new line.Client({ channelAccessToken: process.env.LINE_TOKEN });
module.exports = { register: () => client.setWebhookEndpointUrl('http://bot.example.com/webhook') };`;

ruleTester.run('require-https-urls', plugin.rules['require-https-urls']!, {
  valid: [
    {
      filename: at('https.ts'),
      code: `${CLIENT}export const map = (replyToken: string, host: string) =>
  client.replyMessage({ replyToken, messages: [{ type: 'image', originalContentUrl: \`https://\${host}/map.png\`, previewImageUrl: \`https://\${host}/s.png\` }] });`,
    },
    {
      // From configuration: not guessed.
      filename: at('config.ts'),
      code: `${CLIENT}const base = process.env.IMAGE_BASE_URL!;
export const map = (replyToken: string) =>
  client.replyMessage({ replyToken, messages: [{ type: 'image', originalContentUrl: \`\${base}/map.png\`, previewImageUrl: \`\${base}/s.png\` }] });`,
    },
    {
      // URI actions may be http.
      filename: at('uri-action.ts'),
      code: `${CLIENT}export const site = (replyToken: string) =>
  client.replyMessage({
    replyToken,
    messages: [{ type: 'template', altText: 'Site', template: { type: 'buttons', text: 'Visit', actions: [{ type: 'uri', label: 'Open', uri: 'http://example.com' }] } }],
  });`,
    },
    {
      // Not a message.
      filename: at('not-line.ts'),
      code: `export const card = { title: 'Hi', imageUrl: 'http://cdn.example.com/a.png' };`,
    },
    {
      filename: at('doc-stub.ts'),
      code: `// Example: curl http://api.line.me/...
export const docs = 'See http://api.line.me/...';`,
    },
  ],
  invalid: [
    { filename: at('image.ts'), code: IMAGE, errors: [{ messageId: 'media', line: 6, column: 33 }] },
    {
      filename: at('flex.ts'),
      code: FLEX,
      errors: [
        { messageId: 'media', line: 7, column: 28 },
        { messageId: 'media', line: 8, column: 73 },
      ],
    },
    {
      filename: at('quick-reply.ts'),
      code: QUICK_REPLY,
      errors: [
        { messageId: 'media', line: 10, column: 33 },
        { messageId: 'media', line: 11, column: 49 },
      ],
    },
    { filename: at('helper.ts'), code: HELPER, errors: [{ messageId: 'media', line: 4, column: 96 }] },
    { filename: at('webhook.ts'), code: WEBHOOK, errors: [{ messageId: 'webhook', line: 3, column: 73 }] },
    { filename: at('raw-webhook.js'), code: RAW_WEBHOOK, errors: [{ messageId: 'webhook', line: 5, column: 28 }] },
    { filename: at('api.js'), code: API, errors: [{ messageId: 'api', line: 1, column: 18 }] },
    { filename: at('legacy.js', v7), code: LEGACY, errors: [{ messageId: 'webhook', line: 3, column: 65 }] },
  ],
});
