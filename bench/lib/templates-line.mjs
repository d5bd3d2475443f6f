// LINE-specific code: config, clients, webhook endpoints in several frameworks, event handlers,
// message builders, push notifiers, LINE Login routes, rich-menu scripts. Realistic violations are
// injected only when the caller passes `vio` (one kind per file); every file must still parse.
import { cap } from './codegen.mjs';
import { padWithHelpers } from './helpers-pool.mjs';

export const VIOLATION_KINDS = {
  config: ['hardcodedSecret'],
  client: ['pushNoRetryKey'],
  webhookExpress: ['events0'],
  webhookHmac: ['sigEquals', 'jsonStringify', 'events0'],
  webhookHono: ['sigEquals', 'events0'],
  webhookNext: ['sigEquals', 'events0'],
  webhookHttp: ['sigEquals', 'events0'],
  webhookFirebase: ['jsonStringify', 'events0'],
  handlers: ['httpImage'],
  messages: ['httpImage'],
  notifier: ['pushNoRetryKey'],
  login: ['staticState', 'hardcodedSecret'],
  richmenu: ['hardcodedSecret'],
};

function note(cx, vio) {
  if (vio) cx.violations.push(vio);
}

function fakeSecret(cx) {
  return cx.rng.hex(32);
}

// ---------------------------------------------------------------------------------------------
export function genLineConfig(cx, opts, vio, target) {
  note(cx, vio);
  const secret = vio === 'hardcodedSecret' ? `process.env.LINE_CHANNEL_SECRET || '${fakeSecret(cx)}'` : "process.env.LINE_CHANNEL_SECRET ?? ''";
  if (opts.firebase) {
    cx.imp('firebase-functions', { def: 'functions' });
    cx.add(`const runtimeConfig = functions.config();

const lineConfig = {
  channelAccessToken: process.env.LINE_CHANNEL_ACCESS_TOKEN || (runtimeConfig.line && runtimeConfig.line.token) || '',
  channelSecret: ${vio === 'hardcodedSecret' ? `'${fakeSecret(cx)}'` : "process.env.LINE_CHANNEL_SECRET || (runtimeConfig.line && runtimeConfig.line.secret) || ''"},
};
${cx.exp('lineConfig')}
const region = process.env.FUNCTIONS_REGION || 'asia-northeast1';
${cx.exp('region')}
const firestoreCollectionPrefix = process.env.COLLECTION_PREFIX || '';
${cx.exp('firestoreCollectionPrefix')}`);
  } else {
    const env = cx.ts ? `function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(\`\${name} is not set\`);
  return value;
}` : `function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(\`\${name} is not set\`);
  return value;
}`;
    cx.add(env);
    cx.add(`${cx.exp('config')}const config = {
  port: Number(process.env.PORT ?? 3000),
  nodeEnv: env('NODE_ENV', 'development'),
  databaseUrl: env('DATABASE_URL', 'postgres://localhost:5432/app'),
  redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379',
  publicBaseUrl: env('PUBLIC_BASE_URL', 'https://bot.example.com'),
  line: {
    channelAccessToken: env('LINE_CHANNEL_ACCESS_TOKEN', ''),
    channelSecret: ${secret},
  },
  login: {
    channelId: env('LINE_LOGIN_CHANNEL_ID', ''),
    channelSecret: env('LINE_LOGIN_CHANNEL_SECRET', ''),
    callbackUrl: env('LINE_LOGIN_CALLBACK_URL', 'https://bot.example.com/auth/line/callback'),
  },
  features: {
    richMenu: process.env.FEATURE_RICH_MENU === 'true',
    loadingAnimation: process.env.FEATURE_LOADING !== 'false',
  },
}${cx.T(' as const')};

${cx.exp('lineConfig')}const lineConfig = config.line;
${cx.exp('loginConfig')}const loginConfig = config.login;`);
  }
  padWithHelpers(cx, null, target);
}

// ---------------------------------------------------------------------------------------------
// style: 'v7' | 'v9' | 'fetch' | 'axios'
export function genLineClient(cx, style, deps, vio, target) {
  note(cx, vio);
  cx.impRel(deps.config, { named: ['lineConfig'] });
  if (style === 'v7') {
    cx.imp('@line/bot-sdk', { ns: 'line' });
    if (cx.ts) cx.imp('@line/bot-sdk', { types: ['Message', 'Profile'] });
    cx.add(`${cx.exp('client')}const client = new line.Client({
  channelAccessToken: lineConfig.channelAccessToken,
  channelSecret: lineConfig.channelSecret,
});`);
    cx.add(`${cx.exp('replyText')}function replyText(${cx.p('replyToken', 'string')}, ${cx.p('texts', 'string | string[]')}) {
  const list = Array.isArray(texts) ? texts : [texts];
  return client.replyMessage(
    replyToken,
    list.slice(0, 5).map((text) => ({ type: 'text', text })),
  );
}`);
    cx.add(vio === 'pushNoRetryKey'
      ? `${cx.exp('pushMessages')}async function pushMessages(${cx.p('to', 'string')}, ${cx.p('messages', 'Message[]')}) {
  return client.pushMessage(to, messages);
}`
      : `${cx.exp('pushMessages')}async function pushMessages(${cx.p('to', 'string')}, ${cx.p('messages', 'Message[]')}, ${cx.p('retryKey', 'string')}) {
  client.setRequestOptionOnce({ retryKey });
  return client.pushMessage(to, messages);
}`);
    cx.add(`const profileCache = new Map${cx.g('string, { profile: Profile; expires: number }')}();

${cx.exp('getProfile')}async function getProfile(${cx.p('userId', 'string')})${cx.r('Promise<Profile | null>')} {
  const hit = profileCache.get(userId);
  if (hit && hit.expires > Date.now()) return hit.profile;
  try {
    const profile = await client.getProfile(userId);
    profileCache.set(userId, { profile, expires: Date.now() + 10 * 60 * 1000 });
    return profile;
  } catch (error) {
    if (error instanceof line.HTTPError && error.statusCode === 404) return null;
    throw error;
  }
}`);
  } else if (style === 'v9') {
    cx.imp('@line/bot-sdk', { named: ['messagingApi', 'HTTPFetchError'] });
    cx.imp('node:crypto', { named: ['randomUUID'] });
    cx.add(`const { MessagingApiClient, MessagingApiBlobClient } = messagingApi;

${cx.exp('client')}const client = new MessagingApiClient({
  channelAccessToken: lineConfig.channelAccessToken,
});

${cx.exp('blobClient')}const blobClient = new MessagingApiBlobClient({
  channelAccessToken: lineConfig.channelAccessToken,
});`);
    cx.add(`${cx.exp('replyText')}async function replyText(${cx.p('replyToken', 'string')}, ${cx.p('text', 'string')})${cx.r('Promise<void>')} {
  await client.replyMessage({
    replyToken,
    messages: [{ type: 'text', text: text.slice(0, 5000) }],
  });
}`);
    cx.add(vio === 'pushNoRetryKey'
      ? `${cx.exp('pushMessages')}async function pushMessages(${cx.p('to', 'string')}, ${cx.p('messages', 'messagingApi.Message[]')}) {
  return client.pushMessage({ to, messages });
}`
      : `${cx.exp('pushMessages')}async function pushMessages(
  ${cx.p('to', 'string')},
  ${cx.p('messages', 'messagingApi.Message[]')},
  ${cx.p('retryKey', 'string')} = randomUUID(),
) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.pushMessage({ to, messages }, retryKey);
    } catch (error) {
      if (error instanceof HTTPFetchError && error.status === 409) return undefined; // already accepted
      const retriable = error instanceof HTTPFetchError && error.status >= 500;
      if (!retriable || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
}`);
    cx.add(`${cx.exp('showLoading')}async function showLoading(${cx.p('chatId', 'string')}, ${cx.p('seconds', 'number')} = 20)${cx.r('Promise<void>')} {
  try {
    await client.showLoadingAnimation({ chatId, loadingSeconds: seconds });
  } catch (error) {
    console.warn('loading animation failed', error);
  }
}

${cx.exp('downloadContent')}async function downloadContent(${cx.p('messageId', 'string')})${cx.r('Promise<Buffer>')} {
  const stream = await blobClient.getMessageContent(messageId);
  const chunks${cx.T(': Buffer[]')} = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}`);
  } else {
    // raw HTTP: fetch or axios
    const axios = style === 'axios';
    if (axios) cx.imp('axios', { def: 'axios' });
    cx.imp('node:crypto', { named: ['randomUUID'] });
    const post = axios
      ? (path, body, headers) => `http.post('${path}', ${body}${headers ? `, { headers: ${headers} }` : ''})`
      : (path, body, headers) => `fetch(\`\${LINE_API}${path}\`, {
    method: 'POST',
    headers: { ...authHeaders()${headers ? `, ...${headers}` : ''} },
    body: JSON.stringify(${body}),
  })`;
    cx.add(axios
      ? `const http = axios.create({
  baseURL: 'https://api.line.me',
  timeout: 10000,
  headers: {
    Authorization: \`Bearer \${lineConfig.channelAccessToken}\`,
    'Content-Type': 'application/json',
  },
});`
      : `const LINE_API = 'https://api.line.me';

function authHeaders()${cx.r('Record<string, string>')} {
  return {
    Authorization: \`Bearer \${lineConfig.channelAccessToken}\`,
    'Content-Type': 'application/json',
  };
}

async function ensureOk(${cx.p('res', 'Response')}, ${cx.p('what', 'string')})${cx.r('Promise<void>')} {
  if (res.ok || res.status === 409) return;
  const text = await res.text();
  const error = new Error(\`LINE \${what} failed: \${res.status} \${text}\`);
  ${cx.ts ? '(error as Error & { status?: number }).status = res.status;' : 'error.status = res.status;'}
  throw error;
}`);
    cx.add(`${cx.exp('reply')}async function reply(${cx.p('replyToken', 'string')}, ${cx.p('messages', 'object[]')})${cx.r('Promise<void>')} {
  ${axios ? `await ${post('/v2/bot/message/reply', '{ replyToken, messages }')};` : `const res = await ${post('/v2/bot/message/reply', '{ replyToken, messages }')};\n  await ensureOk(res, 'reply');`}
}`);
    if (vio === 'pushNoRetryKey') {
      cx.add(`${cx.exp('push')}async function push(${cx.p('to', 'string')}, ${cx.p('messages', 'object[]')})${cx.r('Promise<void>')} {
  ${axios ? `await ${post('/v2/bot/message/push', '{ to, messages }')};` : `const res = await ${post('/v2/bot/message/push', '{ to, messages }')};\n  await ensureOk(res, 'push');`}
}`);
    } else {
      cx.add(`${cx.exp('push')}async function push(${cx.p('to', 'string')}, ${cx.p('messages', 'object[]')}, ${cx.p('retryKey', 'string')} = randomUUID())${cx.r('Promise<void>')} {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      ${axios ? `await ${post('/v2/bot/message/push', '{ to, messages }', "{ 'X-Line-Retry-Key': retryKey }")};
      return;` : `const res = await ${post('/v2/bot/message/push', '{ to, messages }', "{ 'X-Line-Retry-Key': retryKey }")};
      if (res.status >= 500) throw new Error(\`push failed with \${res.status}\`);
      await ensureOk(res, 'push');
      return;`}
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    }
  }
}`);
    }
    cx.add(`${cx.exp('multicast')}async function multicast(${cx.p('userIds', 'string[]')}, ${cx.p('messages', 'object[]')})${cx.r('Promise<void>')} {
  for (let i = 0; i < userIds.length; i += 500) {
    const to = userIds.slice(i, i + 500);
    ${axios ? `await ${post('/v2/bot/message/multicast', '{ to, messages }', "{ 'X-Line-Retry-Key': randomUUID() }")};` : `const res = await ${post('/v2/bot/message/multicast', '{ to, messages }', "{ 'X-Line-Retry-Key': randomUUID() }")};\n    await ensureOk(res, 'multicast');`}
  }
}

${cx.exp('getProfile')}async function getProfile(${cx.p('userId', 'string')}) {
  ${axios ? `const { data } = await http.get(\`/v2/bot/profile/\${encodeURIComponent(userId)}\`);\n  return data;` : `const res = await fetch(\`\${LINE_API}/v2/bot/profile/\${encodeURIComponent(userId)}\`, { headers: authHeaders() });\n  if (res.status === 404) return null;\n  await ensureOk(res, 'profile');\n  return res.json();`}
}`);
  }
  padWithHelpers(cx, null, target);
}

// ---------------------------------------------------------------------------------------------
// Event handlers. sdk: 'v7' | 'v9' | 'fetch'
function replyCall(cx, sdk, token, msgs) {
  if (sdk === 'v7') return `client.replyMessage(${token}, ${msgs})`;
  if (sdk === 'v9') return `client.replyMessage({ replyToken: ${token}, messages: ${msgs} })`;
  return `reply(${token}, ${msgs})`;
}

export function genHandlers(cx, sdk, deps, E, vio, target) {
  note(cx, vio);
  if (sdk === 'fetch') cx.impRel(deps.client, { named: ['reply'] });
  else cx.impRel(deps.client, { named: ['client'] });
  if (deps.service) {
    cx.impRel(deps.service.path, { named: [deps.service.cls] });
  }
  const evType = sdk === 'v7' ? 'WebhookEvent' : sdk === 'v9' ? 'webhook.Event' : 'LineEvent';
  const msgType = sdk === 'v7' ? 'Message' : sdk === 'v9' ? 'messagingApi.Message' : 'object';
  if (cx.ts) {
    if (sdk === 'v7') cx.imp('@line/bot-sdk', { types: ['WebhookEvent', 'MessageEvent', 'Message', 'PostbackEvent'] });
    else if (sdk === 'v9') cx.imp('@line/bot-sdk', { types: ['webhook', 'messagingApi'] });
    else cx.add(`interface LineEvent {
  type: string;
  mode?: string;
  timestamp: number;
  webhookEventId: string;
  replyToken?: string;
  source: { type: string; userId?: string; groupId?: string; roomId?: string };
  message?: { id: string; type: string; text?: string };
  postback?: { data: string; params?: Record<string, string> };
  deliveryContext?: { isRedelivery: boolean };
}`);
  }
  const img = vio === 'httpImage' ? 'http' : 'https';
  const svc = deps.service ? `const ${E.name}Service = new ${deps.service.cls}(${deps.service.ctorArgs ?? ''});\n` : '';
  const fnName = cx.uniq(deps.exportName ?? 'handleEvent');
  cx.add(`${svc}const seenEventIds = new Set${cx.g('string')}();

${cx.exp(fnName)}async function ${fnName}(${cx.p('event', evType)})${cx.r('Promise<void>')} {
  if (seenEventIds.has(event.webhookEventId)) return;
  seenEventIds.add(event.webhookEventId);
  if (seenEventIds.size > 10000) seenEventIds.clear();

  switch (event.type) {
    case 'message':
      await handleMessage(${cx.as('event', sdk === 'v7' ? 'MessageEvent' : 'any')});
      return;
    case 'postback':
      await handlePostback(${cx.as('event', sdk === 'v7' ? 'PostbackEvent' : 'any')});
      return;
    case 'follow':
      if (event.replyToken) {
        await ${replyCall(cx, sdk, 'event.replyToken', "[{ type: 'text', text: '友だち追加ありがとうございます！' }]")};
      }
      return;
    case 'unfollow':
      console.info('unfollowed', event.source.userId);
      return;
    case 'join':
    case 'leave':
    case 'memberJoined':
    case 'memberLeft':
      return;
    default:
      console.debug('ignored event', event.type);
  }
}`);
  cx.add(`async function handleMessage(${cx.p('event', 'any')})${cx.r('Promise<void>')} {
  const message = event.message;
  if (message.type === 'text') {
    const text${cx.T(': string')} = message.text.trim();
    if (text === 'ヘルプ' || text.toLowerCase() === 'help') {
      await ${replyCall(cx, sdk, 'event.replyToken', "[{ type: 'text', text: '使い方: 「${E.name}」と送信してください。' }]")};
      return;
    }
    if (text.startsWith('${E.name}')) {
      ${deps.service ? `const summary = await ${E.name}Service.summarize(20);
      const lines = Object.entries(summary.byStatus).map(([status, count]) => \`\${status}: \${count}\`);
      await ${replyCall(cx, sdk, 'event.replyToken', "[{ type: 'text', text: lines.join('\\n') || 'データがありません' }]")};` : `await ${replyCall(cx, sdk, 'event.replyToken', "[{ type: 'text', text: '受け付けました' }]")};`}
      return;
    }
    await ${replyCall(cx, sdk, 'event.replyToken', "[{ type: 'text', text }]")};
    return;
  }
  if (message.type === 'image') {
    const image${cx.T(`: ${msgType}`)} = {
      type: 'image',
      originalContentUrl: '${img}://cdn.example.com/bot/received.jpg',
      previewImageUrl: '${img}://cdn.example.com/bot/received-preview.jpg',
    };
    await ${replyCall(cx, sdk, 'event.replyToken', "[{ type: 'text', text: '画像を受け取りました' }, image]")};
    return;
  }
  if (message.type === 'sticker') {
    await ${replyCall(cx, sdk, 'event.replyToken', "[{ type: 'sticker', packageId: '446', stickerId: '1988' }]")};
  }
}`);
  cx.add(`async function handlePostback(${cx.p('event', 'any')})${cx.r('Promise<void>')} {
  const params = new URLSearchParams(event.postback.data);
  const action = params.get('action');
  const id = params.get('id');
  if (!action || !id) return;
  switch (action) {
${E.statuses.slice(1).map((s) => `    case '${s}':
      ${deps.service ? `await ${E.name}Service.changeStatus(id, ${cx.as(`'${s}'`, 'never')});` : `console.info('${s}', id);`}
      await ${replyCall(cx, sdk, 'event.replyToken', `[{ type: 'text', text: \`\${id} を${s}にしました\` }]`)};
      break;`).join('\n')}
    default:
      console.warn('unknown postback action', action);
  }
}`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genMessages(cx, sdk, E, vio, target) {
  note(cx, vio);
  const msgType = sdk === 'v7' ? 'FlexMessage' : sdk === 'v9' ? 'messagingApi.FlexMessage' : 'Record<string, unknown>';
  if (cx.ts) {
    if (sdk === 'v7') cx.imp('@line/bot-sdk', { types: ['FlexMessage', 'FlexBubble', 'QuickReply', 'TemplateMessage'] });
    else if (sdk === 'v9') cx.imp('@line/bot-sdk', { types: ['messagingApi'] });
  }
  const bubbleT = sdk === 'v7' ? 'FlexBubble' : sdk === 'v9' ? 'messagingApi.FlexBubble' : 'Record<string, unknown>';
  const scheme = vio === 'httpImage' ? 'http' : 'https';
  const liff = `https://liff.line.me/${cx.rng.int(1000000000, 2099999999)}-${cx.rng.alnum(8)}`;
  const item = cx.ts ? `{ id: string; title: string; status: string; imageUrl?: string; amount?: number }` : '';
  const bubble = cx.uniq(`${E.name}Bubble`);
  cx.add(`const IMAGE_BASE = '${scheme}://static.example.com/images/${E.plural}';

${cx.exp(bubble)}function ${bubble}(${cx.p('item', item)})${cx.r(bubbleT)} {
  return {
    type: 'bubble',
    hero: {
      type: 'image',
      url: item.imageUrl ?? \`\${IMAGE_BASE}/\${item.id}.jpg\`,
      size: 'full',
      aspectRatio: '20:13',
      aspectMode: 'cover',
    },
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [
        { type: 'text', text: item.title.slice(0, 40), weight: 'bold', size: 'lg', wrap: true },
        { type: 'text', text: \`ステータス: \${item.status}\`, size: 'sm', color: '#888888' },
        ...(item.amount !== undefined
          ? [{ type: 'text', text: \`¥\${item.amount.toLocaleString('ja-JP')}\`, size: 'md', color: '#111111' }]
          : []),
      ],
    },
    footer: {
      type: 'box',
      layout: 'vertical',
      contents: [
        {
          type: 'button',
          style: 'primary',
          action: { type: 'uri', label: '詳細を見る', uri: \`${liff}?id=\${encodeURIComponent(item.id)}\` },
        },
        {
          type: 'button',
          style: 'secondary',
          action: { type: 'postback', label: '${E.statuses[1] ?? 'ok'}', data: \`action=${E.statuses[1] ?? 'ok'}&id=\${item.id}\`, displayText: '${E.statuses[1] ?? 'ok'}' },
        },
      ],
    },
  };
}`);
  const carousel = cx.uniq(`${E.name}Carousel`);
  cx.add(`${cx.exp(carousel)}function ${carousel}(${cx.p('items', `ReadonlyArray<${item || 'any'}>`)})${cx.r(msgType)} {
  const bubbles = items.slice(0, 12).map(${bubble});
  return {
    type: 'flex',
    altText: \`${E.plural} (\${items.length})\`.slice(0, 1500),
    contents: { type: 'carousel', contents: bubbles },
  }${cx.T(sdk === 'fetch' ? '' : ` as ${msgType}`)};
}`);
  const qr = cx.uniq(`${E.name}QuickReply`);
  cx.add(`${cx.exp(qr)}function ${qr}() {
  return {
    items: [
${E.statuses.map((s) => `      { type: 'action', action: { type: 'message', label: '${s}'.slice(0, 20), text: '${E.name} ${s}' } },`).join('\n')}
      { type: 'action', action: { type: 'camera', label: 'カメラ' } },
      { type: 'action', action: { type: 'location', label: '位置情報' } },
    ],
  };
}`);
  const img = cx.uniq(`${E.name}ImageMessage`);
  cx.add(`${cx.exp(img)}function ${img}(${cx.p('id', 'string')}) {
  return {
    type: 'image',
    originalContentUrl: \`\${IMAGE_BASE}/\${id}.jpg\`,
    previewImageUrl: \`\${IMAGE_BASE}/\${id}-preview.jpg\`,
  };
}

${cx.exp(cx.uniq(`${E.name}ConfirmTemplate`))}function ${E.name}ConfirmTemplate(${cx.p('id', 'string')}, ${cx.p('question', 'string')}) {
  return {
    type: 'template',
    altText: question.slice(0, 400),
    template: {
      type: 'confirm',
      text: question.slice(0, 240),
      actions: [
        { type: 'postback', label: 'はい', data: \`action=${E.statuses[1] ?? 'yes'}&id=\${id}\` },
        { type: 'postback', label: 'いいえ', data: \`action=${E.statuses[E.statuses.length - 1]}&id=\${id}\` },
      ],
    },
  };
}`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
export function genNotifier(cx, sdk, deps, E, vio, target) {
  note(cx, vio);
  cx.imp('node:crypto', { named: ['randomUUID'] });
  if (sdk === 'v7' || sdk === 'v9') cx.impRel(deps.client, { named: ['client'] });
  if (deps.service) cx.impRel(deps.service.path, { named: [deps.service.cls] });
  const fn = cx.uniq(`notify${E.Name}Changed`);
  let send;
  if (sdk === 'v7') {
    send = vio === 'pushNoRetryKey'
      ? `await client.pushMessage(userId, messages);`
      : `client.setRequestOptionOnce({ retryKey });\n      await client.pushMessage(userId, messages);`;
  } else if (sdk === 'v9') {
    send = vio === 'pushNoRetryKey' ? `await client.pushMessage({ to: userId, messages });` : `await client.pushMessage({ to: userId, messages }, retryKey);`;
  } else {
    cx.impRel(deps.config, { named: ['lineConfig'] });
    send = `const res = await fetch('https://api.line.me/v2/bot/message/push', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: \`Bearer \${lineConfig.channelAccessToken}\`,${vio === 'pushNoRetryKey' ? '' : "\n          'X-Line-Retry-Key': retryKey,"}
        },
        body: JSON.stringify({ to: userId, messages }),
      });
      if (res.status === 409) return;
      if (!res.ok) throw Object.assign(new Error(\`push failed: \${res.status}\`), { status: res.status });`;
  }
  cx.add(`${cx.exp(fn)}async function ${fn}(${cx.p('userId', 'string')}, ${cx.p(E.name, `{ id: string; status: string }`)})${cx.r('Promise<void>')} {
  const messages = [
    {
      type: 'text',
      text: \`${E.name} \${${E.name}.id} のステータスが「\${${E.name}.status}」になりました。\`,
    },
  ]${cx.T(' as any[]')};
  const retryKey = randomUUID();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      ${send}
      return;
    } catch (error) {
      const status = (${cx.as('error', 'any')})?.status ?? (${cx.as('error', 'any')})?.statusCode ?? 0;
      if (status === 409) return;
      if (status && status < 500) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000 * (attempt + 1)));
    }
  }
}`);
  const rem = cx.uniq(`send${E.Name}Reminders`);
  cx.add(`${cx.exp(rem)}async function ${rem}(${cx.p('targets', 'Array<{ userId: string; id: string; status: string }>')})${cx.r('Promise<{ sent: number; failed: number }>')} {
  let sent = 0;
  let failed = 0;
  for (const target of targets) {
    try {
      await ${fn}(target.userId, target);
      sent++;
    } catch (error) {
      failed++;
      console.error('reminder failed', target.id, error);
    }
  }
  return { sent, failed };
}`);
  padWithHelpers(cx, E, target);
}

// ---------------------------------------------------------------------------------------------
// Webhook endpoints

function dispatchBlock(cx, vio, eventsExpr, handler, indent = '  ') {
  const call = typeof handler === 'function' ? handler : (ev) => `${handler}(${ev})`;
  if (vio === 'events0') {
    return `${indent}const event = ${eventsExpr}[0];
${indent}if (event) {
${indent}  await ${call('event')};
${indent}}`;
  }
  return `${indent}const results = await Promise.allSettled(${eventsExpr}.map((event${cx.T(': any')}) => ${call('event')}));
${indent}for (const r of results) {
${indent}  if (r.status === 'rejected') console.error('event handling failed', r.reason);
${indent}}`;
}

export function genWebhookExpressMiddleware(cx, sdk, deps, vio, target) {
  note(cx, vio);
  cx.imp('express', { def: 'express' });
  if (cx.ts) cx.imp('express', { types: ['Request', 'Response', 'NextFunction'] });
  cx.imp('@line/bot-sdk', { ns: 'line' });
  cx.impRel(deps.config, { named: ['lineConfig'] });
  cx.impRel(deps.handlers, { named: ['handleEvent'] });
  const body = sdk === 'v7' ? 'line.WebhookRequestBody' : 'line.webhook.CallbackRequest';
  const respondFirst = cx.rng.chance(0.5);
  cx.add(`${cx.exp('webhookRouter')}const webhookRouter = express.Router();

webhookRouter.post(
  '/callback',
  line.middleware({ channelSecret: lineConfig.channelSecret }),
  async (${cx.p('req', 'Request')}, ${cx.p('res', 'Response')}) => {
    const body = ${cx.as('req.body', body)};
${respondFirst && vio !== 'events0' ? `    res.status(200).end();
    setImmediate(async () => {
${dispatchBlock(cx, vio, 'body.events', 'handleEvent', '      ')}
    });` : `${dispatchBlock(cx, vio, 'body.events', 'handleEvent', '    ')}
    res.status(200).json({ ok: true });`}
  },
);

webhookRouter.use((${cx.p('err', 'unknown')}, ${cx.p('req', 'Request')}, ${cx.p('res', 'Response')}, ${cx.p('next', 'NextFunction')}) => {
  if (err instanceof line.SignatureValidationFailed) {
    res.status(401).send(err.signature ?? 'invalid signature');
    return;
  }
  if (err instanceof line.JSONParseError) {
    res.status(400).send(err.raw);
    return;
  }
  next(err);
});`);
  padWithHelpers(cx, null, target);
}

export function genWebhookExpressHmac(cx, deps, vio, target) {
  note(cx, vio);
  cx.imp('express', { def: 'express' });
  if (cx.ts) cx.imp('express', { types: ['Request', 'Response'] });
  cx.imp('node:crypto', { def: 'crypto' });
  cx.impRel(deps.config, { named: ['lineConfig'] });
  cx.impRel(deps.handlers, { named: ['handleEvent'] });
  const parser = vio === 'jsonStringify' ? 'express.json()' : "express.raw({ type: '*/*' })";
  const hmacInput = vio === 'jsonStringify' ? 'JSON.stringify(req.body)' : 'req.body';
  const check = vio === 'sigEquals' || vio === 'jsonStringify'
    ? `  const expected = crypto.createHmac('sha256', lineConfig.channelSecret).update(${hmacInput}).digest('base64');
  if (signature !== expected) {
    res.status(401).send('invalid signature');
    return;
  }`
    : `  const expected = crypto.createHmac('sha256', lineConfig.channelSecret).update(${hmacInput}).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    res.status(401).send('invalid signature');
    return;
  }`;
  const parse = vio === 'jsonStringify' ? 'req.body' : "JSON.parse(req.body.toString('utf8'))";
  cx.add(`${cx.exp('lineWebhook')}const lineWebhook = express.Router();

lineWebhook.post('/webhook', ${parser}, async (${cx.p('req', 'Request')}, ${cx.p('res', 'Response')}) => {
  const signature = req.get('x-line-signature');
  if (!signature) {
    res.status(400).send('missing signature');
    return;
  }
${check}
  const payload = ${parse};
  res.sendStatus(200);
${dispatchBlock(cx, vio, 'payload.events', 'handleEvent')}
});`);
  padWithHelpers(cx, null, target);
}

export function genWebhookHono(cx, deps, vio, target) {
  note(cx, vio);
  cx.imp('hono', { named: ['Hono'] });
  cx.imp('@line/bot-sdk', { named: ['validateSignature'] });
  if (deps.env) cx.impRel(deps.env, { types: ['Env'] });
  cx.impRel(deps.handlers, { named: ['handleEvent'] });
  for (const r of deps.routes ?? []) cx.impRel(r.path, { named: [r.name] });
  const check = vio === 'sigEquals'
    ? `  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(c.env.LINE_CHANNEL_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body));
  const expected = btoa(String.fromCharCode(...new Uint8Array(mac)));
  if (expected !== signature) {
    return c.text('unauthorized', 401);
  }`
    : `  if (!validateSignature(body, c.env.LINE_CHANNEL_SECRET, signature)) {
    return c.text('unauthorized', 401);
  }`;
  cx.add(`const app = new Hono${cx.g('{ Bindings: Env }')}();

app.get('/health', (c) => c.json({ ok: true }));

app.post('/webhook', async (c) => {
  const body = await c.req.text();
  const signature = c.req.header('x-line-signature');
  if (!signature) return c.text('missing signature', 400);
${check}
  const { events } = JSON.parse(body)${cx.T(' as { events: any[] }')};
  c.executionCtx.waitUntil(
    (async () => {
${dispatchBlock(cx, vio, 'events', (ev) => `handleEvent(${ev}, c.env)`, '      ')}
    })(),
  );
  return c.text('ok');
});
${(deps.routes ?? []).map((r) => `\napp.route('/api/${r.mount}', ${r.name});`).join('')}

export default app;`);
  padWithHelpers(cx, null, target);
}

export function genWebhookNext(cx, deps, vio, target) {
  note(cx, vio);
  cx.imp('next/server', { named: ['NextResponse'] });
  if (cx.ts) cx.imp('next/server', { types: ['NextRequest'] });
  cx.imp('node:crypto', { named: ['createHmac', 'timingSafeEqual'] });
  cx.impRel(deps.handlers, { named: ['handleEvent'] });
  const check = vio === 'sigEquals'
    ? `  const expected = createHmac('sha256', process.env.LINE_CHANNEL_SECRET ?? '').update(body).digest('base64');
  if (signature !== expected) {
    return NextResponse.json({ error: 'invalid signature' }, { status: 401 });
  }`
    : `  const expected = createHmac('sha256', process.env.LINE_CHANNEL_SECRET ?? '').update(body).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return NextResponse.json({ error: 'invalid signature' }, { status: 401 });
  }`;
  cx.add(`${cx.exp('runtime')}const runtime = 'nodejs';
${cx.exp('dynamic')}const dynamic = 'force-dynamic';

${cx.exp('POST')}async function POST(${cx.p('req', 'NextRequest')}) {
  const body = await req.text();
  const signature = req.headers.get('x-line-signature');
  if (!signature) {
    return NextResponse.json({ error: 'missing signature' }, { status: 400 });
  }
${check}
  const { events } = JSON.parse(body)${cx.T(' as { events: any[] }')};
${dispatchBlock(cx, vio, 'events', 'handleEvent')}
  return NextResponse.json({ ok: true });
}

${cx.exp('GET')}function GET() {
  return NextResponse.json({ status: 'line webhook endpoint' });
}`);
  padWithHelpers(cx, null, target);
}

export function genWebhookNodeHttp(cx, deps, vio, target) {
  note(cx, vio);
  cx.imp('node:http', { def: 'http' });
  cx.imp('node:crypto', { named: ['createHmac', 'timingSafeEqual'] });
  cx.impRel(deps.config, { named: ['lineConfig'] });
  cx.impRel(deps.handlers, { named: ['handleEvent'] });
  const check = vio === 'sigEquals'
    ? `    const expected = createHmac('sha256', lineConfig.channelSecret).update(raw).digest('base64');
    if (expected != signature) {
      res.writeHead(401).end();
      return;
    }`
    : `    const mac = createHmac('sha256', lineConfig.channelSecret).update(raw).digest();
    const given = Buffer.from(String(signature ?? ''), 'base64');
    if (given.length !== mac.length || !timingSafeEqual(given, mac)) {
      res.writeHead(401).end();
      return;
    }`;
  cx.add(`function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 1024 * 1024) {
        reject(new Error('payload too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

${cx.exp('server')}const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/line/webhook') {
    res.writeHead(404).end();
    return;
  }
  try {
    const raw = await readBody(req);
    const signature = req.headers['x-line-signature'];
${check}
    const payload = JSON.parse(raw.toString('utf8'));
    res.writeHead(200).end();
${dispatchBlock(cx, vio, 'payload.events', 'handleEvent', '    ')}
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end();
  }
});

const port = Number(process.env.PORT || 8080);
server.listen(port, () => console.log(\`notifier listening on \${port}\`));`);
  padWithHelpers(cx, null, target);
}

export function genWebhookFirebase(cx, deps, vio, target) {
  note(cx, vio);
  cx.imp('firebase-functions', { def: 'functions' });
  cx.imp('@line/bot-sdk', { def: 'line' });
  cx.imp('crypto', { def: 'crypto' });
  cx.impRel(deps.config, { named: ['lineConfig', 'region'] });
  cx.impRel(deps.handlers, { named: ['handleEvent'] });
  for (const r of deps.apps ?? []) cx.impRel(r.path, { named: [r.name] });
  const verify = vio === 'jsonStringify'
    ? `  const hash = crypto.createHmac('SHA256', lineConfig.channelSecret).update(JSON.stringify(req.body)).digest('base64');
  if (hash !== signature) {
    res.status(401).send('signature mismatch');
    return;
  }`
    : `  if (!line.validateSignature(req.rawBody, lineConfig.channelSecret, signature)) {
    res.status(401).send('signature mismatch');
    return;
  }`;
  const webhook = `functions.region(region).https.onRequest(async (req, res) => {
  if (req.method !== 'POST') {
    res.status(405).send('method not allowed');
    return;
  }
  const signature = req.get('x-line-signature');
  if (!signature) {
    res.status(400).send('missing signature');
    return;
  }
${verify}
  const events = (req.body && req.body.events) || [];
${dispatchBlock(cx, vio, 'events', 'handleEvent')}
  res.status(200).send('OK');
})`;
  cx.add(`const lineWebhook = ${webhook};
${cx.exp('lineWebhook')}
const health = functions.region(region).https.onRequest((req, res) => {
  res.json({ ok: true, time: Date.now() });
});
${cx.exp('health')}${(deps.apps ?? []).map((r) => `\nconst ${r.name}Api = functions.region(region).https.onRequest(${r.name});\n${cx.exp(r.name + 'Api')}`).join('')}`);
  padWithHelpers(cx, null, target);
}

// ---------------------------------------------------------------------------------------------
export function genLineLoginExpress(cx, deps, vio, target) {
  note(cx, vio);
  cx.imp('express', { named: ['Router'] });
  if (cx.ts) cx.imp('express', { types: ['Request', 'Response'] });
  cx.imp('node:crypto', { named: ['randomBytes', 'timingSafeEqual'] });
  cx.impRel(deps.config, { named: ['loginConfig'] });
  const state = vio === 'staticState' ? `'12345abcde'` : `randomBytes(16).toString('hex')`;
  const secret = vio === 'hardcodedSecret' ? `'${fakeSecret(cx)}'` : 'loginConfig.channelSecret';
  cx.add(`${cx.exp('lineLoginRouter')}const lineLoginRouter = Router();

lineLoginRouter.get('/auth/line', (${cx.p('req', 'Request')}, ${cx.p('res', 'Response')}) => {
  const state = ${state};
  const nonce = randomBytes(16).toString('hex');
  res.cookie('line_login_state', state, { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 10 * 60 * 1000 });
  res.cookie('line_login_nonce', nonce, { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 10 * 60 * 1000 });
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: loginConfig.channelId,
    redirect_uri: loginConfig.callbackUrl,
    state,
    scope: 'profile openid',
    nonce,
  });
  res.redirect(\`https://access.line.me/oauth2/v2.1/authorize?\${params.toString()}\`);
});

lineLoginRouter.get('/auth/line/callback', async (${cx.p('req', 'Request')}, ${cx.p('res', 'Response')}) => {
  const { code, state, error } = req.query${cx.T(' as Record<string, string | undefined>')};
  if (error) {
    res.status(400).send('login cancelled');
    return;
  }
  const expected = req.cookies?.line_login_state;
  if (!state || !expected || state.length !== expected.length || !timingSafeEqual(Buffer.from(state), Buffer.from(expected))) {
    res.status(400).send('invalid state');
    return;
  }
  res.clearCookie('line_login_state');
  const tokenRes = await fetch('https://api.line.me/oauth2/v2.1/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: String(code),
      redirect_uri: loginConfig.callbackUrl,
      client_id: loginConfig.channelId,
      client_secret: ${secret},
    }),
  });
  if (!tokenRes.ok) {
    res.status(502).send('token exchange failed');
    return;
  }
  const tokens = ${cx.as('await tokenRes.json()', '{ access_token: string; id_token: string; expires_in: number }')};
  const verifyRes = await fetch('https://api.line.me/oauth2/v2.1/verify', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id_token: tokens.id_token, client_id: loginConfig.channelId, nonce: req.cookies?.line_login_nonce ?? '' }),
  });
  if (!verifyRes.ok) {
    res.status(401).send('id token rejected');
    return;
  }
  const claims = ${cx.as('await verifyRes.json()', '{ sub: string; name?: string; picture?: string }')};
  ${cx.ts ? '(req as any).session.userId = claims.sub;' : 'req.session.userId = claims.sub;'}
  res.redirect('/mypage');
});`);
  padWithHelpers(cx, null, target);
}

export function genLineLoginNext(cx, vio, target, callback) {
  note(cx, vio);
  cx.imp('next/server', { named: ['NextResponse'] });
  cx.imp('next/headers', { named: ['cookies'] });
  if (cx.ts) cx.imp('next/server', { types: ['NextRequest'] });
  if (!callback) {
    cx.imp('node:crypto', { named: ['randomBytes'] });
    const state = vio === 'staticState' ? `'randomstring'` : `randomBytes(16).toString('hex')`;
    cx.add(`${cx.exp('GET')}async function GET() {
  const state = ${state};
  const jar = await cookies();
  jar.set('line_state', state, { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 600 });
  const url = new URL('https://access.line.me/oauth2/v2.1/authorize');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', process.env.LINE_LOGIN_CHANNEL_ID ?? '');
  url.searchParams.set('redirect_uri', process.env.LINE_LOGIN_CALLBACK_URL ?? '');
  url.searchParams.set('state', state);
  url.searchParams.set('scope', 'profile openid email');
  return NextResponse.redirect(url);
}`);
  } else {
    const secret = vio === 'hardcodedSecret' ? `'${fakeSecret(cx)}'` : "process.env.LINE_LOGIN_CHANNEL_SECRET ?? ''";
    cx.add(`${cx.exp('GET')}async function GET(${cx.p('request', 'NextRequest')}) {
  const url = new URL(request.url);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  const jar = await cookies();
  const expected = jar.get('line_state')?.value;
  jar.delete('line_state');
  if (!code || !state || state !== expected) {
    return NextResponse.redirect(new URL('/login?error=state', request.url));
  }
  const res = await fetch('https://api.line.me/oauth2/v2.1/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: process.env.LINE_LOGIN_CALLBACK_URL ?? '',
      client_id: process.env.LINE_LOGIN_CHANNEL_ID ?? '',
      client_secret: ${secret},
    }),
  });
  if (!res.ok) return NextResponse.redirect(new URL('/login?error=token', request.url));
  const { access_token } = ${cx.as('await res.json()', '{ access_token: string }')};
  const profileRes = await fetch('https://api.line.me/v2/profile', {
    headers: { Authorization: \`Bearer \${access_token}\` },
  });
  const profile = ${cx.as('await profileRes.json()', '{ userId: string; displayName: string }')};
  const response = NextResponse.redirect(new URL('/dashboard', request.url));
  response.cookies.set('uid', profile.userId, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  return response;
}`);
  }
  padWithHelpers(cx, null, target);
}

// ---------------------------------------------------------------------------------------------
export function genRichMenuScript(cx, vio, target) {
  note(cx, vio);
  cx.imp('node:fs/promises', { named: ['readFile'] });
  const token = vio === 'hardcodedSecret' ? `'${cx.rng.alnum(43)}='` : "process.env.LINE_CHANNEL_ACCESS_TOKEN";
  cx.add(`const token = ${token};
if (!token) {
  console.error('LINE_CHANNEL_ACCESS_TOKEN is required');
  process.exit(1);
}

const headers = { Authorization: \`Bearer \${token}\`, 'Content-Type': 'application/json' };

const richMenu = {
  size: { width: 2500, height: 1686 },
  selected: true,
  name: 'main-menu-${cx.rng.int(1, 99)}',
  chatBarText: 'メニュー',
  areas: [
    { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'message', text: '予約' } },
    { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'uri', uri: 'https://example.com/shop' } },
    { bounds: { x: 0, y: 843, width: 1250, height: 843 }, action: { type: 'postback', data: 'action=points' } },
    { bounds: { x: 1250, y: 843, width: 1250, height: 843 }, action: { type: 'message', text: 'ヘルプ' } },
  ],
};

async function main() {
  const validate = await fetch('https://api.line.me/v2/bot/richmenu/validate', { method: 'POST', headers, body: JSON.stringify(richMenu) });
  if (!validate.ok) throw new Error(\`invalid rich menu: \${await validate.text()}\`);
  const created = await fetch('https://api.line.me/v2/bot/richmenu', { method: 'POST', headers, body: JSON.stringify(richMenu) });
  const { richMenuId } = await created.json();
  const image = await readFile(new URL('./assets/richmenu.png', import.meta.url));
  const upload = await fetch(\`https://api-data.line.me/v2/bot/richmenu/\${richMenuId}/content\`, {
    method: 'POST',
    headers: { Authorization: headers.Authorization, 'Content-Type': 'image/png' },
    body: image,
  });
  if (!upload.ok) throw new Error(\`upload failed: \${upload.status}\`);
  await fetch(\`https://api.line.me/v2/bot/user/all/richmenu/\${richMenuId}\`, { method: 'POST', headers });
  console.log('default rich menu set', richMenuId);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});`);
  padWithHelpers(cx, null, target);
}

export function genBroadcastScript(cx, deps, vio, target) {
  note(cx, vio);
  cx.imp('axios', { def: 'axios' });
  cx.imp('node:crypto', { named: ['randomUUID'] });
  const retry = vio === 'pushNoRetryKey' ? '' : "\n      'X-Line-Retry-Key': retryKey,";
  cx.add(`const LINE_API = 'https://api.line.me/v2/bot/message';

${cx.exp('broadcastCampaign')}async function broadcastCampaign(${cx.p('campaign', '{ id: string; text: string; imageUrl?: string }')}) {
  const messages${cx.T(': object[]')} = [{ type: 'text', text: campaign.text.slice(0, 5000) }];
  if (campaign.imageUrl) {
    messages.push({ type: 'image', originalContentUrl: campaign.imageUrl, previewImageUrl: campaign.imageUrl });
  }
  const retryKey = randomUUID();
  await axios.post(\`\${LINE_API}/broadcast\`, { messages }, {
    headers: {
      Authorization: \`Bearer \${process.env.LINE_CHANNEL_ACCESS_TOKEN}\`,${retry}
    },
    timeout: 15000,
  });
  console.log('broadcast sent', campaign.id);
}

${cx.exp('quota')}async function quota() {
  const headers = { Authorization: \`Bearer \${process.env.LINE_CHANNEL_ACCESS_TOKEN}\` };
  const [limit, used] = await Promise.all([
    axios.get(\`\${LINE_API}/quota\`, { headers }),
    axios.get(\`\${LINE_API}/quota/consumption\`, { headers }),
  ]);
  return { type: limit.data.type, value: limit.data.value, used: used.data.totalUsage };
}`);
  padWithHelpers(cx, null, target);
}

export function genTokenManager(cx, deps, target) {
  cx.imp('@line/bot-sdk', { named: ['channelAccessToken'] });
  cx.impRel(deps.config, { named: ['lineConfig'] });
  cx.add(`const tokenClient = new channelAccessToken.ChannelAccessTokenClient({});

let cached${cx.T(': { token: string; expiresAt: number } | null')} = null;
let inflight${cx.T(': Promise<string> | null')} = null;

${cx.exp('getChannelAccessToken')}async function getChannelAccessToken()${cx.r('Promise<string>')} {
  if (cached && cached.expiresAt - 60 * 60 * 1000 > Date.now()) return cached.token;
  if (inflight) return inflight;
  inflight = (async () => {
    const previous = cached?.token;
    const issued = await tokenClient.issueChannelToken(
      'client_credentials',
      process.env.LINE_CHANNEL_ID ?? '',
      lineConfig.channelSecret,
    );
    cached = { token: issued.access_token, expiresAt: Date.now() + issued.expires_in * 1000 };
    if (previous) {
      await tokenClient.revokeChannelToken(previous).catch((error${cx.T(': unknown')}) => console.warn('revoke failed', error));
    }
    return issued.access_token;
  })().finally(() => {
    inflight = null;
  });
  return inflight;
}`);
  padWithHelpers(cx, null, target);
}

export { cap };
