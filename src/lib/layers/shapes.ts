/**
 * Users give and see image shapes channels-first, like PyTorch and PyGlow
 * ([channels, height, width]); TensorFlow.js layers compute channels-last.
 * These two functions are the only place that converts between them.
 */

/** [c, h, w] → [h, w, c]; other ranks unchanged. */
export function toInternalShape(userShape: readonly number[]): number[] {
  return userShape.length === 3 ? [userShape[1], userShape[2], userShape[0]] : [...userShape];
}

/** [h, w, c] → [c, h, w]; other ranks unchanged. */
export function toUserShape(internalShape: readonly number[]): number[] {
  return internalShape.length === 3 ? [internalShape[2], internalShape[0], internalShape[1]] : [...internalShape];
}

export function formatShape(internalShape: readonly number[]): string {
  return `[${toUserShape(internalShape).join(', ')}]`;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
