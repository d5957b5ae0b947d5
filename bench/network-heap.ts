/**
 * Heap a network takes on the emulated board (the free heap its StatusReply reports before and
 * after `Device.configureNetwork`), and the largest 4 → H → 4 Leaky network each board holds:
 * H grows until the firmware refuses a layer (BadNeuronCount) or the board runs out.
 *
 *   npm run build && node dist/bench/network-heap.js
 */
import { NodeMcuEmulator, openEmulatorLink } from "../src/emulator/index.ts";
import { Device } from "../src/host/client/device.ts";
import { denseNetwork } from "./network-workload.ts";

interface BoardResult {
  board: string;
  before: number;
  /** Heap taken per hidden size that fitted. */
  used: [number, number][];
  largest: number;
}

async function board(name: string, heapBytes: number, sizes: number[]): Promise<BoardResult> {
  const emulator = await NodeMcuEmulator.create({ heapBytes });
  const device = await Device.open(openEmulatorLink(emulator));
  try {
    const before = (await device.status()).heap;
    const used: [number, number][] = [];
    let largest = 0;
    for (const hidden of sizes) {
      try {
        await device.configureNetwork(denseNetwork(4, hidden, 4));
      } catch {
        break;
      }
      used.push([hidden, before - (await device.status()).heap]);
      largest = hidden;
    }
    return { board: name, before, used, largest };
  } finally {
    await device.close();
    await emulator.close();
  }
}

const results = [
  await board("ESP8266 (44 KiB)", 44 * 1024, [8, 16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256]),
  await board("ESP32 (320 KiB)", 320 * 1024, [32, 64, 128, 192, 256]),
];
for (const r of results) {
  console.log(`${r.board}: free before any network ${r.before} B; largest 4→H→4 Leaky network: H = ${r.largest}`);
  for (const [h, bytes] of r.used) {
    const weights = 4 * h + h * 4 + h + 4;
    console.log(`  4→${h}→4: ${bytes} B (${weights} weights and biases, ${(bytes / weights).toFixed(1)} B per weight including the layers)`);
  }
}
