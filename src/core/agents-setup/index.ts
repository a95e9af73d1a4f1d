// Setting up coding agents to send their telemetry to the local receiver: the pure part.
export * from './agents';
export * from './terminal-env';
export * from './command-line';
export * from './codex-toml';
export * from './copilot-settings';
