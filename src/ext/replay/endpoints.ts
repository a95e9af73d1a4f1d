// Where a replay is sent and with which key: base URLs from the user's own settings only (a workspace cannot
// redirect a key), keys in SecretStorage, and a first-run confirmation that names the endpoint.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URLS, ReplayBuildError, buildProviderRequest, endpointLabel, type ReplayEndpoint } from '../../core/replay/providers';
import type { ReplayProvider, ReplayRequest } from '../../core/replay/types';
import { SECTION } from '../settings';

export const BASE_URLS_SETTING = 'replay.baseUrls';
const CONFIRMED_KEY = 'agentTraceLens.replay.confirmedEndpoints';

export function secretName(provider: ReplayProvider): string {
  // The two OpenAI APIs share a key.
  return `agentTraceLens.replay.key.${provider === 'openai-responses' ? 'openai' : provider}`;
}

/**
 * The base URL for a provider: the user-settings value (`inspect().globalValue` only, so neither a workspace
 * nor a folder setting can point it elsewhere), else the provider's own endpoint.
 */
export function baseUrlFor(provider: ReplayProvider): string {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<Record<string, unknown>>(BASE_URLS_SETTING);
  const user = inspected?.globalValue;
  const value = user && typeof user === 'object' ? user[provider] ?? (provider === 'openai-responses' ? user.openai : undefined) : undefined;
  return typeof value === 'string' && /^https?:\/\//.test(value) ? value : DEFAULT_BASE_URLS[provider];
}

/** The key from SecretStorage, asked for (and kept there) when there is none. */
export async function keyFor(secrets: vscode.SecretStorage, provider: ReplayProvider): Promise<string | undefined> {
  const name = secretName(provider);
  const stored = await secrets.get(name);
  if (stored) return stored;
  const entered = await vscode.window.showInputBox({
    title: `Agent Trace Lens: ${provider} API key`,
    prompt: 'Kept in VS Code\'s secret storage, sent only to the endpoint you confirm; never written to settings, traces or logs.',
    password: true,
    ignoreFocusOut: true,
  });
  if (!entered) return undefined;
  await secrets.store(name, entered);
  return entered;
}

export type Confirm = (endpoint: string) => Promise<boolean>;

const askUser: Confirm = async (endpoint) => {
  const send = 'Send';
  const answer = await vscode.window.showWarningMessage(
    `Send this span's content (messages, system instructions, tool definitions) to ${endpoint}?`,
    { modal: true, detail: 'Asked once per endpoint. Endpoints come from your user settings (agentTraceLens.replay.baseUrls).' },
    send,
  );
  return answer === send;
};

let confirmOverride: Confirm | null = null;

/** Tests: answer the first-run confirmation (null restores the dialog). */
export function setReplayConfirmForTests(confirm: Confirm | null): void {
  confirmOverride = confirm;
}

/** True when the user confirmed this endpoint now or before. */
export async function confirmEndpoint(state: vscode.Memento, endpoint: string): Promise<boolean> {
  const confirmed = state.get<string[]>(CONFIRMED_KEY, []);
  if (confirmed.includes(endpoint)) return true;
  if (!(await (confirmOverride ?? askUser)(endpoint))) return false;
  await state.update(CONFIRMED_KEY, [...confirmed, endpoint]);
  return true;
}

export type EndpointReady =
  | { ok: true; endpoint: ReplayEndpoint; label: string }
  | { ok: false; message: string };

/**
 * Where `request` goes and with which key, as every replay asks it: the URL its API builds from the user's base
 * URL, the first-run confirmation naming it, then the key (asked for when SecretStorage has none).
 */
export async function readyEndpoint(
  context: Pick<vscode.ExtensionContext, 'secrets' | 'globalState'>, request: ReplayRequest, provider: ReplayProvider,
): Promise<EndpointReady> {
  const baseUrl = baseUrlFor(provider);
  let label: string;
  try {
    label = endpointLabel(buildProviderRequest({ ...request, provider }, { provider, baseUrl, apiKey: '' }).url);
  } catch (error) {
    if (error instanceof ReplayBuildError) return { ok: false, message: error.message };
    throw error;
  }
  if (!(await confirmEndpoint(context.globalState, label))) return { ok: false, message: `not confirmed: nothing was sent to ${label}` };
  const apiKey = await keyFor(context.secrets, provider);
  if (!apiKey) return { ok: false, message: `no ${provider} key: nothing was sent` };
  return { ok: true, endpoint: { provider, baseUrl, apiKey }, label };
}
