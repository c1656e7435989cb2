/** Why a notebook file could not be read or written; the message names the file and the problem. */
export class NotebookError extends Error {
  constructor(
    readonly fileName: string,
    readonly problem: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The file is not a valid `.ibnb` notebook. */
export class NotebookFormatError extends NotebookError {
  constructor(fileName: string, problem: string) {
    super(fileName, problem, `${fileName} is not a valid .ibnb notebook: ${problem}. Fix it by hand or restore it from version control; it was left unchanged.`);
  }
}

/** The file cannot be read or written (missing, a folder, no permission). */
export class NotebookFileError extends NotebookError {
  constructor(fileName: string, problem: string) {
    super(fileName, problem, `${fileName}: ${problem}.`);
  }
}
