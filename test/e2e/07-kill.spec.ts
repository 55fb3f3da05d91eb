import { expect, test, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REVIEWER, samplePaths, tempDir } from './helpers.ts';
import { annotationsOnDisk, dragSelect, expectSaved, openDocument } from './workspace-helpers.ts';

/**
 * The app's own server, started and killed by the test: "Saved" must mean on disk, whatever happens
 * to the process right after.
 */
async function startServer(dataDir: string, projectDir: string): Promise<{ child: ChildProcess; url: string }> {
  const token = randomBytes(16).toString('hex');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/web/serve.ts', '--port', '0', '--data-dir', dataDir, '--project', projectDir, '--token', token],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const match = /running at (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
  });
  return { child, url };
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

async function answerName(page: Page): Promise<void> {
  const welcome = page.getByRole('dialog', { name: 'Welcome to Clausemark' });
  await expect(welcome.or(page.getByTestId('reviewer-name'))).toBeVisible({ timeout: 20_000 });
  if (await welcome.isVisible()) {
    await welcome.getByLabel('Your name').fill(REVIEWER);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('reviewer-name')).toHaveText(REVIEWER);
}

test('killing the server (SIGKILL) right after "Saved" loses nothing that was shown as saved', async ({ page }) => {
  test.setTimeout(90_000);
  const temp = tempDir('kill');
  try {
    const dataDir = join(temp.dir, 'data');
    const projectDir = join(temp.dir, 'Kill test');
    // The project, made with the clausemark command.
    for (const args of [['init', projectDir], ['import', projectDir, ...samplePaths()]]) {
      const run = spawnSync(process.execPath, ['bin/clausemark.js', ...args], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
    }

    let server = await startServer(dataDir, projectDir);
    await page.goto(server.url);
    await answerName(page);
    await openDocument(page, 'azoomar');
    await dragSelect(page, 'Azoomar LLC, we value your privacy');
    await page.keyboard.press('1');
    await dragSelect(page, 'We also use cookies and similar technologies to enhance your experience.');
    await page.keyboard.press('6');
    await page.getByRole('region', { name: 'Annotation details' }).getByRole('textbox', { name: 'Note' }).fill('Saved just before the crash.');
    await page.getByRole('region', { name: 'Annotation details' }).getByRole('combobox', { name: 'Label' }).focus();
    await expectSaved(page);
    await killed(server.child);

    const onDisk = annotationsOnDisk(projectDir, 'ines-duarte.jsonl');
    expect(onDisk.map((a) => a.label).sort()).toEqual(['Data Security', 'First Party Collection/Use']);
    expect(onDisk.find((a) => a.label === 'Data Security')?.note).toBe('Saved just before the crash.');

    // After a restart the reviewer sees exactly what they saw as saved.
    server = await startServer(dataDir, projectDir);
    await page.goto(server.url);
    await answerName(page);
    await openDocument(page, 'azoomar');
    const list = page.getByRole('list', { name: 'Annotations' });
    await expect(list.getByRole('button')).toHaveCount(2);
    await expect(list).toContainText('Azoomar LLC, we value your privacy');
    await list.getByRole('button', { name: /Data Security/ }).click();
    await expect(page.getByRole('region', { name: 'Annotation details' }).getByRole('textbox', { name: 'Note' })).toHaveValue('Saved just before the crash.');
    await killed(server.child);
  } finally {
    temp.remove();
  }
});
