/**
 * VS Code's colours for the charts. The output webview carries the editor's
 * theme as CSS variables (--vscode-*) and a body class (vscode-light,
 * vscode-dark, vscode-high-contrast, vscode-high-contrast-light), both of
 * which change in place when the user switches themes.
 */
import { LIGHT_THEME, type ChartTheme, type ThemeKind } from '../src/charts/index';

const DARK_FALLBACK: ChartTheme = { ...LIGHT_THEME, kind: 'dark', foreground: '#cccccc', background: '#1f1f1f', muted: '#9d9d9d', grid: '#3c3c3c' };

/** VS Code's chart palette (used by its own charts), then Tableau 10 for layers beyond six. */
const CHART_COLOURS = ['blue', 'orange', 'green', 'red', 'purple', 'yellow'];
const TABLEAU_REST = ['#e377c2', '#7f7f7f', '#17becf', '#8c564b'];

function kindOf(body: HTMLElement): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  if (c.contains('vscode-light')) return 'light';
  // Outside VS Code (the report, a test page): the page's own preference.
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function readTheme(doc: Document = document): ChartTheme {
  const body = doc.body;
  const style = getComputedStyle(body);
  const css = (name: string) => style.getPropertyValue(name).trim();
  const kind = kindOf(body);
  const fallback = kind === 'dark' || kind === 'high-contrast' ? DARK_FALLBACK : LIGHT_THEME;
  const highContrast = kind.startsWith('high-contrast');
  const palette = CHART_COLOURS.map((name) => css(`--vscode-charts-${name}`));
  const fontSize = Number.parseFloat(css('--vscode-font-size'));
  return {
    kind,
    foreground: css('--vscode-editor-foreground') || css('--vscode-foreground') || fallback.foreground,
    background: css('--vscode-editor-background') || fallback.background,
    muted: css('--vscode-descriptionForeground') || fallback.muted,
    grid: (highContrast && css('--vscode-contrastBorder')) || css('--vscode-editorWidget-border') || css('--vscode-panel-border') || fallback.grid,
    fontFamily: css('--vscode-font-family') || fallback.fontFamily,
    fontSize: Number.isFinite(fontSize) && fontSize > 6 ? Math.min(fontSize, 16) : fallback.fontSize,
    categories: palette.every(Boolean) ? [...palette, ...TABLEAU_REST] : [],
  };
}

/**
 * Calls `onChange` when VS Code may have switched theme: it sets the body's
 * class and the --vscode-* variables (on <html> or <body>) in place. Returns a stop function.
 */
export function watchTheme(onChange: () => void, doc: Document = document): () => void {
  if (typeof MutationObserver === 'undefined') return () => {};
  const observer = new MutationObserver(() => onChange());
  for (const target of [doc.documentElement, doc.body]) {
    observer.observe(target, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
  }
  return () => observer.disconnect();
}
