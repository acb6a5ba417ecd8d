// VS Code client for podls: finds the server, starts `podls lsp` over stdio and forwards the
// `podls.*` settings. It holds no Kubernetes knowledge: the server decides which YAML documents
// are Pods and what to report about them.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

/** Where the server binary was found, for the log and the error message. */
interface ServerLocation {
  command: string;
  from: 'setting podls.server.path' | 'bundled with the extension' | 'PATH';
}

const exe = process.platform === 'win32' ? '.exe' : '';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('podls');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('podls.restartServer', () => restart(context)),
    vscode.commands.registerCommand('podls.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => onConfigurationChanged(context, e)),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const location = findServer(context);
  if (!location) {
    return;
  }
  output.appendLine(`Starting ${location.command} lsp (found via ${location.from})`);

  const serverOptions: ServerOptions = {
    // No `transport` on purpose: vscode-languageclient would append `--stdio` to the arguments.
    run: { command: location.command, args: ['lsp'] },
    debug: { command: location.command, args: ['lsp'] },
  };
  const clientOptions: LanguageClientOptions = {
    // Every YAML file goes to the server; it ignores documents that are not Pods.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: output,
  };
  // The id `podls` makes vscode-languageclient honour the `podls.trace.server` setting.
  client = new LanguageClient('podls', 'podls', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`The server failed to start: ${String(err)}`);
    void showError(`podls: the server at ${location.command} failed to start. See the "podls" output for details.`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) {
    try {
      await running.dispose();
    } catch (err) {
      output.appendLine(`Stopping the server failed: ${String(err)}`);
    }
  }
}

// Restarts run one after another, so a repeated command or a burst of setting changes cannot
// start two servers side by side.
let restarting: Promise<void> = Promise.resolve();

function restart(context: vscode.ExtensionContext): Promise<void> {
  restarting = restarting.catch(() => undefined).then(async () => {
    output.appendLine('Restarting the server');
    await stop();
    await start(context);
  });
  return restarting;
}

/** The settings the server understands, in the shape it accepts for both
 *  `initializationOptions` and `workspace/didChangeConfiguration`. */
function serverSettings(): { podls: Record<string, unknown> } {
  const cfg = vscode.workspace.getConfiguration('podls');
  const podls: Record<string, unknown> = {
    rules: {
      disable: cfg.get<string[]>('rules.disable', []),
      severity: cfg.get<Record<string, string>>('rules.severity', {}),
    },
    inlayHints: { enabled: cfg.get<boolean>('inlayHints.enabled', false) },
    configurationPreference: cfg.get<string>('configurationPreference', 'editorFirst'),
  };
  // Sent only when set: an unset one leaves the key to a `.podls.yaml`.
  for (const key of CLUSTER_SETTINGS) {
    const value = cfg.get<unknown>(key, null);
    if (value !== null && value !== undefined) {
      podls[key] = value;
    }
  }
  return { podls };
}

/** The settings that describe the cluster and the files, which a `.podls.yaml` may give instead. */
const CLUSTER_SETTINGS = ['kubernetesVersion', 'featureGates', 'helm', 'kustomize'];

async function onConfigurationChanged(
  context: vscode.ExtensionContext,
  e: vscode.ConfigurationChangeEvent,
): Promise<void> {
  if (e.affectsConfiguration('podls.server.path')) {
    await restart(context);
    return;
  }
  const sent = ['rules', 'inlayHints', 'configurationPreference', ...CLUSTER_SETTINGS];
  if (client?.isRunning() && sent.some((key) => e.affectsConfiguration(`podls.${key}`))) {
    const settings = serverSettings();
    output.appendLine(`Settings changed, sending them to the server: ${JSON.stringify(settings)}`);
    await client.sendNotification('workspace/didChangeConfiguration', { settings });
  }
}

/** Looks for the server in this order: the `podls.server.path` setting, a binary bundled in the
 *  extension's `server/` folder, then `podls` on `PATH`. Shows an error with the fix when none exists. */
function findServer(context: vscode.ExtensionContext): ServerLocation | undefined {
  const configured = vscode.workspace.getConfiguration('podls').get<string>('server.path', '').trim();
  if (configured) {
    const command = resolveConfiguredPath(configured);
    if (isExecutable(command)) {
      return { command, from: 'setting podls.server.path' };
    }
    output.appendLine(`podls.server.path is set to ${command}, which is not an executable file`);
    void showError(
      `podls: the server path ${command} (setting podls.server.path) is not an executable file. ` +
        'Fix the setting, or clear it to use podls from PATH.',
    );
    return undefined;
  }

  const bundled = path.join(context.extensionPath, 'server', `podls${exe}`);
  if (isExecutable(bundled)) {
    return { command: bundled, from: 'bundled with the extension' };
  }

  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = dir && path.join(dir, `podls${exe}`);
    if (candidate && isExecutable(candidate)) {
      return { command: candidate, from: 'PATH' };
    }
  }

  output.appendLine(`podls was not found: podls.server.path is empty, ${bundled} does not exist, and no podls is on PATH`);
  void showError(
    'podls: the podls server was not found. Build it with `cargo build --release` in the podls repository, ' +
      'then put target/release/podls on PATH or set podls.server.path to its full path, ' +
      'and run "podls: Restart Server".',
  );
  return undefined;
}

/** Expands a leading `~`, and resolves a relative path against the first workspace folder. */
function resolveConfiguredPath(configured: string): string {
  if (configured === '~' || configured.startsWith('~/')) {
    return path.join(os.homedir(), configured.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!path.isAbsolute(configured) && folder?.uri.scheme === 'file') {
    return path.join(folder.uri.fsPath, configured);
  }
  return configured;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function showError(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'podls.server.path');
  } else if (choice === 'Show Output') {
    output.show(true);
  }
}
