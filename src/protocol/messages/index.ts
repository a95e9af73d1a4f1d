// Messages between the extension host and the webview: one file per feature, all re-exported here (with the
// framing) so a page or a feature imports them from one place.
export * from '../rpc-types';
export * from './backends';
export * from './compare';
export * from './content-search';
export * from './fixtures';
export * from './insights';
export * from './links';
export * from './panel';
export * from './prompts';
export * from './replay';
export * from './trace-actions';
export * from './traces';
