// Messages between the extension host and the webview, one file per feature.
export * from './traces';
