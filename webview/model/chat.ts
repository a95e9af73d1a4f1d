// What the details chat view shows, in order: system instructions first, then input and output messages.
import type { ChatMessage, MessagePart, NormalizedSpan } from '../../src/core/model/types';

export interface ChatSections {
  system: MessagePart[] | null;
  input: ChatMessage[] | null;
  output: ChatMessage[] | null;
}

const isSystemRole = (role: string): boolean => role === 'system' || role === 'developer';

/**
 * The span's system instructions lead; a system/developer input message whose parts are all among them is not shown a
 * second time (the normalizer keeps input messages as sent and also lifts their system parts into systemInstructions).
 */
export function chatSections(s: Pick<NormalizedSpan, 'systemInstructions' | 'inputMessages' | 'outputMessages'>): ChatSections {
  const system = s.systemInstructions && s.systemInstructions.length > 0 ? s.systemInstructions : null;
  let input = s.inputMessages;
  if (system && input) {
    const shown = new Set(system.map((p) => JSON.stringify(p)));
    const rest = input.filter((m) => !(isSystemRole(m.role) && m.parts.length > 0 && m.parts.every((p) => shown.has(JSON.stringify(p)))));
    input = rest.length > 0 ? rest : null;
  }
  return { system, input, output: s.outputMessages };
}
