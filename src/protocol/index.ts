export * from './messages';
export * from './rpc';
export * from './structure-codec';
