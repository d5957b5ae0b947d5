// Types of tools/nodemcu-limits.mjs, for the tests.
export declare const LIMITS: { locals: number; upvalues: number; syntaxLevels: number; registers: number; constants: number };
export declare class LimitError extends Error {
  readonly file: string;
  readonly line: number;
}
export declare function checkNodeMcuLimits(source: string, file: string, options?: { board?: boolean }): void;
