/**
 * docs/protocol.md stays true to src/shared/protocol.ts: every operation and error code in the
 * tables of the document has the number the code uses, and every operation the code defines is
 * documented.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DeviceError } from "../../src/shared/codes.ts";
import { Encoding, Op, WireError } from "../../src/shared/protocol.ts";

const DOC = readFileSync(join(import.meta.dirname, "..", "..", "docs", "protocol.md"), "utf8");

// Listed by hand: const enums have no runtime object to enumerate under tsc.
const OPS: Record<string, number> = {
  Hello: Op.Hello, ConfigBegin: Op.ConfigBegin, ConfigParam: Op.ConfigParam, ConfigState: Op.ConfigState,
  ConfigEnd: Op.ConfigEnd, Input: Op.Input, Step: Op.Step, Start: Op.Start, Stop: Op.Stop, Status: Op.Status,
  ResetState: Op.ResetState, BindInput: Op.BindInput, BindOutput: Op.BindOutput, ClearBindings: Op.ClearBindings,
  HelloReply: Op.HelloReply, Ack: Op.Ack, Error: Op.Error, Spikes: Op.Spikes, States: Op.States, StatusReply: Op.StatusReply,
  NetBegin: Op.NetBegin, NetLayer: Op.NetLayer, NetWeights: Op.NetWeights, NetStates: Op.NetStates,
  StreamBegin: Op.StreamBegin, StreamData: Op.StreamData, StreamSync: Op.StreamSync, SetBaud: Op.SetBaud,
  Stepped: Op.Stepped, StreamSpikes: Op.StreamSpikes,
};

/** `| \`0C\` | BindInput |` rows of the document's op tables: name → number. */
function documentedOps(): Map<string, number> {
  const rows = [...DOC.matchAll(/^\| `([0-9A-F]{2})` \| (\w+) \|/gm)];
  return new Map(rows.map((m) => [m[2], parseInt(m[1], 16)]));
}

describe("docs/protocol.md", () => {
  it("documents every operation with the number the code uses, and no other", () => {
    expect(Object.fromEntries(documentedOps())).toEqual(OPS);
  });

  it("lists the wire error codes the code uses", () => {
    const codes: [number, string][] = [
      [WireError.BadChecksum, "bad checksum"], [WireError.UnknownOp, "unknown op"], [WireError.BadLength, "bad length"],
      [WireError.FrameTooLong, "frame too long"], [WireError.NotConfigured, "not configured"], [WireError.Busy, "busy"],
      [WireError.BadEncoding, "bad encoding"], [WireError.InputOverflow, "input overflow"], [WireError.InputMissing, "input missing"],
      [WireError.NoTimer, "no timer"], [WireError.BadTimeStep, "bad time step"], [WireError.BadBinding, "bad binding"],
      [WireError.BindingsFull, "bindings full"], [WireError.BadBaud, "bad baud"],
    ];
    const section = DOC.slice(DOC.indexOf("### Error codes"));
    for (const [code, name] of codes) expect(section.replace(/\s+/g, " ")).toContain(`${code} ${name}`);
    expect(section).toContain(`Codes 1–${DeviceError.NotInteger} are the layer's \`DeviceError\``);
  });

  it("gives every number encoding its id", () => {
    for (const [id, name] of [[Encoding.F64, "F64"], [Encoding.F32, "F32"], [Encoding.F16, "F16"], [Encoding.I32, "I32"], [Encoding.Spike, "Spike"]] as const) {
      expect(DOC).toMatch(new RegExp(`\\| ${name} \\| \`0${id}\` \\|`));
    }
  });
});
