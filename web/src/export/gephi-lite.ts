/**
 * "Open in Gephi Lite" over Gephi Lite's broadcast protocol (the one its
 * `@gephi/gephi-lite-broadcast` driver speaks; that package is not on the npm registry, and
 * the protocol is three messages): open `<Gephi Lite>?broadcast=<channel>` in a new tab; the
 * new instance announces itself on that BroadcastChannel with a `newInstance` event; we call
 * its `importGraph` method with a graphology serialised graph; it replies.
 *
 * Browsers confine a BroadcastChannel to one origin, so only a Gephi Lite served from the
 * viewer's origin can receive the graph this way. For any other (the public gephi.org one),
 * `gephiLiteRoute` (settings.ts) says so and the caller hands over a file instead.
 */
import type { SerializedGraph } from "graphology-types";

/** Gephi Lite did not announce itself, or did not take the graph, in time. */
export class GephiLiteTimeoutError extends Error {
  override name = "GephiLiteTimeoutError";
}

/** The messages of the protocol we send and read (Gephi Lite's broadcast types). */
interface EventMessage {
  type: "broadcastMessage";
  payload: { type: "event"; event: string };
}
interface CallMessage {
  id: string;
  type: "broadcastMessage";
  payload: { type: "callMethod"; method: "importGraph"; args: [SerializedGraph] };
}
interface ReplyMessage {
  type: "replyMessage";
  replyTo: string;
  payload?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

function isNewInstance(data: unknown): data is EventMessage {
  return (
    isObject(data) &&
    data.type === "broadcastMessage" &&
    isObject(data.payload) &&
    data.payload.type === "event" &&
    data.payload.event === "newInstance"
  );
}

function isReplyTo(data: unknown, id: string): data is ReplyMessage {
  return isObject(data) && data.type === "replyMessage" && data.replyTo === id;
}

/** A channel name nobody else uses (crypto.randomUUID needs a secure context; this does not). */
function randomName(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface BroadcastOptions {
  timeoutMs: number;
  /** Opens the tab; called synchronously, so a click's user activation still counts. */
  open?: (url: string) => void;
}

/**
 * Opens a same-origin Gephi Lite and sends it `graph`. Resolves once Gephi Lite replied to
 * `importGraph`; rejects with GephiLiteTimeoutError when it stays silent.
 */
export function sendToGephiLite(
  url: URL,
  graph: SerializedGraph | Promise<SerializedGraph>,
  options: BroadcastOptions,
): Promise<void> {
  const name = randomName("notegraph");
  const channel = new BroadcastChannel(name);
  const target = new URL(url);
  target.searchParams.set("broadcast", name);
  // noopener: the new tab gets no handle on the viewer's window.
  const open = options.open ?? ((href: string) => void window.open(href, "_blank", "noopener"));

  const ready = Promise.resolve(graph);
  // Read when Gephi Lite is there; a failure before that is reported then, not as unhandled.
  ready.catch(() => {});

  return new Promise<void>((resolve, reject) => {
    const callId = randomName("import");
    let sent = false;
    const timer = setTimeout(() => {
      finish();
      reject(
        new GephiLiteTimeoutError(
          sent
            ? // Gephi Lite sends no reply when the import throws: silence is all we learn.
              `Gephi Lite did not confirm the import within ${options.timeoutMs / 1000} s.`
            : `Gephi Lite at ${url.href} did not answer within ${options.timeoutMs / 1000} s ` +
                "(was the new tab blocked as a pop-up, or is no Gephi Lite served there?).",
        ),
      );
    }, options.timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      channel.onmessage = null;
      channel.close();
    };
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (!sent && isNewInstance(data)) {
        sent = true;
        // The graph may still be on its way (the tab is opened first, while the click counts).
        ready.then(
          (serialized) => {
            const call: CallMessage = {
              id: callId,
              type: "broadcastMessage",
              payload: { type: "callMethod", method: "importGraph", args: [serialized] },
            };
            channel.postMessage(call);
          },
          (error: unknown) => {
            finish();
            reject(error);
          },
        );
      } else if (sent && isReplyTo(data, callId)) {
        finish();
        resolve();
      }
    };
    open(target.href);
  });
}
