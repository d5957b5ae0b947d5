/** Uploading the firmware to a NodeMCU board through its Lua prompt (docs/cli.md, "flash"). */
export { type Checksum, checksum } from "./checksum.ts";
export { FlashError, type FlashErrorCode } from "./errors.ts";
/** The firmware as the flash tool uploads it: board file name → contents. */
export { boardFiles, readFirmwareFiles as firmwareFiles } from "../../io/firmware-files.ts";
export { NAME_MAX, checkBoardName } from "./names.ts";
export { type FlashOptions, type FlashProgress, type FlashResult, type FlashedFile, flashFiles, uploadOrder } from "./upload.ts";
export { GET_LUAC_CROSS, type LfsFlashOptions, type LfsFlashResult, type LfsImage, buildLfsImage, findLuacCross, flashLfs, lfsModuleName } from "./lfs.ts";
