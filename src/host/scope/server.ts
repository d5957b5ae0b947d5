/**
 * The scope's HTTP and WebSocket server, on 127.0.0.1 only. It serves a fixed table of files (the
 * page, uPlot from its package) and two downloads; no path in a URL ever reaches the filesystem.
 * The page talks over one WebSocket (`ws`): the server sends `hello`, `frame`, `status`, `layer`,
 * `view`, `shown`, `error` and `ended` messages; the page sends what messages.ts accepts.
 */
import { readFileSync } from "node:fs";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo, Socket } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { refusal } from "./guard.ts";
import { MAX_MESSAGE_BYTES, MessageError, type ClientMessage, parseClientMessage } from "./messages.ts";

/** What the server needs from the scope it shows. */
export interface ScopeHandlers {
  /** What a new page gets: `hello` (the layer, the input, the controls), then the recent past. */
  hello(): object[];
  /** Acts on a valid message; resolves with messages for every page, rejects with an error for the sender. */
  handle(message: ClientMessage): Promise<object[]>;
  /** The downloads: `trace.csv` and `figure.svg`, given the request's query. */
  traceCsv(query: URLSearchParams): string;
  figureSvg(query: URLSearchParams): Promise<string>;
  /** Neurons of the layer on the page, and layers to pick from (a network's; 1 for a layer). */
  neurons(): number;
  layers(): number;
}

export interface ScopeServer {
  url: string;
  port: number;
  /** Sends a message to every page. */
  broadcast(message: object): void;
  clients(): number;
  close(): Promise<void>;
}

/** A page that has this much unsent, skips frames until it catches up. */
const SLOW_CLIENT_BYTES = 4 << 20;

const PAGE = join(dirname(fileURLToPath(import.meta.url)), "page");
const UPLOT = join(dirname(createRequire(import.meta.url).resolve("uplot/package.json")), "dist");

const FILES: Record<string, { path: string; type: string }> = {
  "/": { path: join(PAGE, "index.html"), type: "text/html; charset=utf-8" },
  "/scope.js": { path: join(PAGE, "scope.js"), type: "text/javascript; charset=utf-8" },
  "/scope.css": { path: join(PAGE, "scope.css"), type: "text/css; charset=utf-8" },
  "/vendor/uPlot.esm.js": { path: join(UPLOT, "uPlot.esm.js"), type: "text/javascript; charset=utf-8" },
  "/vendor/uPlot.min.css": { path: join(UPLOT, "uPlot.min.css"), type: "text/css; charset=utf-8" },
};

export async function startScopeServer(handlers: ScopeHandlers, port = 0): Promise<ScopeServer> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const http = createServer((req, res) => {
    void serve(req, res, handlers, actualPort());
  });
  const sockets = new Set<Socket>();
  http.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  http.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const why = path === "/ws" ? refusal(req, actualPort(), true) : "no WebSocket here";
    if (why !== undefined) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${why}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => welcome(ws));
  });

  const send = (ws: WebSocket, message: object) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  const broadcast = (message: object) => {
    const text = JSON.stringify(message);
    const frame = (message as { type?: string }).type === "frame";
    for (const ws of wss.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (frame && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      ws.send(text);
    }
  };
  const welcome = (ws: WebSocket) => {
    for (const message of handlers.hello()) send(ws, message);
    ws.on("error", () => undefined); // a too-long message: ws closes with 1009 and says why
    ws.on("message", (data, isBinary) => {
      if (isBinary) return send(ws, { type: "error", message: "expected a text message (JSON)" });
      let message: ClientMessage;
      try {
        message = parseClientMessage(data.toString(), handlers.neurons(), handlers.layers());
      } catch (err) {
        if (!(err instanceof MessageError)) throw err;
        return send(ws, { type: "error", message: `bad message: ${err.message}` });
      }
      handlers.handle(message).then(
        (replies) => replies.forEach(broadcast),
        (err: Error) => send(ws, { type: "error", message: `${message.type}: ${err.message}` }),
      );
    });
  };

  await new Promise<void>((resolve, reject) => {
    http.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`127.0.0.1:${port} is in use (EADDRINUSE). Fix: choose another --port, or 0 for any free one`) : err),
    );
    http.listen(port, "127.0.0.1", () => {
      http.removeAllListeners("error");
      resolve();
    });
  });
  const actualPort = () => (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort()}/`,
    port: actualPort(),
    broadcast,
    clients: () => wss.clients.size,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: ScopeHandlers, port: number): Promise<void> {
  const why = refusal(req, port, false);
  if (why !== undefined) return reply(res, 403, "text/plain; charset=utf-8", `${why}\n`);
  if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, "text/plain; charset=utf-8", "only GET\n");
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
  try {
    if (url.pathname === "/trace.csv") {
      return reply(res, 200, "text/csv; charset=utf-8", handlers.traceCsv(url.searchParams), "trace.csv");
    }
    if (url.pathname === "/figure.svg") {
      return reply(res, 200, "image/svg+xml; charset=utf-8", await handlers.figureSvg(url.searchParams), "figure.svg");
    }
  } catch (err) {
    return reply(res, 400, "text/plain; charset=utf-8", `${(err as Error).message}\n`);
  }
  const file = Object.hasOwn(FILES, url.pathname) ? FILES[url.pathname] : undefined;
  if (file === undefined) return reply(res, 404, "text/plain; charset=utf-8", "not found\n");
  reply(res, 200, file.type, readFileSync(file.path));
}

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer, download?: string): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
    "Referrer-Policy": "no-referrer",
    ...(download === undefined ? {} : { "Content-Disposition": `attachment; filename="${download}"` }),
  });
  res.end(body);
}
