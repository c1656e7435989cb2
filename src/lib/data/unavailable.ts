/**
 * The error for "files missing and the download failed", which tells the user
 * exactly which files to put in which folder to work offline.
 */
import { DatasetError } from '../errors';

/** A file the user can place by hand. */
export interface NeededFile {
  /** File name inside the folder. */
  name: string;
  /** Where to get it. */
  url: string;
}

/** What DatasetUnavailableError reports. */
export interface UnavailableArgs {
  /** Display name, e.g. 'MNIST'. */
  dataset: string;
  /** The folder the files were looked for in. */
  folder: string;
  /** The data set's folder name under IBNB_DATA_DIR, e.g. 'mnist'. */
  subfolder: string;
  /** Why the download failed, in a few words. */
  reason: string;
  /** The files still missing. */
  files: NeededFile[];
  /** A remark on the accepted file forms, shown under the list. */
  formsNote?: string;
  /** Another way to get going, shown last. */
  alternative?: string;
}

/** Files are missing and could not be downloaded; `auto` sources catch this one to fall back. */
export class DatasetUnavailableError extends DatasetError {
  readonly folder: string;
  readonly reason: string;
  readonly files: NeededFile[];

  constructor(args: UnavailableArgs) {
    const width = Math.max(...args.files.map((f) => f.name.length));
    super(
      [
        `${args.dataset} is not in ${args.folder} and could not be downloaded (${args.reason}).`,
        `To work offline, put ${args.files.length === 1 ? 'this file' : 'these files'} in ${args.folder}:`,
        ...args.files.map((f) => `  ${f.name.padEnd(width)}   from ${f.url}`),
        ...(args.formsNote ? [args.formsNote] : []),
        `or pass dataDir: '<a folder holding them>', or set IBNB_DATA_DIR to a folder containing ${args.subfolder}/.`,
        ...(args.alternative ? [args.alternative] : []),
      ].join('\n'),
    );
    this.folder = args.folder;
    this.reason = args.reason;
    this.files = args.files;
  }
}
