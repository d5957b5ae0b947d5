/** Uploading the firmware to a NodeMCU board through its Lua prompt (docs/cli.md, "flash"). */
export { type Checksum, checksum } from "./checksum.ts";
export { FlashError, type FlashErrorCode } from "./errors.ts";
export { firmwareFiles } from "./firmware.ts";
export { NAME_MAX, checkBoardName } from "./names.ts";
export { type FlashOptions, type FlashProgress, type FlashResult, type FlashedFile, flashFiles, uploadOrder } from "./upload.ts";
