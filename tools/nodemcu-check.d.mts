// Types of tools/nodemcu-check.mjs, for the tests and the host.
export declare class NodeMcuCheckError extends Error {}
export declare function luaFiles(dir: string): string[];
export declare function findLuacCross(root: string): { name: string; path: string }[];
export declare function lfsNameClashes(files: string[]): [string, string[]][];
export declare function checkNodeMcuFirmware(options: { root: string; boardFiles: string[]; hostFiles?: string[] }): string;
