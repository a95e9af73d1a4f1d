export { REPLAY_COMMAND, registerReplay, replayModelCall, type ReplayArgs, type ReplayCommandResult, type ReplayDeps } from './replay';
export { BASE_URLS_SETTING, baseUrlFor, secretName, setReplayConfirmForTests, type Confirm } from './endpoints';
export { MAX_TAB_RUNS, registerReplayTabHandlers, replaySetup, type ReplayTabDeps } from './replay-tab';
export { pickPromptChoice } from './prompt-choice';
