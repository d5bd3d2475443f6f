/**
 * Third-party LINE bot libraries that receive webhooks themselves (LINE-PLATFORM.md §5.1, §5.3): how they
 * are created, how their webhook handler is mounted, and what they do before user code runs.
 */

/** `linebot` (boybundit/linebot): `linebot({ verify })` verifies, answers `{}` at once, then emits events. */
export const LINEBOT = {
  module: 'linebot',
  /** Methods of a bot that serve the webhook: `bot.parser()` (Express handler), `bot.listen(path, port)`. */
  parserMethod: 'parser',
  listenMethod: 'listen',
  /** Option that switches signature verification off when `false`. */
  verifyOption: 'verify',
} as const;

/**
 * Bottender: `bottender.config.js` with `channels.line` (`enabled`, `path`, `channelSecret`, `sync`); the
 * handler is `index.js`'s export `App(context)`. The LINE connector rejects bad signatures; the bot answers
 * before the handler finishes unless the channel sets `sync: true`.
 */
export const BOTTENDER = {
  module: 'bottender',
  configFile: /(^|\/)bottender\.config\.[cm]?[jt]s$/,
  entryFiles: ['index.js', 'index.ts', 'src/index.js', 'src/index.ts'],
  defaultPath: '/webhooks/line',
  syncOption: 'sync',
} as const;
