// Webview entry: register the vscode-elements used by the panel, then the app.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import './components/longText';
import './app';

// Anything the CSP blocks is a bug (a blocked style or script): count it where tests can read it.
let violations = 0;
document.addEventListener('securitypolicyviolation', (e) => {
  violations++;
  document.body.dataset.cspViolations = String(violations);
  console.warn(`Agent Trace Lens webview: CSP blocked ${e.violatedDirective} (${e.blockedURI || 'inline'})`);
});

const root = document.getElementById('root');
if (root && !root.querySelector('atl-app')) root.appendChild(document.createElement('atl-app'));
