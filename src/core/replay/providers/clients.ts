import type { ReplayProvider } from '../types';
import { anthropicClient, ANTHROPIC_BASE_URL } from './anthropic';
import { geminiClient, GEMINI_BASE_URL } from './gemini';
import { openAiChatClient, OPENAI_BASE_URL } from './openai-chat';
import { openAiResponsesClient } from './openai-responses';
import type { ProviderClient } from './types';

export function clientFor(provider: ReplayProvider): ProviderClient {
  switch (provider) {
    case 'openai': return openAiChatClient;
    case 'openai-responses': return openAiResponsesClient;
    case 'anthropic': return anthropicClient;
    case 'gemini': return geminiClient;
  }
}

/** The provider's own endpoint; any other (Azure, Ollama, a proxy) comes from the user's settings or --base-url. */
export const DEFAULT_BASE_URLS: Record<ReplayProvider, string> = {
  openai: OPENAI_BASE_URL,
  'openai-responses': OPENAI_BASE_URL,
  anthropic: ANTHROPIC_BASE_URL,
  gemini: GEMINI_BASE_URL,
};

/** Where the CLI reads each provider's key from by default. */
export const KEY_ENVIRONMENT: Record<ReplayProvider, string> = {
  openai: 'OPENAI_API_KEY',
  'openai-responses': 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
};
