/** The benchmarks' network: inputs → hidden → outputs Leaky layers with biases (bench/network*.ts). */
import { type NetworkSpec, parseNetworkConfig } from "../src/host/network/config.ts";

/** An inputs → hidden → outputs network of Leaky layers with biases; weights are arbitrary finite numbers. */
export function denseNetwork(inputs: number, hidden: number, outputs: number): NetworkSpec {
  const matrix = (rows: number, cols: number) => Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(i * 7 + j * 3) * 0.5));
  return parseNetworkConfig({
    inputs,
    layers: [
      { kind: "Linear", in: inputs, out: hidden, weight: matrix(hidden, inputs), bias: new Array(hidden).fill(0.1) },
      { kind: "Leaky", neurons: hidden, kwargs: { beta: 0.9 } },
      { kind: "Linear", in: hidden, out: outputs, weight: matrix(outputs, hidden), bias: new Array(outputs).fill(0) },
      { kind: "Leaky", neurons: outputs, kwargs: { beta: 0.8 } },
    ],
  });
}
