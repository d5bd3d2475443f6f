/** RuleTester cases for tolerate-unknown-webhook-properties, through the ESLint plugin. */
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import plugin from '../../src/eslint-plugin/index.js';
import { createRuleTester, tempPackage } from '../harness/rule-tester.js';

const ruleTester = createRuleTester();
const dir = tempPackage('^10.8.0');
const file = (name: string) => path.join(dir, name);
const ts = { parser: tsParser } as never;

ruleTester.run('tolerate-unknown-webhook-properties', plugin.rules['tolerate-unknown-webhook-properties']!, {
  valid: [
    {
      name: 'zod: the default object schema strips unknown keys',
      filename: file('src/zod-strip.ts'),
      languageOptions: ts,
      code: `import { z } from 'zod';
export const eventSchema = z.object({ type: z.string(), replyToken: z.string(), webhookEventId: z.string() });
export const bodySchema = z.object({ destination: z.string(), events: z.array(eventSchema) }).passthrough();`,
    },
    {
      name: 'zod: .strict() on a schema that is not a LINE payload',
      filename: file('src/zod-order.ts'),
      languageOptions: ts,
      code: `import { z } from 'zod';
export const orderSchema = z.object({ id: z.string(), quantity: z.number() }).strict();`,
    },
    {
      name: 'Joi: .unknown(true) on the webhook schema',
      filename: file('src/joi-unknown.js'),
      code: `import Joi from 'joi';
export const eventSchema = Joi.object({ type: Joi.string().required(), replyToken: Joi.string(), webhookEventId: Joi.string() }).unknown(true);`,
    },
    {
      name: 'Joi: validated with allowUnknown',
      filename: file('src/joi-allow.js'),
      code: `import Joi from 'joi';
const bodySchema = Joi.object({ destination: Joi.string(), events: Joi.array() });
export function check(body) {
  return bodySchema.validate(body, { allowUnknown: true });
}`,
    },
    {
      name: 'a switch whose default ignores unknown event types',
      filename: file('src/switch-ok.js'),
      code: `export async function handleEvent(event, reply) {
  switch (event.type) {
    case 'message':
      return reply(event.replyToken, 'hi');
    case 'follow':
      return reply(event.replyToken, 'welcome');
    default:
      console.info('ignoring', event.type);
  }
}`,
    },
    {
      name: 'JSON Schema additionalProperties: false on an unrelated schema',
      filename: file('src/ajv-other.js'),
      code: `export const settingsSchema = { type: 'object', properties: { locale: { type: 'string' } }, additionalProperties: false };`,
    },
  ],
  invalid: [
    {
      name: 'zod: .strict() on a webhook event schema',
      filename: file('src/zod-strict.ts'),
      languageOptions: ts,
      code: `import { z } from 'zod';
export const eventSchema = z
  .object({ type: z.string(), replyToken: z.string(), webhookEventId: z.string() })
  .strict();`,
      errors: [{ messageId: 'zodStrict', line: 4, column: 4, endLine: 4, endColumn: 10 }],
    },
    {
      name: 'zod: .strict() on a nested schema inside the webhook body schema',
      filename: file('src/zod-nested.ts'),
      languageOptions: ts,
      code: `import { z } from 'zod';
const sourceSchema = z.object({ type: z.literal('user'), userId: z.string() }).strict();
export const eventSchema = z.object({ type: z.string(), timestamp: z.number(), mode: z.string(), source: sourceSchema });`,
      errors: [{ messageId: 'zodStrict', line: 2, column: 80 }],
    },
    {
      name: 'Joi: an object schema of the webhook body without unknown(true)',
      filename: file('src/joi.js'),
      code: `import Joi from 'joi';
export const bodySchema = Joi.object({
  destination: Joi.string().required(),
  events: Joi.array().items(Joi.object({ type: Joi.string(), replyToken: Joi.string() })),
});`,
      errors: [{ messageId: 'joiObject', line: 2, column: 27 }],
    },
    {
      name: 'JSON Schema (ajv): additionalProperties: false on the event schema',
      filename: file('src/ajv.js'),
      code: `import Ajv from 'ajv';
const eventSchema = {
  type: 'object',
  properties: { type: { type: 'string' }, replyToken: { type: 'string' }, webhookEventId: { type: 'string' } },
  additionalProperties: false,
};
export const validateEvent = new Ajv().compile(eventSchema);`,
      errors: [{ messageId: 'additionalProperties', line: 5, column: 3 }],
    },
    {
      name: 'an exhaustive switch on the event type whose default throws',
      filename: file('src/switch.js'),
      code: `export async function handleEvent(event, reply) {
  switch (event.type) {
    case 'message':
      return reply(event.replyToken, 'hi');
    case 'follow':
      return reply(event.replyToken, 'welcome');
    default:
      throw new Error('unknown event ' + event.type);
  }
}`,
      errors: [{ messageId: 'failingDefault', line: 7, column: 5 }],
    },
    {
      name: 'a switch on the message type whose default answers 400',
      filename: file('src/message-switch.js'),
      code: `import express from 'express';
import * as line from '@line/bot-sdk';
const app = express();
app.post('/webhook', line.middleware({ channelSecret: process.env.SECRET }), (req, res) => {
  for (const event of req.body.events) {
    if (event.type !== 'message') continue;
    switch (event.message.type) {
      case 'text':
      case 'sticker':
        break;
      default:
        return res.status(400).send('unsupported message');
    }
  }
  res.sendStatus(200);
});`,
      errors: [{ messageId: 'failingDefault', line: 11, column: 7 }],
    },
    {
      name: 'NestJS: forbidNonWhitelisted on the webhook DTO',
      filename: file('src/line.controller.ts'),
      languageOptions: ts,
      code: `import { Body, Controller, Headers, Post, UsePipes, ValidationPipe } from '@nestjs/common';
import { validateSignature } from '@line/bot-sdk';
class WebhookDto {
  destination!: string;
  events!: unknown[];
}
@Controller('line')
export class LineController {
  @Post('webhook')
  @UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))
  webhook(@Headers('x-line-signature') signature: string, @Body() body: WebhookDto) {
    return body.events.length;
  }
}`,
      errors: [{ messageId: 'forbidNonWhitelisted', line: 10, column: 51 }],
    },
  ],
});
