/** The renderer's own CSS (no payload text in it), added once per document or shadow root. */
const STYLE_ID = 'ibnb-renderer-style';

const CSS = `
.ibnb-output { position: relative; width: 100%; box-sizing: border-box; color: var(--vscode-editor-foreground, inherit); font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: 12px; }
.ibnb-header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin: 2px 0 4px; }
.ibnb-caption { opacity: 0.85; }
.ibnb-header button { font: inherit; cursor: pointer; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 1px 8px;
  color: var(--vscode-button-secondaryForeground, #1f1f1f); background: var(--vscode-button-secondaryBackground, #e5e5e5); }
.ibnb-header button:hover { background: var(--vscode-button-secondaryHoverBackground, #d5d5d5); }
.ibnb-scrubber { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; margin: 0 0 6px; }
.ibnb-scrubber[hidden] { display: none; }
.ibnb-scrubber button, .ibnb-scrubber select { font: inherit; cursor: pointer; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 1px 8px;
  color: var(--vscode-button-secondaryForeground, #1f1f1f); background: var(--vscode-button-secondaryBackground, #e5e5e5); }
.ibnb-scrubber button { min-width: 5.5em; }
.ibnb-scrub { flex: 1 1 200px; min-width: 120px; accent-color: var(--vscode-focusBorder, auto); }
.ibnb-scrub-readout { min-width: 13em; font-variant-numeric: tabular-nums; }
.ibnb-slot { position: relative; width: 100%; }
.ibnb-unit.ibnb-pending { position: absolute; top: 0; left: 0; right: 0; visibility: hidden; pointer-events: none; }
.ibnb-bindings { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 14px; margin: 0 0 6px; }
.ibnb-bindings:empty { display: none; }
.ibnb-bindings .vega-bind { display: inline-flex; align-items: center; }
.ibnb-bindings .vega-bind-name { margin-right: 2px; }
.ibnb-bindings .vega-bind-radio label { margin-right: 6px; }
.ibnb-bindings input, .ibnb-bindings select { accent-color: var(--vscode-focusBorder, auto); }
.ibnb-chart { width: 100%; }
.ibnb-chart.vega-embed { display: block; }
.ibnb-message, .ibnb-note { white-space: pre-wrap; padding: 6px 10px; margin: 4px 0; border-left: 3px solid var(--vscode-editorError-foreground, #c72e0f); }
.ibnb-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.ibnb-note { border-left-color: var(--vscode-editorWarning-foreground, #bf8803); opacity: 0.9; }
`;

export function ensureStyles(element: HTMLElement): void {
  const root = element.getRootNode();
  const container = root instanceof ShadowRoot ? root : document.head;
  if (root instanceof ShadowRoot ? root.getElementById(STYLE_ID) : document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  container.appendChild(style);
}
