/**
 * `audit --probe`: the fixture bot servers (fixtures/probe-*) started on 127.0.0.1 with ephemeral ports
 * and judged by the probe — a compliant one (line-bot-guard/runtime's handler), one that answers after
 * 2.2 s, one that skips verification, one that answers 500 to an unknown event type — plus URL vetting
 * and the built CLI end to end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProbeUrl, isLoopbackHost, lineJson, PROBES, runProbes, sign } from '../src/audit/probe.js';
import type { AuditReport, ProbeRun } from '../src/audit/types.js';
import { BIN, FIXTURES, PROJECT_ROOT } from './harness/cli.js';

const SECRET = 'c0ffee'.repeat(5) + '00';
const SERVERS = ['probe-compliant', 'probe-slow', 'probe-unverified', 'probe-crash-unknown'] as const;
type ServerName = (typeof SERVERS)[number];

// The compliant fixture imports `line-bot-guard/runtime` as an installed dependency: link this package in.
const RUNTIME_LINK = path.join(FIXTURES, 'probe-compliant/node_modules/line-bot-guard');
let createdLink = false;

const servers = new Map<ServerName, { server: Server; url: string }>();
const runs = new Map<ServerName, ProbeRun>();

async function start(name: ServerName): Promise<{ server: Server; url: string }> {
  const module = (await import(path.join(FIXTURES, name, 'server.mjs'))) as { createBotServer(options: { channelSecret: string }): Server };
  const server = module.createBotServer({ channelSecret: SECRET });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook` };
}

function statuses(run: ProbeRun): Record<string, string> {
  return Object.fromEntries(run.results.map((r) => [r.id, r.status]));
}

beforeAll(async () => {
  if (!fs.existsSync(RUNTIME_LINK)) {
    fs.mkdirSync(path.dirname(RUNTIME_LINK), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(RUNTIME_LINK), PROJECT_ROOT), RUNTIME_LINK, 'dir');
    createdLink = true;
  }
  for (const name of SERVERS) servers.set(name, await start(name));
  // The four servers are probed at the same time: the slow one sets the pace (about 2 × 2.2 s).
  const results = await Promise.all(SERVERS.map((name) => runProbes(new URL(servers.get(name)!.url), { channelSecret: SECRET })));
  SERVERS.forEach((name, i) => runs.set(name, results[i]!));
});

afterAll(async () => {
  for (const { server } of servers.values()) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (createdLink) fs.rmSync(path.dirname(RUNTIME_LINK), { recursive: true, force: true });
});

describe('probe against the fixture servers', () => {
  it('sends the planned requests: several events from different users, signed as LINE signs', () => {
    const run = runs.get('probe-compliant')!;
    expect(run.results.map((r) => r.id)).toEqual(PROBES.map((p) => p.id));
    expect(run.deadlineMs).toBe(2000);
    const large = run.results.find((r) => r.id === 'large-body')!;
    expect(large.requestBytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(large.requestBytes).toBeLessThan(2.1 * 1024 * 1024);
  });

  it('passes the compliant server (runtime handler) on every probe', () => {
    const run = runs.get('probe-compliant')!;
    expect(run.results.filter((r) => r.status === 'fail')).toEqual([]);
    const byId = Object.fromEntries(run.results.map((r) => [r.id, r]));
    expect(byId['several-events']!.httpStatus).toBe(200);
    expect(byId['bad-signature']!.httpStatus).toBe(401);
    expect(byId['missing-signature']!.httpStatus).toBe(401);
    expect(byId['large-body']!.httpStatus).toBe(413);
    for (const r of run.results) expect(r.latencyMs).toBeLessThan(2000);
  });

  it('fails the slow server on every valid request (answered after the 2 s deadline), passes its rejections', () => {
    const run = runs.get('probe-slow')!;
    expect(statuses(run)).toEqual({
      'several-events': 'fail',
      'unknown-properties': 'fail',
      'unknown-event-type': 'fail',
      redelivery: 'fail',
      'empty-events': 'fail',
      'bad-signature': 'pass',
      'missing-signature': 'pass',
      'large-body': 'fail',
    });
    const first = run.results[0]!;
    expect(first.httpStatus).toBe(200);
    expect(first.latencyMs).toBeGreaterThan(2000);
    expect(first.detail).toMatch(/^answered 200 after \d+ ms \(deadline 2000 ms\)$/);
  });

  it('fails the server that skips verification on the bad and the missing signature', () => {
    const run = runs.get('probe-unverified')!;
    expect(statuses(run)).toEqual({
      'several-events': 'pass',
      'unknown-properties': 'pass',
      'unknown-event-type': 'pass',
      redelivery: 'pass',
      'empty-events': 'pass',
      'bad-signature': 'fail',
      'missing-signature': 'fail',
      'large-body': 'pass',
    });
    expect(run.results.find((r) => r.id === 'bad-signature')!.detail).toMatch(/accepted without a valid signature/);
  });

  it('fails the server that answers 500 to an unknown event type, and only on that probe', () => {
    const run = runs.get('probe-crash-unknown')!;
    expect(run.results.filter((r) => r.status === 'fail').map((r) => [r.id, r.httpStatus])).toEqual([['unknown-event-type', 500]]);
  });

  it('reports a server that does not answer', async () => {
    const closed = await start('probe-compliant');
    closed.server.close();
    await new Promise((resolve) => closed.server.once('close', resolve));
    const run = await runProbes(new URL(closed.url), { channelSecret: SECRET, timeoutMs: 1000 });
    expect(run.results.every((r) => r.status === 'fail' && r.httpStatus === undefined)).toBe(true);
    expect(run.results[0]!.detail).toMatch(/^request failed: ECONNREFUSED/);
  });
});

describe('probe requests', () => {
  it('writes JSON as LINE does (emoji as surrogate escapes) and signs the exact bytes', () => {
    const text = lineJson({ text: 'a😀あ' });
    expect(text).toBe('{"text":"a\\uD83D\\uDE00あ"}');
    expect(sign(Buffer.from(text), 'secret')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('probe targets', () => {
  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.3.2.1', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['10.0.0.1', '128.0.0.1', 'localhost.example.com', 'example.com', '[::2]', '0.0.0.0']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('accepts loopback URLs, refuses others unless allowed, and never LINE hosts', () => {
    expect(checkProbeUrl('http://localhost:3000/webhook').href).toBe('http://localhost:3000/webhook');
    expect(checkProbeUrl('http://127.1:8080/callback').hostname).toBe('127.0.0.1');
    expect(checkProbeUrl('https://[::1]/webhook').hostname).toBe('[::1]');
    expect(() => checkProbeUrl('https://staging.example.com/webhook')).toThrow(/--allow-remote/);
    expect(checkProbeUrl('https://staging.example.com/webhook', true).hostname).toBe('staging.example.com');
    for (const url of ['https://api.line.me/v2/bot/message/push', 'https://LINE.ME./x', 'https://manager.line.biz/', 'https://api-data.line.me/']) {
      expect(() => checkProbeUrl(url, true), url).toThrow(/never the LINE Platform/);
    }
    expect(() => checkProbeUrl('ftp://127.0.0.1/x')).toThrow(/http: or https:/);
    expect(() => checkProbeUrl('http://user:pw@127.0.0.1/x')).toThrow(/credentials/);
    expect(() => checkProbeUrl('not a url')).toThrow(/expects an http\(s\) URL/);
  });
});

/** The built CLI, spawned without blocking this process (the servers answer from here). */
function runCliAsync(args: string[], env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

describe('line-bot-guard audit --probe (built CLI)', () => {
  it('audits the compliant bot and its running server: exit 0, every probe passed and feeding its items', async () => {
    const run = await runCliAsync(
      ['audit', path.join(FIXTURES, 'probe-compliant'), '--probe', servers.get('probe-compliant')!.url, '--channel-secret-env', 'BOT_SECRET', '--format', 'json'],
      { BOT_SECRET: SECRET },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.summary.probesFailed).toBe(0);
    expect(report.summary.probesPassed).toBe(PROBES.length);
    const structure = report.items.find((i) => i.id === 'webhook-structure-changes')!;
    expect(structure.probes).toEqual(['unknown-properties', 'unknown-event-type']);
    expect(structure.status).not.toBe('fail');
    expect(run.stdout).not.toContain(SECRET);
  });

  it('exits 1 when a probe fails, and shows the failure in the terminal report', async () => {
    const run = await runCliAsync(['audit', path.join(FIXTURES, 'probe-crash-unknown'), '--probe', servers.get('probe-crash-unknown')!.url, '--channel-secret-env', 'BOT_SECRET'], {
      BOT_SECRET: SECRET,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✖ FAIL\s+unknown-event-type\s+answered 500 in \d+ ms; expected 200/);
    expect(run.stdout).toMatch(/✖ FAIL\s+New properties and event types tolerated/);
  });
});
