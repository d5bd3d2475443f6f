/** The LINE webhook request model (LINE-PLATFORM.md §4): what marks code as handling LINE events. */

/** Property names that only LINE webhook events carry; reading them marks code as LINE event handling. */
export const LINE_EVENT_PROPERTIES = new Set(['replyToken', 'webhookEventId', 'deliveryContext', 'isRedelivery', 'quoteToken', 'markAsReadToken']);

/** Event `type` values of the webhook (including module and notification-message events). */
export const LINE_EVENT_TYPES = new Set([
  'message',
  'messageEdited',
  'unsend',
  'follow',
  'unfollow',
  'join',
  'leave',
  'memberJoined',
  'memberLeft',
  'postback',
  'videoPlayComplete',
  'beacon',
  'accountLink',
  'membership',
  'module',
  'activated',
  'deactivated',
  'botSuspended',
  'botResumed',
  'delivery',
]);
