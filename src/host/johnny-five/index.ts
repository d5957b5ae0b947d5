/** johnny-five integration: one connection shared with a spikeloop Device, and host-in-the-loop helpers. */
export {
  connectJohnnyFive, loadJohnnyFive, JohnnyFiveError,
  type JohnnyFiveBoard, type JohnnyFiveConnection, type JohnnyFiveErrorCode, type JohnnyFiveModule, type JohnnyFiveOptions,
} from "./connect.ts";
export { HeldCurrents, sensorToInput, type SensorLike } from "./sensor-input.ts";
export {
  onRate, onSpikes, spikesToLed, spikesToPiezo, spikesToServo,
  type LedBinding, type LedLike, type PiezoLike, type ServoLike,
} from "./spikes-to.ts";
