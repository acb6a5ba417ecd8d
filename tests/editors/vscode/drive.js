// Drives a code-server workbench with the podls extension installed, through headless Chromium.
// Usage: node drive.js URL ARTIFACT_DIR SETTINGS_JSON LOG_DIR MODE   (run.sh starts code-server and calls this)
// Opens tests/editors/fixtures/pod.yaml and checks, as a user would see them:
//   setting  the error squiggle, the Problems panel entries (codes and lines), the protocol trace in
//            the output channel, a hover, completion items, changed `podls.rules.*` settings
//            (edited in SETTINGS_JSON through the settings editor) and the Restart Server command
//   bundled  the squiggle and the Problems panel, served by the server bundled in the extension
//   missing  the error message with the fix, when there is no server at all
// LOG_DIR holds VS Code's logs, among them the "podls" output channel's file. Saves screenshots into
// ARTIFACT_DIR. Prints one `ok`/`not ok` line per check; exits 0 only when all passed.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const [url, artifacts, settingsFile, logDir, mode = 'setting'] = process.argv.slice(2);

// Lines of the "podls" output channel, which VS Code also writes to a file under LOG_DIR.
function outputChannelLines() {
  const files = fs.readdirSync(logDir, { recursive: true }).filter((f) => /podls\.log$/.test(String(f)));
  return files.flatMap((f) => fs.readFileSync(path.join(logDir, String(f)), 'utf8').split('\n'));
}
const t0 = Date.now();
const log = (m) => console.log(`# [${Date.now() - t0} ms] ${m}`);
let failures = 0;
function check(ok, what, detail) {
  if (!ok) failures++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}${detail !== undefined ? `: ${detail}` : ''}`);
  return ok;
}
const oneLine = (s) => s.replace(/\s+/g, ' ').trim();

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await input.fill(name);
  // Quick Open first lists recent files: wait until the filtered first row is the file.
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: name }).waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 20000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20000 });
}

// The rendered editor line whose text starts with `prefix` (after indentation).
function editorLine(page, prefix) {
  return page.locator('.monaco-editor .view-line').filter({ hasText: new RegExp(`^\\s*${prefix}`) }).first();
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: title }).waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

async function hoverText(page, token) {
  // Retried: the first hover can come before the server has the document.
  for (let i = 0; i < 15; i++) {
    await page.mouse.move(0, 0);
    await token.hover();
    const box = page.locator('.monaco-hover .hover-contents').first();
    const shown = await box.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false);
    if (shown) {
      const text = (await box.innerText()).trim();
      if (text) return text;
    }
  }
  return '';
}

async function suggestLabels(page) {
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    const row = page.locator('.suggest-widget .monaco-list-row').first();
    if (await row.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) {
      return page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts();
    }
  }
  return [];
}

async function main(page) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  log('workbench loaded');
  await page.locator('.explorer-folders-view, .monaco-list').first().waitFor({ timeout: 30000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => {});
  await openFile(page, 'pod.yaml');
  log('pod.yaml open');

  if (mode === 'missing') {
    // No server anywhere: the extension says so, with the fix, in a notification.
    const toast = page.locator('.notification-toast', { hasText: 'podls server was not found' }).first();
    const shown = await toast.waitFor({ timeout: 30000 }).then(() => true, () => false);
    const text = shown ? oneLine(await toast.innerText()) : '';
    check(shown && text.includes('cargo build --release') && text.includes('podls.server.path'),
      'error message with the fix when no server is found', text);
    await page.screenshot({ path: path.join(artifacts, 'vscode-missing.png') });
    return;
  }

  // The server's errors are drawn as squiggles in the editor.
  const squiggle = await page.locator('.monaco-editor .squiggly-error').first()
    .waitFor({ timeout: 30000 }).then(() => true, () => false);
  if (!check(squiggle, 'error squiggle in pod.yaml')) return;
  log('squiggle visible');

  // The Problems panel lists each diagnostic with its code and position.
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-tl-row');
  let problems = [];
  const want = [/unknown-field.*\[Ln 12, Col 7\]/, /invalid-value.*\[Ln 7, Col \d+\]/];
  for (let i = 0; i < 50; i++) {
    problems = (await rows.allInnerTexts()).map(oneLine);
    if (want.every((re) => problems.some((p) => re.test(p)))) break;
    await page.waitForTimeout(200);
  }
  for (const p of problems) log(`problem: ${p}`);
  check(problems.some((p) => want[0].test(p)), 'Problems panel: unknown-field at Ln 12');
  check(problems.some((p) => want[1].test(p)), 'Problems panel: invalid-value at Ln 7');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(artifacts, `vscode-${mode}-problems.png`) });
  if (mode === 'setting') {
    // run.sh set podls.trace.server to "messages": the protocol traffic is in the output channel.
    const traced = outputChannelLines().some((l) => /Sending request 'initialize/.test(l));
    check(traced, 'podls.trace.server logs the protocol traffic');
  }
  if (mode === 'bundled') {
    const started = outputChannelLines().filter((l) => /^Starting .* lsp \(found via/.test(l));
    check(started.length === 1 && started[0].includes('found via bundled with the extension'),
      'the extension started its bundled server', started.join(' | '));
    return;
  }

  // Hover on the `imagePullPolicy` key shows the Kubernetes field description.
  const key = editorLine(page, 'imagePullPolicy').locator('span', { hasText: /^imagePullPolicy$/ }).first();
  await key.waitFor({ timeout: 10000 });
  const hover = await hoverText(page, key);
  check(hover.includes('Image pull policy'), 'hover on imagePullPolicy', oneLine(hover).slice(0, 160));
  await page.screenshot({ path: path.join(artifacts, 'vscode-hover.png') });
  await page.keyboard.press('Escape');

  // Completion of the value: clear `IfNotPresent` the way a user would, then ask for suggestions.
  await editorLine(page, 'imagePullPolicy').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await page.keyboard.press('Delete');
  const labels = await suggestLabels(page);
  check(['Always', 'IfNotPresent', 'Never'].every((l) => labels.includes(l)),
    'completion of imagePullPolicy values', labels.join(', '));
  await page.screenshot({ path: path.join(artifacts, 'vscode-completion.png') });
  await page.keyboard.press('Escape');

  // Settings changed while running, in the user settings editor: the extension sends
  // workspace/didChangeConfiguration and the server re-grades its diagnostics.
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  settings['podls.rules.disable'] = ['invalid-value'];
  settings['podls.rules.severity'] = { 'unknown-field': 'warning' };
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  // VS Code opens it in a tab or, in recent versions, in a modal editor: wait for its content.
  await page.locator('.monaco-editor .view-line', { hasText: '"workbench.startupEditor"' }).first().waitFor({ timeout: 20000 });
  await page.keyboard.press('Control+A');
  // insertText types no keys, so no brackets or quotes are auto-closed.
  await page.keyboard.insertText(JSON.stringify(settings, null, 2));
  await page.keyboard.press('Control+S');
  await page.keyboard.press('Escape');
  let regraded = false;
  for (let i = 0; i < 75 && !regraded; i++) {
    await page.waitForTimeout(200);
    problems = (await rows.allInnerTexts()).map(oneLine);
    const warnings = await page.locator('.markers-panel .monaco-tl-row .codicon-warning').count();
    regraded = warnings === 1 && !problems.some((p) => /invalid-value/.test(p))
      && problems.some((p) => want[0].test(p));
  }
  check(regraded, 'changed settings: invalid-value disabled, unknown-field a warning', problems.join(' | '));
  await page.screenshot({ path: path.join(artifacts, 'vscode-settings.png') });

  // "podls: Restart Server" starts a new server, which reports the same diagnostics again.
  await runCommand(page, 'podls: Restart Server');
  let starts = 0;
  for (let i = 0; i < 75 && starts < 2; i++) {
    await page.waitForTimeout(200);
    starts = outputChannelLines().filter((l) => /^Starting .* lsp \(found via/.test(l)).length;
  }
  const back = starts >= 2;
  await page.keyboard.press('Control+Shift+M');
  let reported = false;
  for (let i = 0; i < 75 && back && !reported; i++) {
    problems = (await rows.allInnerTexts()).map(oneLine);
    reported = problems.some((p) => want[0].test(p));
    if (!reported) await page.waitForTimeout(200);
  }
  check(back && reported, 'podls: Restart Server starts the server again', problems.join(' | '));
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  let page;
  try {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await main(page);
  } catch (e) {
    check(false, 'error', e.message.split('\n')[0]);
    if (page) await page.screenshot({ path: path.join(artifacts, `vscode-${mode}-failure.png`) }).catch(() => {});
  } finally {
    await browser.close();
  }
  console.log(`vscode ${mode}: ${failures === 0 ? 'PASS' : 'FAIL'} (${Date.now() - t0} ms)`);
  process.exit(failures === 0 ? 0 : 1);
})();
