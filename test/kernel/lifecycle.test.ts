import { spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelClient } from '../../src/kernelClient/client';
import { KernelDiedError, type KernelExit } from '../../src/kernelClient/kernelExit';
import { isProcessAlive } from '../support/processes';
import { notebookFolder, requireBuiltKernel } from './helpers';

test('a kernel that dies is reported with its exit code and last stderr; the next cell gets a fresh kernel', async () => {
  const folder = notebookFolder();
  const client = new KernelClient({ kernelPath: requireBuiltKernel() });
  try {
    const exits: KernelExit[] = [];
    client.onExit((exit) => exits.push(exit));
    await client.start();
    const firstPid = client.pid!;
    const dying = client.execute({ cellId: 'a', code: "require('node:fs').writeSync(2, 'last words\\n');\nprocess.exit(3);", notebookDir: folder.dir });
    await assert.rejects(dying, (error: unknown) => {
      assert.ok(error instanceof KernelDiedError);
      assert.equal(error.exit.code, 3);
      assert.equal(error.exit.expected, false);
      assert.match(error.message, /^The kernel exited with code 3; its variables are lost\. Restart the kernel and re-run the cells you need\. Its last error output:\nlast words$/);
      return true;
    });
    assert.equal(exits.length, 1);
    const next = await client.execute({ cellId: 'b', code: '1 + 1', notebookDir: folder.dir });
    assert.equal(next.status, 'ok');
    assert.notEqual(client.pid, firstPid);
  } finally {
    client.dispose();
    folder.cleanup();
  }
});

test('restart() gives a fresh kernel; dispose() leaves no process behind', async () => {
  const folder = notebookFolder();
  const client = new KernelClient({ kernelPath: requireBuiltKernel() });
  await client.execute({ cellId: 'a', code: 'const kept = 1;', notebookDir: folder.dir });
  const before = client.pid!;
  await client.restart();
  assert.notEqual(client.pid, before);
  assert.ok(!isProcessAlive(before));
  const fresh = await client.execute({ cellId: 'b', code: 'typeof kept', notebookDir: folder.dir });
  assert.equal(fresh.status, 'ok');
  const pid = client.pid!;
  client.dispose();
  for (let i = 0; i < 100 && isProcessAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(!isProcessAlive(pid), 'the kernel process is gone');
  await assert.rejects(client.execute({ cellId: 'c', code: '1', notebookDir: folder.dir }), /disposed/);
  folder.cleanup();
});

test('a missing kernel bundle is a clear error, and the next try starts afresh', async () => {
  const client = new KernelClient({ kernelPath: '/nonexistent/kernel/main.js' });
  await assert.rejects(client.start(), /the kernel bundle \/nonexistent\/kernel\/main\.js is missing\. Build it with `npm run build`/);
  await assert.rejects(client.start(), /is missing/);
  client.dispose();
});

test('a kernel busy in a loop ends when its client is killed: no orphan keeps spinning', async () => {
  const folder = notebookFolder();
  // A client process (as the CLI or an extension host would be) that starts a kernel, sets it
  // spinning, prints the kernel's pid, and is then killed outright.
  const clientScript = `
    const { KernelClient } = require(${JSON.stringify(require.resolve('../../src/kernelClient/client'))});
    const client = new KernelClient({ kernelPath: ${JSON.stringify(requireBuiltKernel())} });
    client.start().then(() => {
      client.execute({ cellId: 'spin', code: 'while (true) {}', notebookDir: ${JSON.stringify(folder.dir)} }).catch(() => {});
      setTimeout(() => console.log('kernel ' + client.pid), 300);
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', clientScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const kernelPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (data: Buffer) => {
        out += data.toString();
        const match = /kernel (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the client exited (${code}) before starting its kernel: ${out}`)));
    });
    assert.ok(isProcessAlive(kernelPid), 'the kernel runs');
    child.kill('SIGKILL');
    for (let i = 0; i < 100 && isProcessAlive(kernelPid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(!isProcessAlive(kernelPid), 'the kernel is gone within 5 s of its client');
  } finally {
    child.kill('SIGKILL');
    folder.cleanup();
  }
});
