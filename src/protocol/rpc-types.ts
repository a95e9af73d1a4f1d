// The framing of the host ↔ webview channel: typed descriptors and the JSON envelopes on the wire.
// A descriptor's direction is part of its type, so an endpoint cannot send what only the other side may send.

/** `toHost`: the page sends, the host answers or listens. `toPage`: the host sends, the page listens. */
export type Direction = 'toHost' | 'toPage';

/** A typed request descriptor: the method name, its direction and phantom parameter/result types. */
export interface RequestType<P, R, D extends Direction> {
  readonly kind: 'request';
  readonly method: string;
  readonly direction: D;
  /** Never set; carries the types only. */
  readonly _types?: [P, R];
}

/** A typed notification descriptor (no response). */
export interface NotificationType<P, D extends Direction> {
  readonly kind: 'notification';
  readonly method: string;
  readonly direction: D;
  readonly _types?: [P];
}

/** A request the page sends and the host answers (every request so far goes this way). */
export type PageRequest<P, R> = RequestType<P, R, 'toHost'>;
/** A notification the page sends to the host. */
export type PageNotification<P> = NotificationType<P, 'toHost'>;
/** A notification the host sends to the page. */
export type HostNotification<P> = NotificationType<P, 'toPage'>;

export type AnyRequestType = RequestType<unknown, unknown, Direction>;
export type AnyNotificationType = NotificationType<unknown, Direction>;

export function pageRequest<P, R>(method: string): PageRequest<P, R> {
  return { kind: 'request', method, direction: 'toHost' };
}

export function pageNotification<P>(method: string): PageNotification<P> {
  return { kind: 'notification', method, direction: 'toHost' };
}

export function hostNotification<P>(method: string): HostNotification<P> {
  return { kind: 'notification', method, direction: 'toPage' };
}

export function isRequestType(value: unknown): value is AnyRequestType {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'request'
    && typeof (value as { method?: unknown }).method === 'string';
}

// ---- wire envelopes -------------------------------------------------------------------------

export interface RequestMessage {
  type: 'request';
  id: number;
  method: string;
  params: unknown;
}

export interface ResponseMessage {
  type: 'response';
  id: number;
  result?: unknown;
  /** Set when the handler failed; `result` is then absent. */
  error?: string;
}

export interface NotificationMessage {
  type: 'notification';
  method: string;
  params: unknown;
}

export type WireMessage = RequestMessage | ResponseMessage | NotificationMessage;

export function isWireMessage(value: unknown): value is WireMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'request':
      return typeof v.id === 'number' && typeof v.method === 'string';
    case 'response':
      return typeof v.id === 'number';
    case 'notification':
      return typeof v.method === 'string';
    default:
      return false;
  }
}
