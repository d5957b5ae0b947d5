/** Typed errors of the host library. Tests check `code` and `field`, not the wording. */

export type ConfigErrorCode =
  | "invalid-json"
  | "not-an-object"
  | "unknown-model"
  | "unknown-keyword"
  | "missing-parameter"
  | "not-a-number"
  | "wrong-length"
  | "out-of-range"
  | "conflicting-parameters"
  | "invalid-nir"
  | "unsupported-node";

/** A layer configuration that cannot run; `field` names the offending key (e.g. "beta", "init.mem"). */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly field: string;
  /** The message without the field. */
  readonly detail: string;
  constructor(code: ConfigErrorCode, field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "ConfigError";
    this.code = code;
    this.field = field;
    this.detail = message;
  }
}

/** A network file (net.json or .nir) that cannot run; `field` names the offending key or NIR node. */
export class NetworkConfigError extends ConfigError {
  constructor(code: ConfigErrorCode, field: string, message: string) {
    super(code, field, message);
    this.name = "NetworkConfigError";
  }
}

/** An input file or stream that cannot be used; `file`, and `line` and `column` (1-based), where known. */
export class InputError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly file: string | undefined;
  constructor(message: string, line?: number, column?: number, file?: string) {
    const at = line === undefined ? [] : column === undefined ? [`line ${line}`] : [`line ${line}, column ${column}`];
    const where = [...(file === undefined ? [] : [file]), ...at].join(", ");
    super(where === "" ? message : `${where}: ${message}`);
    this.name = "InputError";
    this.line = line;
    this.column = column;
    this.file = file;
  }
}
