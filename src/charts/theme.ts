/**
 * Colours and fonts as a Vega-Lite config. The notebook renderer fills a
 * ChartTheme from VS Code's CSS variables (light, dark, high contrast); the
 * HTML report uses LIGHT_THEME.
 */
import type { Config } from './vl';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface ChartTheme {
  kind: ThemeKind;
  foreground: string;
  /** Chart background; also the background of exported PNG and SVG files. */
  background: string;
  /** Secondary text (subtitles, legend titles). */
  muted: string;
  /** Grid lines and the view's frame. */
  grid: string;
  fontFamily: string;
  fontSize: number;
  /** Colours for layers and splits; empty for Vega's default palette. */
  categories: string[];
}

export const LIGHT_THEME: ChartTheme = {
  kind: 'light',
  foreground: '#1f1f1f',
  background: '#ffffff',
  muted: '#616161',
  grid: '#e5e5e5',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontSize: 12,
  categories: [],
};

const isDark = (kind: ThemeKind) => kind === 'dark' || kind === 'high-contrast';

export function themeConfig(theme: ChartTheme = LIGHT_THEME): Config {
  const { foreground, muted, grid, fontFamily, fontSize } = theme;
  const highContrast = theme.kind === 'high-contrast' || theme.kind === 'high-contrast-light';
  const text = { labelColor: foreground, titleColor: foreground, labelFont: fontFamily, titleFont: fontFamily };
  return {
    background: theme.background,
    font: fontFamily,
    title: { color: foreground, subtitleColor: muted, font: fontFamily, subtitleFont: fontFamily, fontSize: fontSize + 2, anchor: 'start', subtitleFontSize: fontSize - 1 },
    axis: { ...text, gridColor: grid, domainColor: highContrast ? foreground : muted, tickColor: highContrast ? foreground : muted, labelFontSize: fontSize - 1, titleFontSize: fontSize, titleFontWeight: 'normal', gridOpacity: highContrast ? 0.6 : 1 },
    legend: { ...text, labelFontSize: fontSize - 1, titleFontSize: fontSize - 1, titleFontWeight: 'normal' },
    header: { ...text, labelFontSize: fontSize, titleFontSize: fontSize },
    view: { stroke: grid },
    // Neutral marks (the facet layout's trajectories) take the text colour.
    line: { color: muted },
    range: {
      ...(theme.categories.length > 0 ? { category: theme.categories } : {}),
      // Epochs: viridis without the end that vanishes into the background
      // (dark purple on dark themes, yellow on light ones).
      ramp: { scheme: 'viridis', extent: isDark(theme.kind) ? [0.2, 1] : [0, 0.88] },
    },
  };
}
