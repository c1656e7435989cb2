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

/** Files are missing and could not be downloaded; `auto` sources catch this one to fall back. */
export class DatasetUnavailableError extends DatasetError {
  constructor(
    readonly dataset: string,
    readonly folder: string,
    subfolder: string,
    readonly reason: string,
    readonly files: NeededFile[],
    alternative = '',
  ) {
    super(
      `${dataset} is not in ${folder} and could not be downloaded: ${reason}.\n` +
        `To use it without a download, put ${files.length === 1 ? 'this file' : 'these files'} in ${folder}:\n` +
        files.map((f) => `  ${f.name}   (from ${f.url})`).join('\n') +
        `\nor pass the dataDir option naming a folder that holds them (or set IBNB_DATA_DIR to a folder containing ${subfolder}/).` +
        (alternative ? ` ${alternative}` : ''),
    );
  }
}
