/** A problem with the file(s) to import, worded for the person who ran the command. */
export class CredsFileError extends Error {
  override name = "CredsFileError";
}

/** The import cannot go ahead (no such session, or a worker holds it). */
export class CredsImportError extends Error {
  override name = "CredsImportError";
}
