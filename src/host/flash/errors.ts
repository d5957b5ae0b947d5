/** Typed errors of the firmware upload (src/host/flash). Tests check `code`, not the wording. */

export type FlashErrorCode =
  | "bad-name"
  | "conflicting-names"
  | "no-prompt"
  | "prompt-error"
  | "timeout"
  | "open-failed"
  | "write-failed"
  | "checksum-mismatch"
  | "compile-failed"
  | "closed"
  | "no-luac-cross"
  | "no-lfs"
  | "lfs-build-failed"
  | "lfs-too-big"
  | "lfs-reload-failed";

/** An upload that cannot go on; the message says what happened and, where there is one, the fix. */
export class FlashError extends Error {
  readonly code: FlashErrorCode;
  /** The board file concerned, where there is one. */
  readonly file: string | undefined;
  constructor(code: FlashErrorCode, message: string, file?: string) {
    super(message);
    this.name = "FlashError";
    this.code = code;
    this.file = file;
  }
}
