// Copilot agent mode in VS Code: its OpenTelemetry export is configured by user settings.
import * as vscode from 'vscode';
import { COPILOT_OTEL_SECTION, copilotOtelChanges, type CopilotOtelValues, type SettingChange } from '../../core/agents-setup/copilot-settings';

/** The effective values, read from the user settings only (the setup writes there). */
function userValues(): CopilotOtelValues {
  const config = vscode.workspace.getConfiguration(COPILOT_OTEL_SECTION);
  const user = (key: keyof CopilotOtelValues): unknown => config.inspect(key)?.globalValue;
  return { enabled: user('enabled'), captureContent: user('captureContent'), exporterType: user('exporterType'), otlpEndpoint: user('otlpEndpoint') };
}

export function copilotChatChanges(httpEndpoint: string, captureContent: boolean): SettingChange[] {
  return copilotOtelChanges(userValues(), httpEndpoint, captureContent);
}

/** Writes the changes to user settings; false when Copilot Chat's settings are not known to this VS Code. */
export async function applyCopilotChatChanges(changes: readonly SettingChange[]): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(COPILOT_OTEL_SECTION);
  try {
    for (const change of changes) await config.update(change.key, change.value, vscode.ConfigurationTarget.Global);
    return true;
  } catch {
    // "not a registered configuration": the Copilot Chat extension is not installed or too old.
    return false;
  }
}
