/**
 * Who may talk to the scope: only this machine, only through the address it was given, only from
 * its own page. The Host check stops DNS rebinding (another site's name pointed at 127.0.0.1),
 * the Origin check stops another web page from opening the WebSocket and driving the board, and
 * the address check refuses anything that did not come over loopback.
 */
import type { IncomingMessage } from "node:http";

/** Why a request is refused, or undefined when it may go on. */
export function refusal(req: IncomingMessage, port: number, websocket: boolean): string | undefined {
  if (!isLoopback(req.socket.remoteAddress)) return `not a local connection (${req.socket.remoteAddress ?? "unknown address"})`;
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host;
  if (host === undefined || !hosts.includes(host.toLowerCase())) return `Host ${JSON.stringify(host ?? "")} is not ${hosts.join(" or ")}`;
  if (websocket) {
    const origin = req.headers.origin;
    if (origin !== `http://${host.toLowerCase()}`) return `Origin ${JSON.stringify(origin ?? "")} is not this page's (http://${host})`;
  }
  return undefined;
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === "::1" || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address);
}
