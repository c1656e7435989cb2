/**
 * Reader for the CIFAR "binary version" batch files: records of 1 label byte
 * then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, each 32×32 row-major),
 * which is already the channels-first layout [3, 32, 32].
 */
import { DatasetError } from '../errors';

/** Bytes per image: 3 channels of 32 × 32. */
export const CIFAR_IMAGE_BYTES = 3 * 32 * 32;
/** Bytes per record: the label and the image. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_IMAGE_BYTES;

/** The records of one or more batch files. */
export interface CifarRecords {
  /** Number of images. */
  count: number;
  /** Class index of each image. */
  labels: Uint8Array;
  /** Images back to back, each [3, 32, 32] bytes. */
  images: Uint8Array;
}

/** Splits a batch file's bytes into labels and images; `file` names it in errors. */
export function parseCifarBinary(bytes: Uint8Array, file: string, numClasses = 10): CifarRecords {
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / CIFAR_RECORD_BYTES);
    throw new DatasetError(
      `The CIFAR batch file ${file} is truncated or corrupt: it has ${bytes.length} bytes, ` +
        `not a whole, non-zero number of ${CIFAR_RECORD_BYTES}-byte records (${whole} whole record(s) and ${bytes.length % CIFAR_RECORD_BYTES} bytes over). ` +
        'Delete it (or its whole folder) so that the archive is downloaded and extracted again.',
    );
  }
  const count = bytes.length / CIFAR_RECORD_BYTES;
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * CIFAR_IMAGE_BYTES);
  for (let i = 0; i < count; i++) {
    const at = i * CIFAR_RECORD_BYTES;
    const label = bytes[at]!;
    if (label >= numClasses) {
      throw new DatasetError(
        `The CIFAR batch file ${file} is corrupt: record ${i} has label ${label}, expected 0–${numClasses - 1}. ` +
          'Delete it (or its whole folder) so that the archive is downloaded and extracted again.',
      );
    }
    labels[i] = label;
    images.set(bytes.subarray(at + 1, at + CIFAR_RECORD_BYTES), i * CIFAR_IMAGE_BYTES);
  }
  return { count, labels, images };
}

/** Joins the records of several files (the five training batches) into one. */
export function concatRecords(parts: CifarRecords[]): CifarRecords {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * CIFAR_IMAGE_BYTES);
  let at = 0;
  for (const part of parts) {
    labels.set(part.labels, at);
    images.set(part.images, at * CIFAR_IMAGE_BYTES);
    at += part.count;
  }
  return { count, labels, images };
}
