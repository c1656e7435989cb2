/**
 * Users give and see image shapes channels-first, like PyTorch and PyGlow
 * ([channels, height, width]); TensorFlow.js layers compute channels-last.
 * These two functions are the only place that converts between them.
 */

/** [c, ...spatial] → [...spatial, c] ([c, length], [c, h, w], [c, d, h, w]); a flat [features] is unchanged. */
export function toInternalShape(userShape: readonly number[]): number[] {
  return userShape.length >= 2 ? [...userShape.slice(1), userShape[0]] : [...userShape];
}

/** [...spatial, c] → [c, ...spatial]; a flat [features] is unchanged. */
export function toUserShape(internalShape: readonly number[]): number[] {
  return internalShape.length >= 2 ? [internalShape[internalShape.length - 1], ...internalShape.slice(0, -1)] : [...internalShape];
}

export function formatShape(internalShape: readonly number[]): string {
  return `[${toUserShape(internalShape).join(', ')}]`;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
