/** RuleTester cases for no-delivery-event-source, through the ESLint plugin. */
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const file = (name: string) => path.join(dir, name);
const ts = { parser: tsParser } as never;

ruleTester.run('no-delivery-event-source', plugin.rules['no-delivery-event-source']!, {
  valid: [
    {
      name: 'delivery.data identifies the delivery',
      filename: file('src/data.js'),
      code: `export function onEvent(event) {
  if (event.type === 'delivery') return console.log('delivered', event.delivery.data);
  if (event.type === 'message') console.log(event.source.userId);
}`,
    },
    {
      name: 'source read outside the delivery branch',
      filename: file('src/other.js'),
      code: `export function onEvent(event) {
  switch (event.type) {
    case 'delivery':
      return event.delivery.data;
    case 'follow':
      return event.source.userId;
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'narrowed by an if',
      filename: file('src/if.js'),
      code: `export function onEvent(event) {
  if (event.type === 'delivery') {
    console.log('delivered to', event.source.userId);
  }
}`,
      errors: [{ messageId: 'deliverySource', line: 3, column: 33, endLine: 3, endColumn: 45 }],
    },
    {
      name: 'after an early return for other types',
      filename: file('src/early.js'),
      code: `export function onDelivery(event) {
  if (event.type !== 'delivery') return;
  const { source } = event;
  return source;
}`,
      errors: [{ messageId: 'deliverySource', line: 3, column: 11 }],
    },
    {
      name: "a case 'delivery': clause",
      filename: file('src/switch.js'),
      code: `export function onEvent(event) {
  switch (event.type) {
    case 'delivery':
      return event.source?.userId;
    default:
      return undefined;
  }
}`,
      errors: [{ messageId: 'deliverySource', line: 4, column: 14 }],
    },
    {
      name: "typed as the SDK's PnpDeliveryCompletionEvent",
      filename: file('src/typed.ts'),
      languageOptions: ts,
      code: `import type { webhook } from '@line/bot-sdk';
export function record(event: webhook.PnpDeliveryCompletionEvent) {
  return event.source;
}`,
      errors: [{ messageId: 'deliverySource', line: 3, column: 10 }],
    },
  ],
});
