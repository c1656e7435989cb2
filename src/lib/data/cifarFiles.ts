/**
 * The CIFAR-10 binary version on disk: finding the six batch files, and
 * downloading plus extracting the archive when they are missing.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { extract } from 'tar';
import { DatasetError } from '../errors';
import { type CifarRecords, concatRecords, parseCifarBinary } from './cifarBinary';
import { download, DownloadError, type ProgressCallback } from './download';
import { DatasetUnavailableError } from './unavailable';

/** The archive torchvision downloads. */
export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
/** Its MD5. */
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';
/** The folder the archive unpacks to. */
export const CIFAR10_FOLDER = 'cifar-10-batches-bin';
/** The five training batches, 10,000 images each. */
export const CIFAR10_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
/** The test batch, 10,000 images. */
export const CIFAR10_TEST_FILE = 'test_batch.bin';
const ALL_FILES = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE];
const ARCHIVE = 'cifar-10-binary.tar.gz';

/** The folder holding all six batch files: <dir>/cifar-10-batches-bin, or `dir` itself; undefined if neither does. */
export function findCifar10Folder(dir: string): string | undefined {
  return [join(dir, CIFAR10_FOLDER), dir].find((folder) => ALL_FILES.every((f) => existsSync(join(folder, f))));
}

/** Options of fetchCifar10. */
export interface FetchCifarArgs {
  /** URL of the .tar.gz archive. */
  url: string;
  /** Its expected MD5. */
  md5: string;
  /** Download progress reports. */
  onProgress: ProgressCallback | undefined;
}

/**
 * Makes <dir>/cifar-10-batches-bin complete: downloads the archive (unless the
 * user put it in `dir`), unpacks it beside, and moves the folder in only once
 * all six files are there. Returns that folder.
 */
export async function fetchCifar10(dir: string, args: FetchCifarArgs): Promise<string> {
  const archive = join(dir, ARCHIVE);
  if (!existsSync(archive)) {
    try {
      await download({ url: args.url, dest: archive, md5: args.md5, onProgress: args.onProgress });
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      throw new DatasetUnavailableError({
        dataset: 'CIFAR-10',
        folder: dir,
        subfolder: 'cifar10',
        reason: `${error.url}: ${error.reason}`,
        files: [{ name: ARCHIVE, url: args.url }],
        formsNote: `(or its unpacked ${CIFAR10_FOLDER}/ folder, holding ${ALL_FILES.join(', ')})`,
      });
    }
  }
  const staging = join(dir, `.extract-${process.pid}-${randomBytes(4).toString('hex')}`);
  const target = join(dir, CIFAR10_FOLDER);
  try {
    await mkdir(staging, { recursive: true });
    await extract({ file: archive, cwd: staging, strict: true, filter: (path) => path.replace(/^\.\//, '').startsWith(`${CIFAR10_FOLDER}/`) });
    const unpacked = join(staging, CIFAR10_FOLDER);
    const missing = ALL_FILES.filter((f) => !existsSync(join(unpacked, f)));
    if (missing.length > 0) throw new Error(`it lacks ${missing.map((f) => `${CIFAR10_FOLDER}/${f}`).join(', ')}`);
    await rm(target, { recursive: true, force: true });
    await rename(unpacked, target);
  } catch (error) {
    await rm(archive, { force: true });
    throw new DatasetError(
      `The CIFAR-10 archive ${archive} could not be unpacked (${(error as Error).message}); it was deleted. ` +
        'Run again to download it afresh, or unpack a good copy into that folder by hand.',
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  // The unpacked files are what is read from now on; the archive would only double the disk use.
  await rm(archive, { force: true });
  return target;
}

/** Reads the five training batches and the test batch of `folder`. */
export async function readCifar10Folder(folder: string): Promise<{ train: CifarRecords; test: CifarRecords }> {
  const read = async (name: string): Promise<CifarRecords> => {
    const file = join(folder, name);
    return parseCifarBinary(await readFile(file), file);
  };
  const [train, test] = await Promise.all([Promise.all(CIFAR10_TRAIN_FILES.map(read)).then(concatRecords), read(CIFAR10_TEST_FILE)]);
  return { train, test };
}
