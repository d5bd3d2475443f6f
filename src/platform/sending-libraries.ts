/**
 * How third-party LINE libraries send messages (LINE-PLATFORM.md §5.1–§5.3), as data: which method calls
 * which endpoint and which argument carries the recipients, the messages or a bare string the library
 * wraps into a text message. None of them can send `X-Line-Retry-Key`. (How these libraries receive
 * webhooks lives in libraries.ts.)
 */
import type { EndpointKind } from './endpoints.js';
import { BOTTENDER, LINEBOT } from './libraries.js';

export interface LibraryMethod {
  kind: EndpointKind;
  /** Index of the recipient argument. */
  toArgument?: number;
  /** Index of the message argument: a message object, an array of them, or (when `bareText`) a string. */
  messagesArgument?: number;
  /** The library wraps a string argument into a text message (`replyText(token, 'hi')`). */
  bareText?: boolean;
  /** Index of an `altText` argument (`pushFlex(to, altText, contents)`). */
  altTextArgument?: number;
  /** Image/video/audio helpers: indexes of URL arguments (older signatures) or of an object with the URLs. */
  mediaArguments?: readonly number[];
}

/** `linebot`: `const bot = linebot({...})`; a string message is wrapped as a text message. */
export const LINEBOT_MODULE: string = LINEBOT.module;
export const LINEBOT_METHODS: Readonly<Record<string, LibraryMethod>> = {
  reply: { kind: 'reply', messagesArgument: 1, bareText: true },
  push: { kind: 'push', toArgument: 0, messagesArgument: 1, bareText: true },
  multicast: { kind: 'multicast', toArgument: 0, messagesArgument: 1, bareText: true },
  broadcast: { kind: 'broadcast', messagesArgument: 0, bareText: true },
};
/** `event.reply(message)` inside `bot.on('message', (event) => ...)`. */
export const LINEBOT_EVENT_METHODS: Readonly<Record<string, LibraryMethod>> = {
  reply: { kind: 'reply', messagesArgument: 0, bareText: true },
};

/** `messaging-api-line` (Yoctol): `new LineClient({ accessToken })` or `LineClient.connect(...)`. */
export const MESSAGING_API_LINE_MODULE = 'messaging-api-line';
export const MESSAGING_API_LINE_CLIENT = 'LineClient';
/** Its LINE Notify client: the service ended on 2025-03-31. */
export const MESSAGING_API_LINE_NOTIFY = 'LineNotify';

function messagingApiLine(kind: EndpointKind): Record<string, LibraryMethod> {
  const prefix = kind;
  const first = 1;
  const toArgument = 0;
  return {
    [prefix]: { kind, toArgument, messagesArgument: first },
    [`${prefix}Messages`]: { kind, toArgument, messagesArgument: first },
    [`${prefix}Text`]: { kind, toArgument, messagesArgument: first, bareText: true },
    [`${prefix}Image`]: { kind, toArgument, mediaArguments: [first, first + 1] },
    [`${prefix}Video`]: { kind, toArgument, mediaArguments: [first, first + 1] },
    [`${prefix}Audio`]: { kind, toArgument, mediaArguments: [first] },
    [`${prefix}Flex`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}Template`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}ButtonTemplate`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}ButtonsTemplate`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}ConfirmTemplate`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}CarouselTemplate`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}ImageCarouselTemplate`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}Imagemap`]: { kind, toArgument, altTextArgument: first },
    [`${prefix}Sticker`]: { kind, toArgument },
    [`${prefix}Location`]: { kind, toArgument },
  };
}

export const MESSAGING_API_LINE_METHODS: Readonly<Record<string, LibraryMethod>> = {
  ...messagingApiLine('reply'),
  ...messagingApiLine('push'),
  ...messagingApiLine('multicast'),
  narrowcast: { kind: 'narrowcast', messagesArgument: 0 },
};

/** Bottender: `context.sendText(text)` (a reply by default), `context.replyText`, `context.pushText`, ... */
export const BOTTENDER_MODULE: string = BOTTENDER.module;

function bottender(prefix: string, kind: EndpointKind): Record<string, LibraryMethod> {
  return {
    [`${prefix}Text`]: { kind, messagesArgument: 0, bareText: true },
    [`${prefix}Image`]: { kind, mediaArguments: [0, 1] },
    [`${prefix}Video`]: { kind, mediaArguments: [0, 1] },
    [`${prefix}Audio`]: { kind, mediaArguments: [0] },
    [`${prefix}Flex`]: { kind, altTextArgument: 0 },
    [`${prefix}Template`]: { kind, altTextArgument: 0 },
    [`${prefix}ButtonTemplate`]: { kind, altTextArgument: 0 },
    [`${prefix}ConfirmTemplate`]: { kind, altTextArgument: 0 },
    [`${prefix}CarouselTemplate`]: { kind, altTextArgument: 0 },
    [`${prefix}Imagemap`]: { kind, altTextArgument: 0 },
    [`${prefix}Messages`]: { kind, messagesArgument: 0 },
  };
}

export const BOTTENDER_CONTEXT_METHODS: Readonly<Record<string, LibraryMethod>> = {
  ...bottender('send', 'reply'),
  ...bottender('reply', 'reply'),
  ...bottender('push', 'push'),
};
