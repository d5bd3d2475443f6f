import { spawnSync, spawn } from 'node:child_process';
const { createBotServer } = await import('/work/main/fixtures/probe-slow/server.mjs');
const server = createBotServer({ channelSecret: 's3cret' });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/webhook`;
const child = spawn(process.execPath, ['dist/src/cli/bin.js', 'audit', 'fixtures/probe-slow', '--probe', url, '--channel-secret-env', 'S', '-f', process.argv[2], '-o', process.argv[3]], { env: { ...process.env, S: 's3cret' }, stdio: 'inherit' });
child.on('close', (code) => { console.log('exit', code); server.closeAllConnections(); server.close(); });
